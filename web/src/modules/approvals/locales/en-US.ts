/** English strings of the approvals module. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const enUS: Messages<typeof zhCN> = {
  title: 'Online approvals',
};

export default enUS;
