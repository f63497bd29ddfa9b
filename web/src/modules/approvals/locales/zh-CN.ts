/** Chinese strings of the approvals module (default language). en-US.ts has exactly the same keys. */
import journey from './journey.zh-CN.ts';
import cases from './cases.zh-CN.ts';
import verify from './verify.zh-CN.ts';
const zhCN = {
  title: '网上审批',
  journey,
  cases,
  verify,
};

export default zhCN;
