-- Statistics direct reporting (统计直报): report forms as data (报表, 指标, 审核公式), versions,
-- which units report which forms, periods with their windows, the units' reports with values,
-- submission revisions, review comments on cells, reopenings and reminders.
--
-- Row-level security: a report and its values belong to the reporting unit (org_path). The unit
-- itself writes values (org_path is one of the current scopes, exactly); the levels above read
-- them through their subtree scope but never write them (国家统计局"四条红线": 上级不得代填代改).
create schema statistics;
comment on schema statistics is 'Statistics direct reporting (统计直报)';
grant usage on schema statistics to sunland_app;

create or replace function statistics.is_own(p ltree) returns boolean
  language sql stable parallel safe as
$$ select p = any(platform.current_scopes()) $$;
comment on function statistics.is_own(ltree) is 'True when the path is exactly one of the current scopes: the acting unit itself, not a level above (本单位)';
grant execute on function statistics.is_own(ltree) to sunland_app;

create table statistics.forms (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Z][A-Z0-9_-]{1,19}$'),
  table_no text not null check (length(table_no) between 1 and 40),
  name text not null check (length(name) between 2 and 100),
  name_en text,
  authority text not null,
  approval_no text,
  valid_until date,
  period_type text not null check (period_type in ('monthly', 'quarterly', 'half_yearly', 'yearly')),
  window_days int not null default 10 check (window_days between 1 and 90),
  remind_days int not null default 3 check (remind_days between 0 and 30),
  simplified text,
  created_at timestamptz not null default now()
);
comment on table statistics.forms is 'Report forms (统计报表): the header of the printed form; the body is in form_versions';
comment on column statistics.forms.id is 'Surrogate key';
comment on column statistics.forms.code is 'Short machine code of the form (DHIS2 dataSet), e.g. TDGY';
comment on column statistics.forms.table_no is 'Form number as printed (表号)';
comment on column statistics.forms.name is 'Form title (表名)';
comment on column statistics.forms.name_en is 'English title for the en-US UI';
comment on column statistics.forms.authority is 'Issuing authority (制定机关)';
comment on column statistics.forms.approval_no is 'Approval number of the statistics bureau (批准文号)';
comment on column statistics.forms.valid_until is 'Approval valid until (有效期至)';
comment on column statistics.forms.period_type is 'Reporting period (报告期): monthly 月报 / quarterly 季报 / half_yearly 半年报 / yearly 年报';
comment on column statistics.forms.window_days is 'Calendar days the window stays open after the period ends (报送期限, e.g. 10 = 1st–10th)';
comment on column statistics.forms.remind_days is 'Days before the deadline a unit that has not submitted is reminded (催报)';
comment on column statistics.forms.simplified is 'Where the seeded form is simplified against the published one (简化说明); null = as published';
comment on column statistics.forms.created_at is 'When registered';
grant select, insert, update on statistics.forms to sunland_app;

create table statistics.form_versions (
  id bigint generated always as identity primary key,
  form_id bigint not null references statistics.forms(id),
  version int not null check (version >= 1),
  definition jsonb not null,
  note text,
  created_at timestamptz not null default now(),
  created_by bigint,
  unique (form_id, version)
);
comment on table statistics.form_versions is 'Versions of a form''s body (表式版本): rows, columns, computed cells, checks; a period keeps the version it opened with';
comment on column statistics.form_versions.id is 'Surrogate key';
comment on column statistics.form_versions.form_id is 'The form';
comment on column statistics.form_versions.version is 'Version number, 1, 2, …';
comment on column statistics.form_versions.definition is 'Rows (指标), columns (分组), computed cells (计算公式), blank cells and checks (审核公式), as JSON';
comment on column statistics.form_versions.note is 'What changed (修订说明)';
comment on column statistics.form_versions.created_at is 'When made';
comment on column statistics.form_versions.created_by is 'Who made it';
grant select, insert on statistics.form_versions to sunland_app;

