/** Chinese strings of the approvals module (default language). en-US.ts has exactly the same keys. */
import journey from './journey.zh-CN.ts';
import cases from './cases.zh-CN.ts';
import verify from './verify.zh-CN.ts';
import ratings from './ratings.zh-CN.ts';
import disclosure from './disclosure.zh-CN.ts';
import supervision from './supervision.zh-CN.ts';
import catalogue from './catalogue.zh-CN.ts';
import statistics from './statistics.zh-CN.ts';
const zhCN = {
  title: '网上审批',
  ratings,
  disclosure,
  journey,
  cases,
  verify,
  supervision,
  catalogue,
  statistics,
};

export default zhCN;
