/** Display names of server codes shared by the public and the workbench pages. */
import type { TFunction } from 'i18next';

export const departmentName = (t: TFunction, d: string) => t(`approvals.journey.departments.${d}`, { defaultValue: d });
export const statusName = (t: TFunction, s: string) => t(`approvals.journey.status.${s}`, { defaultValue: s });
export const documentKindName = (t: TFunction, k: string) => t(`approvals.journey.documentKinds.${k}`, { defaultValue: k });
export const eventName = (t: TFunction, k: string, fallback?: string) => t(`approvals.journey.events.${k}`, { defaultValue: fallback ?? k });

export const STATUS_COLOR: Record<string, string> = {
  submitted: 'blue', resubmitted: 'blue', supplement_requested: 'orange', in_review: 'processing', pending_decision: 'purple',
  decided: 'green', completed: 'green', refused: 'red', withdrawn: 'default',
};