create table statistics.assignments (
  id bigint generated always as identity primary key,
  form_id bigint not null references statistics.forms(id),
  org_path ltree not null,
  division_code text not null,
  unit_name text not null,
  valid_from date not null default '2000-01-01',
  valid_to date,
  check (valid_to is null or valid_to > valid_from)
);
comment on table statistics.assignments is 'Reporting units of a form (报送单位), effective-dated: a merged county stops, the new district starts';
comment on column statistics.assignments.id is 'Surrogate key';
comment on column statistics.assignments.form_id is 'The form';
comment on column statistics.assignments.org_path is 'The reporting unit''s scope path (its bureau path)';
comment on column statistics.assignments.division_code is 'Division the unit reports for (统计区划), GB/T 2260';
comment on column statistics.assignments.unit_name is 'Reporting unit name (填报单位)';
comment on column statistics.assignments.valid_from is 'First day the unit reports this form';
comment on column statistics.assignments.valid_to is 'Day it stopped (撤并); null while current';
create index assignments_form on statistics.assignments (form_id, valid_from);
create index assignments_path on statistics.assignments using gist (org_path);
grant select, insert, update on statistics.assignments to sunland_app;
alter table statistics.assignments enable row level security;
alter table statistics.assignments force row level security;
create policy assignments_rw on statistics.assignments for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table statistics.periods (
  id bigint generated always as identity primary key,
  form_id bigint not null references statistics.forms(id),
  period text not null,
  version_id bigint not null references statistics.form_versions(id),
  starts_on date not null,
  ends_on date not null,
  opens_on date not null,
  due_on date not null,
  created_at timestamptz not null default now(),
  unique (form_id, period),
  check (due_on >= opens_on)
);
comment on table statistics.periods is 'Opened reporting periods (报告期) of a form, with the version they keep and the window';
comment on column statistics.periods.id is 'Surrogate key';
comment on column statistics.periods.form_id is 'The form';
comment on column statistics.periods.period is 'Period code: 202611, 2026Q3, 2026S1, 2026';
comment on column statistics.periods.version_id is 'Form version this period was opened with (it keeps it)';
comment on column statistics.periods.starts_on is 'First day of the period';
comment on column statistics.periods.ends_on is 'Last day of the period; the hierarchy valid on this day rolls it up';
comment on column statistics.periods.opens_on is 'Window opens (报送开始)';
comment on column statistics.periods.due_on is 'Last day of the window (报送截止); the window locks after it';
comment on column statistics.periods.created_at is 'When opened';
grant select, insert on statistics.periods to sunland_app;

create table statistics.reports (
  id bigint generated always as identity primary key,
  period_id bigint not null references statistics.periods(id),
  form_id bigint not null references statistics.forms(id),
  org_path ltree not null,
  division_code text not null,
  unit_name text not null,
  status text not null default 'draft' check (status in ('draft', 'submitted', 'returned', 'accepted')),
  revision int not null default 0,
  explanations jsonb not null default '{}',
  responsible_person text,
  statistician text,
  phone text,
  first_submitted_at timestamptz,
  submitted_at timestamptz,
  submitted_by bigint,
  reviewed_at timestamptz,
  reviewed_by bigint,
  accepted_at timestamptz,
  accepted_by bigint,
  reopened_until date,
  reopen_reason text,
  updated_at timestamptz not null default now(),
  unique (period_id, org_path)
);
comment on table statistics.reports is 'A unit''s report of a form for a period (报表填报): state and sign-off';
comment on column statistics.reports.id is 'Surrogate key';
comment on column statistics.reports.period_id is 'The period';
comment on column statistics.reports.form_id is 'The form';
comment on column statistics.reports.org_path is 'Reporting unit scope (填报单位); the level above reviews it';
comment on column statistics.reports.division_code is 'Division reported for, as at the period (统计区划); earlier periods stay under it after a merge';
comment on column statistics.reports.unit_name is 'Reporting unit name as at the period';
comment on column statistics.reports.status is 'draft 填报中 / submitted 已上报待审核 / returned 已退回 / accepted 审核通过';
comment on column statistics.reports.revision is 'Number of submissions so far (上报次数); the revisions table keeps each';
comment on column statistics.reports.explanations is 'Explanations of soft-check failures (上报说明) by check key';
comment on column statistics.reports.responsible_person is 'Unit head who signs off (单位负责人)';
comment on column statistics.reports.statistician is 'Statistician who signs off (统计负责人/填表人)';
comment on column statistics.reports.phone is 'Contact phone (联系电话)';
comment on column statistics.reports.first_submitted_at is 'First submission; timeliness (及时率) is judged on it';
comment on column statistics.reports.submitted_at is 'Last submission';
comment on column statistics.reports.submitted_by is 'Who submitted last';
comment on column statistics.reports.reviewed_at is 'Last review (审核)';
comment on column statistics.reports.reviewed_by is 'Reviewer at the level above';
comment on column statistics.reports.accepted_at is 'When accepted (审核通过)';
comment on column statistics.reports.accepted_by is 'Who accepted';
comment on column statistics.reports.reopened_until is 'Window reopened for this unit until this day (重新开放), by the level above';
comment on column statistics.reports.reopen_reason is 'Why it was reopened';
comment on column statistics.reports.updated_at is 'Last change';
create index reports_path on statistics.reports using gist (org_path);
create index reports_period on statistics.reports (period_id, status);
grant select, insert, update on statistics.reports to sunland_app;
alter table statistics.reports enable row level security;
alter table statistics.reports force row level security;
-- The report row (state, sign-off) is read and moved in the subtree: the unit submits, the level
-- above reviews or reopens. Its values are guarded by report_values' own-unit policies below.
-- (select …) makes the scope an InitPlan evaluated once per statement, not once per row (roll-ups read 300k rows).
create policy reports_rw on statistics.reports for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));

