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
  todos: {
    accept: '待受理的申请', review: '待本部门出具审查意见', decide: '待作出审批决定', extensions: '待审批的延期申请',
    deliver: '已决定待送达', red: '红牌（已超期）办件', yellow: '预警（临近期限）办件', rectify: '待整改的差评',
  },
};

export default zhCN;
