/**
 * The portal module's public surface (CONTRACTS §2): other modules index their public documents
 * and hand over articles through these, inside their own transaction.
 */
export { createPortalService, type PortalService, type PortalDeps } from './portal.service.ts';
export { portalPublicRoutes, type PortalPublicRouteOptions } from './public.routes.ts';
export { portalServicePages, type PortalServicePagesOptions, type PublicServicesSource } from './public-services.routes.ts';
export { portalStaffRoutes, type PortalStaffRouteOptions } from './staff.routes.ts';
export { indexPublicDocument, removePublicDocument, type PublicDocument } from './search.service.ts';
export { sanitizeArticleHtml } from './sanitize.ts';
export { registerLinkCheckJobs } from './link-check.ts';
export type { PortalTables } from './portal.tables.ts';
export { seedDemoPortal } from './portal.demo.ts';

import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import { createArticlesService } from './articles.service.ts';

/**
 * A module hands a text to the portal as an article awaiting review (编辑→审核→签发) in the
 * nearest site's first column of the kind. Bound to the audit service in app.ts:
 * `submitArticle: portalSubmitArticle(audit)`.
 */
export function portalSubmitArticle(audit: AuditService) {
  const articles = createArticlesService({ audit });
  return (trx: Tx, actor: ActingUser, input: { divisionCode: string; columnKind: 'notice' | 'news'; title: string; bodyHtml: string; source: string }) =>
    articles.submitArticle(trx, actor, input);
}
