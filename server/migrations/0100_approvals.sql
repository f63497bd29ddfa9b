-- Online approvals (网上审批 / 政务服务): the matter catalogue (事项) with immutable versions,
-- cases (办件) with their materials, supplement requests (一次性告知), review stages and
-- opinions (并联审批), clock stops (特殊环节/补正), extensions (延期), the timeline, and the
-- electronic supervision (电子监察) warnings and urges (督办).
--
-- Row-level security: every case table carries org_path (the handling bureau's path) and the
-- applicant's user id; staff see rows in their scope, a public applicant sees their own cases.
create schema approvals;
comment on schema approvals is 'Online approvals (网上审批/政务服务)';
grant usage on schema approvals to sunland_app;

-- Staff scope, or the logged-in applicant of the row.
create or replace function approvals.visible(p_org_path ltree, p_applicant bigint) returns boolean
  language sql stable parallel safe as
$$ select platform.in_scope(p_org_path) or (p_applicant is not null and p_applicant = platform.current_user_id()) $$;
comment on function approvals.visible(ltree, bigint) is 'RLS rule of case rows: inside the actor''s scope (数据权限) or the actor is the applicant (申请人本人)';
grant execute on function approvals.visible(ltree, bigint) to sunland_app;

create table approvals.settings (
  org_path ltree primary key,
  case_no_pattern text not null default '{division}{yyyymmdd}{serial5}'
    check (case_no_pattern ~ '\{serial[3-9]\}'),
  warn_days int not null default 2 check (warn_days between 0 and 30),
  warn_ratio numeric(3,2) not null default 0.80 check (warn_ratio > 0 and warn_ratio <= 1),
  deemed_accept_days int not null default 5 check (deemed_accept_days between 1 and 30),
  updated_at timestamptz not null default now(),
  updated_by bigint
);
comment on table approvals.settings is 'Approval settings of a subtree (审批参数); the nearest ancestor row applies, code defaults when none';
comment on column approvals.settings.org_path is 'Subtree the settings apply to (适用范围)';
comment on column approvals.settings.case_no_pattern is 'Case-number pattern (办件编号规则): {division} {yyyy} {mm} {dd} {yyyymmdd} and {serialN} (N digits, daily per division)';
comment on column approvals.settings.warn_days is 'Yellow warning (预警) when at most this many working days remain';
comment on column approvals.settings.warn_ratio is 'Yellow warning (预警) when this share of the limit is used';
comment on column approvals.settings.deemed_accept_days is 'Working days after receipt after which a case without notice counts as accepted (行政许可法 art. 32: 5)';
comment on column approvals.settings.updated_at is 'Last change';
comment on column approvals.settings.updated_by is 'User who changed it last';
grant select, insert, update on approvals.settings to sunland_app;
alter table approvals.settings enable row level security;
create policy settings_read on approvals.settings for select to sunland_app using (true);
create policy settings_insert on approvals.settings for insert to sunland_app with check (platform.in_scope(org_path));
create policy settings_update on approvals.settings for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.matters (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9-]{4,60}$'),
  org_path ltree not null,
  org_unit_id bigint not null,
  current_version_id bigint,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table approvals.matters is 'Service matters (政务服务事项) of the catalogue; their content lives in immutable versions';
comment on column approvals.matters.id is 'Surrogate key';
comment on column approvals.matters.code is 'Matter code (事项编码), e.g. 520304-XK-00001';
comment on column approvals.matters.org_path is 'Path of the bureau that owns the matter (实施机关)';
comment on column approvals.matters.org_unit_id is 'Owning bureau (实施机关), an org unit';
comment on column approvals.matters.current_version_id is 'The version new cases start with (现行版本)';
comment on column approvals.matters.active is 'False when the matter no longer takes applications (停用)';
comment on column approvals.matters.created_at is 'When the matter was created';
grant select, insert, update on approvals.matters to sunland_app;
alter table approvals.matters enable row level security;
-- The catalogue is public (办事指南); only the owning subtree edits it.
create policy matters_read on approvals.matters for select to sunland_app using (true);
create policy matters_insert on approvals.matters for insert to sunland_app with check (platform.in_scope(org_path));
create policy matters_update on approvals.matters for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.matter_versions (
  id bigint generated always as identity primary key,
  matter_id bigint not null references approvals.matters(id),
  version int not null check (version > 0),
  org_path ltree not null,
  name text not null check (length(name) between 2 and 100),
  type text not null check (type in ('行政许可', '行政确认', '公共服务', '其他')),
  implementing_level text not null check (implementing_level in ('province', 'city', 'county', 'township')),
  department text not null,
  legal_basis text not null,
  conditions text not null,
  materials jsonb not null check (jsonb_typeof(materials) = 'array'),
  form jsonb not null check (jsonb_typeof(form) = 'array'),
  fees text not null,
  statutory_days int not null check (statutory_days between 1 and 365),
  promised_days int not null check (promised_days between 1 and 365),
  counter_visits int not null check (counter_visits between 0 and 5),
  complex boolean not null default false,
  flow jsonb not null check (jsonb_typeof(flow) = 'array'),
  note text,
  created_at timestamptz not null default now(),
  created_by bigint,
  unique (matter_id, version),
  check (promised_days <= statutory_days)
);
comment on table approvals.matter_versions is 'Immutable versions of a matter (事项版本): editing makes a new one, a case keeps the version it started with';
comment on column approvals.matter_versions.id is 'Surrogate key';
comment on column approvals.matter_versions.matter_id is 'The matter (事项)';
comment on column approvals.matter_versions.version is 'Version number, 1, 2, …';
comment on column approvals.matter_versions.org_path is 'Owning bureau path, copied from the matter for RLS';
comment on column approvals.matter_versions.name is 'Matter name (事项名称), the statutory name';
comment on column approvals.matter_versions.type is 'Matter type (事项类型): 行政许可, 行政确认, 公共服务, 其他';
comment on column approvals.matter_versions.implementing_level is 'Implementing level (实施层级): province, city, county, township';
comment on column approvals.matter_versions.department is 'Handling department label shown in the guide (承办机构)';
comment on column approvals.matter_versions.legal_basis is 'Legal basis (设定和实施依据), highest rank first';
comment on column approvals.matter_versions.conditions is 'Acceptance conditions (申请条件)';
comment on column approvals.matter_versions.materials is 'Materials list (申请材料): [{key, name, required, original|copy, pages, kind file|eform, sampleFileId?, note?}]';
comment on column approvals.matter_versions.form is 'E-form fields (电子表单): [{key, label, type text|number|date|select|textarea, required, options?, max?}]';
comment on column approvals.matter_versions.fees is 'Fees and their basis (收费标准), e.g. 不收费';
comment on column approvals.matter_versions.statutory_days is 'Statutory limit in working days (法定办结时限)';
comment on column approvals.matter_versions.promised_days is 'Promised limit in working days (承诺办结时限); supervision measures against it';
comment on column approvals.matter_versions.counter_visits is 'Visits to the service hall needed (到现场次数)';
comment on column approvals.matter_versions.complex is 'Complex matter: 40-minute window standard instead of 20 (复杂事项)';
comment on column approvals.matter_versions.flow is 'Flow (办理流程) as data: [{key, name, kind single|parallel, departments[], rule all_agree|any_refuse, limitDays, pausesClock}]';
comment on column approvals.matter_versions.note is 'Why this version was made (修订说明)';
comment on column approvals.matter_versions.created_at is 'When the version was made';
comment on column approvals.matter_versions.created_by is 'User who made it';
-- Immutable: the application may add versions, never change one.
grant select, insert on approvals.matter_versions to sunland_app;
alter table approvals.matter_versions enable row level security;
create policy matter_versions_read on approvals.matter_versions for select to sunland_app using (true);
create policy matter_versions_insert on approvals.matter_versions for insert to sunland_app with check (platform.in_scope(org_path));
alter table approvals.matters add foreign key (current_version_id) references approvals.matter_versions(id);

create table approvals.case_numbers (
  division_code text not null,
  day date not null,
  last_serial int not null check (last_serial >= 0),
  primary key (division_code, day)
);
comment on table approvals.case_numbers is 'Last case serial (办件流水号) per division and day; taken under the row lock of the submitting transaction, so serials are gapless';
comment on column approvals.case_numbers.division_code is 'Division of the handling bureau (区划代码)';
comment on column approvals.case_numbers.day is 'Day in China Standard Time';
comment on column approvals.case_numbers.last_serial is 'Last serial used that day; a rolled-back submission gives its serial back';
grant select, insert, update on approvals.case_numbers to sunland_app;

create table approvals.cases (
  id bigint generated always as identity primary key,
  case_no text not null unique,
  matter_id bigint not null references approvals.matters(id),
  matter_version_id bigint not null references approvals.matter_versions(id),
  org_path ltree not null,
  org_unit_id bigint not null,
  division_code text not null,
  applicant_user_id bigint,
  applicant_kind text not null check (applicant_kind in ('person', 'company')),
  applicant_name text not null,
  applicant_id_number text not null,
  applicant_phone text not null,
  contact_name text,
  channel text not null check (channel in ('online', 'walk_in')),
  form_data jsonb not null default '{}',
  status text not null check (status in (
    'submitted', 'supplement_requested', 'resubmitted', 'refused', 'in_review',
    'pending_decision', 'decided', 'completed', 'withdrawn')),
  decision text check (decision in ('granted', 'denied')),
  row_version int not null default 1,
  submitted_at timestamptz not null default now(),
  received_on date not null,
  check_started_at timestamptz,
  accepted_at timestamptz,
  accepted_on date,
  accepted_by bigint,
  deemed_accepted boolean not null default false,
  accept_seconds int,
  accept_over_standard boolean,
  refused_at timestamptz,
  refusal_reason text,
  promised_days int not null,
  statutory_days int not null,
  extension_days int not null default 0,
  paused_days int not null default 0,
  paused_since date,
  due_date date,
  warn_level text not null default 'green' check (warn_level in ('green', 'yellow', 'red')),
  current_stage int,
  decided_at timestamptz,
  decided_on date,
  decided_by bigint,
  decision_reason text,
  completed_at timestamptz,
  delivery text check (delivery in ('pickup', 'post', 'electronic')),
  withdrawn_at timestamptz,
  workdays_used int,
  updated_at timestamptz not null default now()
);
comment on table approvals.cases is 'Cases (办件): one application from submission to result';
comment on column approvals.cases.id is 'Surrogate key';
comment on column approvals.cases.case_no is 'Case number (办件编号), printed on receipts; the key for tracking and ratings';
comment on column approvals.cases.matter_id is 'The matter (事项)';
comment on column approvals.cases.matter_version_id is 'The matter version the case started with (事项版本)';
comment on column approvals.cases.org_path is 'Path of the handling bureau (受理机关): the RLS scope of the case';
comment on column approvals.cases.org_unit_id is 'Handling bureau (受理机关)';
comment on column approvals.cases.division_code is 'Division of the handling bureau, leads the case number';
comment on column approvals.cases.applicant_user_id is 'Public account that applied online (申请人账号); null for walk-in without account';
comment on column approvals.cases.applicant_kind is 'person (自然人, 身份证号) or company (法人, 统一社会信用代码)';
comment on column approvals.cases.applicant_name is 'Applicant name (申请人)';
comment on column approvals.cases.applicant_id_number is 'ID number or unified social credit code (证件号码); shown masked, full view audited';
comment on column approvals.cases.applicant_phone is 'Mobile number for SMS (联系电话)';
comment on column approvals.cases.contact_name is 'Contact person of a company (联系人)';
comment on column approvals.cases.channel is 'online (网上申请) or walk_in (窗口申请)';
comment on column approvals.cases.form_data is 'E-form values (表单数据), validated against the version''s form';
comment on column approvals.cases.status is 'State: submitted, supplement_requested, resubmitted, refused, in_review, pending_decision, decided, completed, withdrawn';
comment on column approvals.cases.decision is 'granted (准予许可) or denied (不予许可), once decided';
comment on column approvals.cases.row_version is 'Optimistic version, incremented by every transition';
comment on column approvals.cases.submitted_at is 'When the application arrived (提交时间)';
comment on column approvals.cases.received_on is 'Day the (last) materials were received (收件日期), start of the 5-day notice window';
comment on column approvals.cases.check_started_at is 'When the window started the formal check (开始审核材料), for the time-to-accept';
comment on column approvals.cases.accepted_at is 'When the case was accepted (受理时间)';
comment on column approvals.cases.accepted_on is 'Acceptance day (受理日期): the deadline clock starts the next working day';
comment on column approvals.cases.accepted_by is 'Clerk who accepted (受理人); null when deemed accepted';
comment on column approvals.cases.deemed_accepted is 'Accepted by law because no notice came within 5 working days (视为受理, 行政许可法 art. 32)';
comment on column approvals.cases.accept_seconds is 'Time to accept in seconds (受理用时)';
comment on column approvals.cases.accept_over_standard is 'Time to accept exceeded the standard: 20 min simple, 40 min complex (超时受理)';
comment on column approvals.cases.refused_at is 'When the case was refused (不予受理)';
comment on column approvals.cases.refusal_reason is 'Reason of refusal (不予受理理由)';
comment on column approvals.cases.promised_days is 'Promised limit in working days, copied from the version (承诺时限)';
comment on column approvals.cases.statutory_days is 'Statutory limit in working days, copied from the version (法定时限)';
comment on column approvals.cases.extension_days is 'Approved extensions in working days (延期天数)';
comment on column approvals.cases.paused_days is 'Working days the clock stood still in closed stops (暂停天数)';
comment on column approvals.cases.paused_since is 'Day the open clock stop began (暂停开始), null while the clock runs';
comment on column approvals.cases.due_date is 'Due date (承诺办结日期) as last computed';
comment on column approvals.cases.warn_level is 'Supervision light (电子监察): green, yellow (预警/黄牌), red (红牌)';
comment on column approvals.cases.current_stage is 'Index of the active review stage (当前环节)';
comment on column approvals.cases.decided_at is 'When the leader decided (审批决定时间)';
comment on column approvals.cases.decided_on is 'Day of the decision (办结日期)';
comment on column approvals.cases.decided_by is 'Leader who decided (审批人)';
comment on column approvals.cases.decision_reason is 'Reasons of the decision (决定理由)';
comment on column approvals.cases.completed_at is 'When the result was handed over (办结/送达)';
comment on column approvals.cases.delivery is 'How the result was delivered: pickup (窗口领取), post (邮寄), electronic (电子证照)';
comment on column approvals.cases.withdrawn_at is 'When the applicant withdrew (撤回)';
comment on column approvals.cases.workdays_used is 'Working days used from acceptance to decision, clock stops excluded (实际用时)';
comment on column approvals.cases.updated_at is 'Last change';
create index cases_org_path on approvals.cases using gist (org_path);
create index cases_status on approvals.cases (status, submitted_at);
create index cases_applicant on approvals.cases (applicant_user_id) where applicant_user_id is not null;
create index cases_open_due on approvals.cases (due_date) where status in ('in_review', 'pending_decision', 'supplement_requested');
grant select, insert, update on approvals.cases to sunland_app;
alter table approvals.cases enable row level security;
create policy cases_read on approvals.cases for select to sunland_app using (approvals.visible(org_path, applicant_user_id));
create policy cases_insert on approvals.cases for insert to sunland_app with check (approvals.visible(org_path, applicant_user_id));
create policy cases_update on approvals.cases for update to sunland_app
  using (approvals.visible(org_path, applicant_user_id)) with check (approvals.visible(org_path, applicant_user_id));

-- The child tables repeat org_path and applicant_user_id so their policies need no join.
create table approvals.case_materials (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  applicant_user_id bigint,
  material_key text not null,
  file_id uuid not null,
  round int not null check (round >= 0),
  uploaded_by bigint,
  created_at timestamptz not null default now()
);
comment on table approvals.case_materials is 'Files handed in for a case (申请材料), per material key and round (0 = application, n = nth supplement)';
comment on column approvals.case_materials.id is 'Surrogate key';
comment on column approvals.case_materials.case_id is 'The case (办件)';
comment on column approvals.case_materials.org_path is 'Handling bureau path (RLS)';
comment on column approvals.case_materials.applicant_user_id is 'Applicant account (RLS)';
comment on column approvals.case_materials.material_key is 'Key of the material in the version''s list (材料编号)';
comment on column approvals.case_materials.file_id is 'The upload in files.uploads (no FK across schemas)';
comment on column approvals.case_materials.round is '0 for the application, n for the nth supplement round (补正轮次)';
comment on column approvals.case_materials.uploaded_by is 'User who handed it in';
comment on column approvals.case_materials.created_at is 'When it was handed in';
create index case_materials_case on approvals.case_materials (case_id);
grant select, insert on approvals.case_materials to sunland_app;
alter table approvals.case_materials enable row level security;
create policy case_materials_read on approvals.case_materials for select to sunland_app using (approvals.visible(org_path, applicant_user_id));
create policy case_materials_insert on approvals.case_materials for insert to sunland_app with check (approvals.visible(org_path, applicant_user_id));

create table approvals.supplement_requests (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  applicant_user_id bigint,
  round int not null check (round > 0),
  phase text not null check (phase in ('acceptance', 'review')),
  items jsonb not null check (jsonb_typeof(items) = 'array' and jsonb_array_length(items) > 0),
  note text,
  requested_at timestamptz not null default now(),
  requested_by bigint,
  answered_at timestamptz,
  document_id bigint,
  unique (case_id, round)
);
comment on table approvals.supplement_requests is 'One-time supplement notices (一次性告知/补正通知): every missing or deficient material at once';
comment on column approvals.supplement_requests.id is 'Surrogate key';
comment on column approvals.supplement_requests.case_id is 'The case (办件)';
comment on column approvals.supplement_requests.org_path is 'Handling bureau path (RLS)';
comment on column approvals.supplement_requests.applicant_user_id is 'Applicant account (RLS)';
comment on column approvals.supplement_requests.round is 'Supplement round (补正轮次), 1, 2, …';
comment on column approvals.supplement_requests.phase is 'acceptance (受理前补正) or review (审查中补正, clock stopped)';
comment on column approvals.supplement_requests.items is 'Listed materials: [{key, name, reason}] (需补正材料及理由)';
comment on column approvals.supplement_requests.note is 'Further guidance to the applicant (补正说明)';
comment on column approvals.supplement_requests.requested_at is 'When the notice was issued';
comment on column approvals.supplement_requests.requested_by is 'Clerk or reviewer who issued it';
comment on column approvals.supplement_requests.answered_at is 'When the applicant handed in every listed item (补正完成)';
comment on column approvals.supplement_requests.document_id is 'The 补正材料通知书 in documents.documents';
grant select, insert, update on approvals.supplement_requests to sunland_app;
alter table approvals.supplement_requests enable row level security;
create policy supplement_requests_read on approvals.supplement_requests for select to sunland_app using (approvals.visible(org_path, applicant_user_id));
create policy supplement_requests_insert on approvals.supplement_requests for insert to sunland_app with check (approvals.visible(org_path, applicant_user_id));
create policy supplement_requests_update on approvals.supplement_requests for update to sunland_app
  using (approvals.visible(org_path, applicant_user_id)) with check (approvals.visible(org_path, applicant_user_id));

create table approvals.case_stages (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  idx int not null check (idx >= 0),
  key text not null,
  name text not null,
  kind text not null check (kind in ('single', 'parallel')),
  rule text not null check (rule in ('all_agree', 'any_refuse')),
  departments text[] not null,
  limit_days int not null check (limit_days between 0 and 365),
  pauses_clock boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'active', 'passed', 'failed')),
  started_at timestamptz,
  started_on date,
  due_date date,
  paused_days int not null default 0,
  completed_at timestamptz,
  warn_level text not null default 'green' check (warn_level in ('green', 'yellow', 'red')),
  unique (case_id, idx)
);
comment on table approvals.case_stages is 'Review stages of a case (办理环节), copied from the version''s flow at acceptance';
comment on column approvals.case_stages.id is 'Surrogate key';
comment on column approvals.case_stages.case_id is 'The case (办件)';
comment on column approvals.case_stages.org_path is 'Handling bureau path (RLS)';
comment on column approvals.case_stages.idx is 'Order of the stage, 0-based';
comment on column approvals.case_stages.key is 'Stage key from the flow';
comment on column approvals.case_stages.name is 'Stage name (环节名称)';
comment on column approvals.case_stages.kind is 'single (单一审查) or parallel (并联审查)';
comment on column approvals.case_stages.rule is 'Completion rule: all_agree (全部同意) or any_refuse (一票否决)';
comment on column approvals.case_stages.departments is 'Department labels that give an opinion (会审科室), relative to the handling bureau; bureau = the bureau itself';
comment on column approvals.case_stages.limit_days is 'Stage limit in working days (环节时限)';
comment on column approvals.case_stages.pauses_clock is 'A special step (特殊环节) not counted in the case limit: hearing, expert review, public notice, on-site inspection';
comment on column approvals.case_stages.status is 'pending, active, passed or failed';
comment on column approvals.case_stages.started_at is 'When the stage became active';
comment on column approvals.case_stages.started_on is 'Day the stage became active';
comment on column approvals.case_stages.due_date is 'Stage due date (环节到期日)';
comment on column approvals.case_stages.paused_days is 'Working days the stage clock stood still';
comment on column approvals.case_stages.completed_at is 'When the stage completed';
comment on column approvals.case_stages.warn_level is 'Stage supervision light: green, yellow, red';
grant select, insert, update on approvals.case_stages to sunland_app;
alter table approvals.case_stages enable row level security;
create policy case_stages_all on approvals.case_stages for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.opinions (
  id bigint generated always as identity primary key,
  stage_id bigint not null references approvals.case_stages(id),
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  department text not null,
  verdict text not null check (verdict in ('agree', 'disagree')),
  comment text not null,
  user_id bigint not null,
  post_id bigint,
  created_at timestamptz not null default now(),
  unique (stage_id, department)
);
comment on table approvals.opinions is 'Review opinions (审查意见), one per department and stage';
comment on column approvals.opinions.id is 'Surrogate key';
comment on column approvals.opinions.stage_id is 'The stage (环节)';
comment on column approvals.opinions.case_id is 'The case (办件)';
comment on column approvals.opinions.org_path is 'Handling bureau path (RLS)';
comment on column approvals.opinions.department is 'Department label of the reviewer''s post (审查科室)';
comment on column approvals.opinions.verdict is 'agree (同意) or disagree (不同意)';
comment on column approvals.opinions.comment is 'Opinion text (审查意见)';
comment on column approvals.opinions.user_id is 'Reviewer (审查人)';
comment on column approvals.opinions.post_id is 'Post the reviewer acted in (岗位)';
comment on column approvals.opinions.created_at is 'When the opinion was recorded';
grant select, insert on approvals.opinions to sunland_app;
alter table approvals.opinions enable row level security;
create policy opinions_all on approvals.opinions for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.clock_stops (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  stage_id bigint references approvals.case_stages(id),
  kind text not null check (kind in ('supplement', 'hearing', 'expert_review', 'public_notice', 'on_site_inspection', 'other')),
  reason text not null,
  started_at timestamptz not null default now(),
  started_on date not null,
  started_by bigint,
  ended_at timestamptz,
  ended_on date,
  ended_by bigint,
  workdays int check (workdays >= 0)
);
comment on table approvals.clock_stops is 'Clock stops (特殊环节/暂停计时): time not counted in the limit (行政许可法 art. 45)';
comment on column approvals.clock_stops.id is 'Surrogate key';
comment on column approvals.clock_stops.case_id is 'The case (办件)';
comment on column approvals.clock_stops.org_path is 'Handling bureau path (RLS)';
comment on column approvals.clock_stops.stage_id is 'Stage during which the clock stopped, if any';
comment on column approvals.clock_stops.kind is 'supplement (补正), hearing (听证), expert_review (专家评审), public_notice (公示), on_site_inspection (现场勘查), other';
comment on column approvals.clock_stops.reason is 'Reason told to the applicant (暂停理由)';
comment on column approvals.clock_stops.started_at is 'When the clock stopped';
comment on column approvals.clock_stops.started_on is 'Day the clock stopped';
comment on column approvals.clock_stops.started_by is 'Who stopped it';
comment on column approvals.clock_stops.ended_at is 'When the clock ran again';
comment on column approvals.clock_stops.ended_on is 'Day the clock ran again';
comment on column approvals.clock_stops.ended_by is 'Who resumed it';
comment on column approvals.clock_stops.workdays is 'Working days after started_on up to and including ended_on (暂停工作日数)';
create index clock_stops_case on approvals.clock_stops (case_id);
create unique index clock_stops_one_open on approvals.clock_stops (case_id) where ended_at is null;
grant select, insert, update on approvals.clock_stops to sunland_app;
alter table approvals.clock_stops enable row level security;
create policy clock_stops_all on approvals.clock_stops for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.extensions (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  days int not null check (days between 1 and 30),
  reason text not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  requested_at timestamptz not null default now(),
  requested_by bigint,
  decided_at timestamptz,
  decided_by bigint,
  decision_note text
);
comment on table approvals.extensions is 'Extensions (延期办理, 行政许可法 art. 42: up to 10 working days with the head''s approval, reason told to the applicant)';
comment on column approvals.extensions.id is 'Surrogate key';
comment on column approvals.extensions.case_id is 'The case (办件)';
comment on column approvals.extensions.org_path is 'Handling bureau path (RLS)';
comment on column approvals.extensions.days is 'Working days asked for (延期天数)';
comment on column approvals.extensions.reason is 'Reason, told to the applicant by SMS (延期理由)';
comment on column approvals.extensions.status is 'pending, approved (批准) or rejected (不批准)';
comment on column approvals.extensions.requested_at is 'When it was asked for';
comment on column approvals.extensions.requested_by is 'Who asked';
comment on column approvals.extensions.decided_at is 'When the leader decided';
comment on column approvals.extensions.decided_by is 'Leader who approved or rejected';
comment on column approvals.extensions.decision_note is 'Leader''s note';
grant select, insert, update on approvals.extensions to sunland_app;
alter table approvals.extensions enable row level security;
create policy extensions_all on approvals.extensions for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.case_events (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  applicant_user_id bigint,
  at timestamptz not null default now(),
  kind text not null,
  actor_user_id bigint,
  actor_name text,
  public boolean not null default true,
  details jsonb not null default '{}'
);
comment on table approvals.case_events is 'Timeline of a case (办理过程); public rows are shown to the applicant when tracking';
comment on column approvals.case_events.id is 'Surrogate key';
comment on column approvals.case_events.case_id is 'The case (办件)';
comment on column approvals.case_events.org_path is 'Handling bureau path (RLS)';
comment on column approvals.case_events.applicant_user_id is 'Applicant account (RLS)';
comment on column approvals.case_events.at is 'When it happened';
comment on column approvals.case_events.kind is 'Event: submitted, accepted, supplement_requested, resubmitted, refused, stage_started, opinion, stage_passed, stage_failed, paused, resumed, extension_requested, extension_approved, extension_rejected, decided, completed, withdrawn, urged';
comment on column approvals.case_events.actor_user_id is 'Who acted; null for the system';
comment on column approvals.case_events.actor_name is 'Display name of who acted';
comment on column approvals.case_events.public is 'Shown to the applicant (公开给申请人)';
comment on column approvals.case_events.details is 'Facts of the event';
create index case_events_case on approvals.case_events (case_id, id);
grant select, insert on approvals.case_events to sunland_app;
alter table approvals.case_events enable row level security;
create policy case_events_read on approvals.case_events for select to sunland_app
  using (platform.in_scope(org_path) or (public and applicant_user_id is not null and applicant_user_id = platform.current_user_id()));
