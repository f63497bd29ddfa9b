/** English strings of the exchange page. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const enUS: Messages<typeof zhCN> = {
  nav: { channels: 'Network exchange' },
  title: 'Exchange between internet and intranet',
  site: 'This site: {{site}} ({{role}})',
  roles: { internet: 'internet side', intranet: 'government intranet', all: 'single site (no exchange)' },
  noPeers: 'No peer site is registered yet. On the server run npm run exchange -- peer add <peer card>.',
  channel: 'Channel: {{peer}}',
  sentSeq: 'Last sequence sent',
  receivedSeq: 'Last sequence received',
  pending: 'Records awaiting receipt',
  delivered: 'Records delivered',
  rejected: 'Records rejected',
  receiptsOwed: 'Receipts to send back',
  peerLog: 'Peer transparency log size',
  lastActivity: 'Last exchange',
  export: 'Export package',
  exported: 'Package {{seq}} exported ({{records}} records)',
  import: 'Import package',
  importHint: 'Choose a package file: it is checked and dry-run first (nothing written), then applied when you confirm.',
  dryRun: 'Dry run: package {{seq}} from {{peer}}',
  apply: 'Apply',
  applied: 'Package {{seq}} applied',
  history: 'History',
  pendingRecords: 'Records awaiting receipt',
  rejectedRecords: 'Rejected records',
  col: { at: 'Time', direction: 'Direction', seq: 'Sequence', records: 'Records', files: 'Files', bytes: 'Bytes', reason: 'Refusal reason', kind: 'Kind', id: 'Record', version: 'Version', status: 'Result' },
  directions: { sent: 'Exported', received: 'Imported', refused: 'Refused' },
  statuses: { pending: 'Awaiting receipt', applied: 'Applied', unchanged: 'Unchanged', rejected: 'Rejected' },
  reasons: {
    'not-a-package': 'Not a package', truncated: 'Truncated', misaddressed: 'Wrong recipient', tampered: 'Tampered or not decryptable',
    'bad-signature': 'Bad signature', 'unknown-sender': 'Unknown sender', expired: 'Expired', replayed: 'Replayed',
    'out-of-order': 'Out of order (skipped)', 'chain-broken': 'Chain broken', 'log-shrunk': 'Peer log did not only grow', 'certificate-refused': 'Sender certificate refused',
  },
  none: 'None',
};
export default enUS;
