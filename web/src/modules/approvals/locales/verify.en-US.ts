/** English strings of the document verification page: the same keys as verify.zh-CN.ts. */
import type verifyZh from './verify.zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const verify: Messages<typeof verifyZh> = {
  title: 'Document verification', notFound: 'No document has this code; the code may be wrong', status: 'Status',
  statuses: { valid: 'Valid', revoked: 'Revoked', superseded: 'Superseded' },
  docNo: 'Document number', kind: 'Kind', docTitle: 'Title', issuer: 'Issued by', issuedAt: 'Issued at', sha256: 'SHA-256 digest', size: 'Size', bytes: '{{count}} bytes',
  uploadTitle: 'Verify a file', uploadIntro: 'Upload the PDF you received: its digest is compared with the registered documents to confirm it is exactly the one issued, unaltered.',
  choose: 'Choose a PDF file', match: 'The file is exactly the registered document', noMatch: 'No registered document matches this file; it may have been altered',
};

export default verify;