create policy case_events_insert on approvals.case_events for insert to sunland_app with check (approvals.visible(org_path, applicant_user_id));

create table approvals.case_documents (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  applicant_user_id bigint,
  document_id bigint not null unique,
  kind text not null,
  doc_no text not null,
  created_at timestamptz not null default now()
);
comment on table approvals.case_documents is 'Documents issued for a case (办件文书): receipt, acceptance, supplement, refusal, decision, licence';
comment on column approvals.case_documents.id is 'Surrogate key';
comment on column approvals.case_documents.case_id is 'The case (办件)';
comment on column approvals.case_documents.org_path is 'Handling bureau path (RLS)';
comment on column approvals.case_documents.applicant_user_id is 'Applicant account (RLS)';
comment on column approvals.case_documents.document_id is 'The document in documents.documents';
comment on column approvals.case_documents.kind is 'Document kind (文书种类)';
comment on column approvals.case_documents.doc_no is 'Document number (文号)';
comment on column approvals.case_documents.created_at is 'When it was issued';
grant select, insert on approvals.case_documents to sunland_app;
alter table approvals.case_documents enable row level security;
create policy case_documents_read on approvals.case_documents for select to sunland_app using (approvals.visible(org_path, applicant_user_id));
create policy case_documents_insert on approvals.case_documents for insert to sunland_app with check (approvals.visible(org_path, applicant_user_id));