create table statistics.report_values (
  report_id bigint not null references statistics.reports(id),
  org_path ltree not null,
  cell text not null check (cell ~ '^[A-Za-z0-9_]{1,20}\.[A-Za-z0-9_]{1,20}$'),
  value numeric not null,
  source text not null default 'entered' check (source in ('entered', 'excel', 'api', 'derived')),
  source_ref text,
  updated_at timestamptz not null default now(),
  updated_by bigint,
  primary key (report_id, cell)
);
comment on table statistics.report_values is 'Entered values of a report (填报数据), one per cell; computed cells are not stored';
comment on column statistics.report_values.report_id is 'The report';
comment on column statistics.report_values.org_path is 'Reporting unit scope, the report''s';
comment on column statistics.report_values.cell is 'Cell ROW.COL (指标代码.栏次)';
comment on column statistics.report_values.value is 'The value';
comment on column statistics.report_values.source is 'entered 手工填报 / excel Excel导入 / api 接口报送 / derived 由业务系统生成';
comment on column statistics.report_values.source_ref is 'For a derived value: which module and query gave it';
comment on column statistics.report_values.updated_at is 'Last change';
comment on column statistics.report_values.updated_by is 'Who changed it';
create index report_values_path on statistics.report_values using gist (org_path);
grant select, insert, update, delete on statistics.report_values to sunland_app;
alter table statistics.report_values enable row level security;
alter table statistics.report_values force row level security;
-- 上级不得代填代改: writes only by the unit itself, reads in the subtree.
create policy report_values_read on statistics.report_values for select to sunland_app using (org_path <@ (select platform.current_scopes()));
create policy report_values_insert on statistics.report_values for insert to sunland_app with check (statistics.is_own(org_path));
create policy report_values_update on statistics.report_values for update to sunland_app
  using (statistics.is_own(org_path)) with check (statistics.is_own(org_path));
create policy report_values_delete on statistics.report_values for delete to sunland_app using (statistics.is_own(org_path));

create table statistics.revisions (
  id bigint generated always as identity primary key,
  report_id bigint not null references statistics.reports(id),
  org_path ltree not null,
  revision int not null,
  "values" jsonb not null,
  explanations jsonb not null,
  check_report jsonb not null,
  responsible_person text not null,
  statistician text not null,
  submitted_at timestamptz not null default now(),
  submitted_by bigint,
  unique (report_id, revision)
);
comment on table statistics.revisions is 'Each submission of a report as it was (上报版本), for the diff between versions';
comment on column statistics.revisions.id is 'Surrogate key';
comment on column statistics.revisions.report_id is 'The report';
comment on column statistics.revisions.org_path is 'Reporting unit scope';
comment on column statistics.revisions.revision is 'Submission number 1, 2, …';
comment on column statistics.revisions."values" is 'Cell values as submitted';
comment on column statistics.revisions.explanations is 'Explanations (上报说明) as submitted';
comment on column statistics.revisions.check_report is 'The check report (审核报告) at submission';
comment on column statistics.revisions.responsible_person is 'Unit head who signed (单位负责人)';
comment on column statistics.revisions.statistician is 'Statistician who signed (统计负责人)';
comment on column statistics.revisions.submitted_at is 'When submitted';
comment on column statistics.revisions.submitted_by is 'Who submitted';
grant select, insert on statistics.revisions to sunland_app;
alter table statistics.revisions enable row level security;
alter table statistics.revisions force row level security;
create policy revisions_read on statistics.revisions for select to sunland_app using (platform.in_scope(org_path));
create policy revisions_insert on statistics.revisions for insert to sunland_app with check (statistics.is_own(org_path));

create table statistics.events (
  id bigint generated always as identity primary key,
  report_id bigint not null references statistics.reports(id),
  org_path ltree not null,
  kind text not null check (kind in ('submitted', 'returned', 'accepted', 'reopened')),
  revision int not null,
  actor_id bigint,
  actor_name text,
  comment text,
  cell_comments jsonb not null default '[]',
  at timestamptz not null default now()
);
comment on table statistics.events is 'What happened to a report (流转记录): submitted, returned with comments on cells, accepted, reopened';
comment on column statistics.events.id is 'Surrogate key';
comment on column statistics.events.report_id is 'The report';
comment on column statistics.events.org_path is 'Reporting unit scope';
comment on column statistics.events.kind is 'submitted 上报 / returned 退回 / accepted 审核通过 / reopened 重新开放';
comment on column statistics.events.revision is 'Submission the event concerns';
comment on column statistics.events.actor_id is 'Who';
comment on column statistics.events.actor_name is 'Their name as shown then';
comment on column statistics.events.comment is 'Overall comment or reason (审核意见/原因)';
comment on column statistics.events.cell_comments is 'Comments on cells [{cell, comment}] (单元格批注)';
comment on column statistics.events.at is 'When';
grant select, insert on statistics.events to sunland_app;
alter table statistics.events enable row level security;
alter table statistics.events force row level security;
create policy events_rw on statistics.events for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table statistics.reminders (
  period_id bigint not null references statistics.periods(id),
  org_path ltree not null,
  sent_at timestamptz not null default now(),
  primary key (period_id, org_path)
);
comment on table statistics.reminders is 'Reminders sent before the deadline (催报记录), one per unit and period';
comment on column statistics.reminders.period_id is 'The period';
comment on column statistics.reminders.org_path is 'The unit reminded';
comment on column statistics.reminders.sent_at is 'When';
grant select, insert on statistics.reminders to sunland_app;
