/** English strings of the approvals module. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';
import journey from './journey.en-US.ts';
import cases from './cases.en-US.ts';
import verify from './verify.en-US.ts';

import ratings from './ratings.en-US.ts';
import disclosure from './disclosure.en-US.ts';
import supervision from './supervision.en-US.ts';
import catalogue from './catalogue.en-US.ts';
import statistics from './statistics.en-US.ts';
const enUS: Messages<typeof zhCN> = {
  title: 'Online approvals',
  ratings,
  disclosure,
  journey,
  cases,
  verify,
  supervision,
  catalogue,
  statistics,
  todos: {
    accept: 'Applications to accept', review: 'Opinions due from your department', decide: 'Decisions to make', extensions: 'Extension requests to approve',
    deliver: 'Decided cases to deliver', red: 'Red cards (overdue cases)', yellow: 'Yellow warnings (due soon)', rectify: 'Bad ratings to rectify',
  },
};

export default enUS;
