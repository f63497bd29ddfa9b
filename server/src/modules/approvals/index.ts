export { createApprovalsService, type ApprovalsService } from './approvals.service.ts';
export { approvalsRoutes, type ApprovalsRouteOptions } from './approvals.routes.ts';
export { seedDemoApprovals, DEMO_MATTERS } from './matters.seed.ts';
export { seedDemoCasesOnFirstStart, DEFAULT_DEMO_CASES } from './demo-cases.ts';
export { computeDeadline, chinaDay, type Deadline } from './deadlines.ts';
export type { ApprovalsDeps } from './approvals.deps.ts';
export type { ApprovalsTables } from './approvals.tables.ts';
export type { CaseRef, MaterialFile, AttachDocument } from './case-files.ts';
export { maskPersonName, publicApplicantName } from './disclosure.ts';
