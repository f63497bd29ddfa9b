-- Indexes for approvals at county scale (bench/suites/approvals.ts, 100,000 cases): the window
-- queue reads the oldest waiting cases in order and stops at the limit; the case page looks up
-- each child table by case.
create index cases_waiting on approvals.cases (submitted_at, id) where status in ('submitted', 'resubmitted');
comment on index approvals.cases_waiting is 'Window queue (待受理队列): waiting cases, longest waiting first';
create index case_documents_case on approvals.case_documents (case_id, id);
comment on index approvals.case_documents_case is 'Documents of a case (办件文书), in issue order, for the case page';
create index opinions_case on approvals.opinions (case_id, id);
comment on index approvals.opinions_case is 'Review opinions of a case (审查意见), for the case page';
create index extensions_case on approvals.extensions (case_id);
comment on index approvals.extensions_case is 'Extensions of a case (延期), for the case page and the deadline';
create index warnings_case on approvals.warnings (case_id);
comment on index approvals.warnings_case is 'Warnings of a case (预警), for the scan and the case page';
create index urges_case on approvals.urges (case_id);
comment on index approvals.urges_case is 'Urges of a case (督办)';

-- Row-level security at scale: the same rule as approvals.visible(), with the scope and the
-- user read once per statement (an initplan) instead of parsed from the setting on every row.
-- Statistics and queues scan many case rows; this made the per-row check ~10 µs → ~0.
alter policy cases_read on approvals.cases using (
  org_path <@ (select platform.current_scopes())
  or (applicant_user_id is not null and applicant_user_id = (select platform.current_user_id())));
