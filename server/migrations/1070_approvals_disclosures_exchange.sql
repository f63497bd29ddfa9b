-- 审批结果公示 crosses intranet → internet (exchange kind approvals.disclosure): the internet side
-- holds the disclosure of a walk-in case it never saw, so case_id may be null there; the case
-- number identifies a disclosure on both sides (idempotent apply).
alter table approvals.disclosures alter column case_id drop not null;
comment on column approvals.disclosures.case_id is 'The decided case (办件); null on the internet side for a case decided on the intranet that never crossed (walk-in)';
create unique index disclosures_case_no on approvals.disclosures (case_no);
