/** English strings of the tipoffs module. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const enUS: Messages<typeof zhCN> = {
  title: 'Tip-offs',
};

export default enUS;
