export { createApprovalsService, type ApprovalsService } from './approvals.service.ts';
export { approvalsRoutes, type ApprovalsRouteOptions } from './approvals.routes.ts';
export { seedDemoApprovals, DEMO_MATTERS } from './matters.seed.ts';
export { seedDemoCasesOnFirstStart, DEFAULT_DEMO_CASES } from './demo-cases.ts';
export { computeDeadline, chinaDay, type Deadline } from './deadlines.ts';
export type { ApprovalsDeps } from './approvals.deps.ts';
export type { ApprovalsTables } from './approvals.tables.ts';
export type { CaseRef, MaterialFile, AttachDocument } from './case-files.ts';
export { maskPersonName, publicApplicantName } from './disclosure.ts';
export { approvalsPerformance, disclosureRequestFigures, DISCLOSURE_REQUEST_MATTER, type ApprovalsCountyMonth, type DisclosureRequestFigures } from './open-figures.ts';
export { websiteServiceFigures, type WebsiteServiceFigures } from './open-figures.ts'; // 办事服务 rows of the portal's yearly 政府网站工作年度报表
export { createApprovalsExchangeKinds, APPLICATION_CASE_COLUMNS, DECISION_CASE_COLUMNS } from './exchange-kinds.ts';
export { countDecided, type DecidedQuery } from './counts.ts';
export { listMatters, getMatter } from './matters.ts'; // the portal's server-rendered 办事指南 (/services)
export { listDisclosures, type DisclosureQuery } from './disclosure.ts'; // the portal's server-rendered 审批结果公示 (/disclosure)
