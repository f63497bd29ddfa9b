export {
  createDocumentService, type DocumentService, type DocumentKind, type IssueInput, type IssuedDocument,
  type PublicDocument, DOCUMENT_KINDS, APPEAL_NOTICE, formatDocNo, defaultShortName, sha256Hex,
} from './documents.service.ts';
export type { DocumentBody } from './documents.render.ts';
export type { DocumentBlobStore } from './documents.store.ts';
export { createDiskBlobStore } from './documents.store.ts';
export { documentsRoutes } from './documents.routes.ts';
