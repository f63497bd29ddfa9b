-- Indexes of the case list (执法案件台账) at 200,000 cases (bench/suites/enforcement.ts): the list is
-- ordered by created_at desc, id desc; filtered by status (待立案审批, 调查取证 …) or by warning colour
-- (黄灯/红灯, the to-do links) it reads these in order instead of sorting every matching row.
create index cases_status_created on enforcement.cases (status, created_at desc, id desc);
create index cases_warn_created on enforcement.cases (warn_level, created_at desc, id desc) where warn_level <> 'green';