create table approvals.warnings (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  stage_id bigint references approvals.case_stages(id),
  level text not null check (level in ('yellow', 'red')),
  due_date date not null,
  raised_at timestamptz not null default now(),
  cleared_at timestamptz,
  details jsonb not null default '{}'
);
comment on table approvals.warnings is 'Electronic-supervision warnings (电子监察: 预警/黄牌, 红牌), per case or per stage; raised by the scan job';
comment on column approvals.warnings.id is 'Surrogate key';
comment on column approvals.warnings.case_id is 'The case (办件)';
comment on column approvals.warnings.org_path is 'Handling bureau path (RLS)';
comment on column approvals.warnings.stage_id is 'The stage for a stage warning (环节预警); null for the whole case';
comment on column approvals.warnings.level is 'yellow (预警/黄牌) or red (红牌)';
comment on column approvals.warnings.due_date is 'The due date the warning measured against';
comment on column approvals.warnings.raised_at is 'When the scan raised it';
comment on column approvals.warnings.cleared_at is 'When it stopped applying (case decided, stage completed, deadline moved)';
comment on column approvals.warnings.details is 'Facts: remaining and used working days';
create unique index warnings_one_open on approvals.warnings (case_id, coalesce(stage_id, 0), level) where cleared_at is null;
create index warnings_org_path on approvals.warnings using gist (org_path);
grant select, insert, update on approvals.warnings to sunland_app;
alter table approvals.warnings enable row level security;
create policy warnings_all on approvals.warnings for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.urges (
  id bigint generated always as identity primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  warning_id bigint references approvals.warnings(id),
  message text not null,
  urged_by bigint not null,
  urged_at timestamptz not null default now(),
  recipients bigint[] not null default '{}'
);
comment on table approvals.urges is 'Urges (督办) by supervisors, sent in-app to the handlers';
comment on column approvals.urges.id is 'Surrogate key';
comment on column approvals.urges.case_id is 'The case (办件)';
comment on column approvals.urges.org_path is 'Handling bureau path (RLS)';
comment on column approvals.urges.warning_id is 'The warning that prompted it, if any';
comment on column approvals.urges.message is 'Instruction (督办意见)';
comment on column approvals.urges.urged_by is 'Supervisor (督办人)';
comment on column approvals.urges.urged_at is 'When';
comment on column approvals.urges.recipients is 'User ids notified';
grant select, insert on approvals.urges to sunland_app;
alter table approvals.urges enable row level security;
create policy urges_all on approvals.urges for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
