-- Enforcement cases (执法监察 / 行政处罚案件): a case opened from tip-offs, satellite patches,
-- inspections (巡查), transfers (移送) or by hand; its sources (one case may cover several at one
-- place); the stage clocks in working days; the investigation records (询问笔录, 现场勘验笔录 …);
-- the penalty discretion baselines (处罚裁量基准); the public penalty disclosures (双公示); the
-- per-bureau settings (stage limits, thresholds, disclosure days).
--
-- Row-level security: a case and everything that follows it carry the handling county bureau's
-- org_path; another county sees nothing. Baselines are read by every staff member (they are
-- public law) and written inside the writer's scope. Disclosures are public to read.
create schema enforcement;
comment on schema enforcement is 'Enforcement cases (执法监察 行政处罚案件)';
grant usage on schema enforcement to sunland_app;

create table enforcement.settings (
  org_path ltree primary key,
  stage_days jsonb not null default '{}',
  warn_days int not null default 2 check (warn_days between 0 and 20),
  disclosure_days int not null default 7 check (disclosure_days between 1 and 60),
  review_fine_person numeric(14,2) not null default 10000 check (review_fine_person >= 0),
  review_fine_company numeric(14,2) not null default 100000 check (review_fine_company >= 0),
  hearing_fine_person numeric(14,2) not null default 10000 check (hearing_fine_person >= 0),
  hearing_fine_company numeric(14,2) not null default 100000 check (hearing_fine_company >= 0),
  updated_at timestamptz not null default now(),
  updated_by bigint
);
comment on table enforcement.settings is 'Enforcement settings of a subtree (执法办案参数); the nearest ancestor row applies, code defaults when none';
comment on column enforcement.settings.org_path is 'Subtree the settings apply to (适用范围)';
comment on column enforcement.settings.stage_days is 'Working-day limit per stage (各环节时限), merged over the code defaults: filing 立案, investigation 调查取证, review 案件审理, notice 告知, decision 处罚决定, execution 执行, closing 结案';
comment on column enforcement.settings.warn_days is 'Yellow warning (黄灯预警) when at most this many working days remain';
comment on column enforcement.settings.disclosure_days is 'Working days within which a penalty decision is published (双公示时限), 7 by default';
comment on column enforcement.settings.review_fine_person is 'Fine on a person from which legal review (法制审核) is mandatory (元)';
comment on column enforcement.settings.review_fine_company is 'Fine on a company from which legal review (法制审核) is mandatory (元)';
comment on column enforcement.settings.hearing_fine_person is 'Fine on a person from which the party may ask for a hearing (听证, 较大数额罚款) (元)';
comment on column enforcement.settings.hearing_fine_company is 'Fine on a company from which the party may ask for a hearing (听证, 较大数额罚款) (元)';
comment on column enforcement.settings.updated_at is 'When last changed';
comment on column enforcement.settings.updated_by is 'Who last changed it';
grant select, insert, update on enforcement.settings to sunland_app;

create table enforcement.case_sequences (
  org_path ltree not null,
  year int not null,
  last int not null default 0,
  primary key (org_path, year)
);
comment on table enforcement.case_sequences is 'Last case number per county bureau and year (案件编号计数)';
comment on column enforcement.case_sequences.org_path is 'County bureau';
comment on column enforcement.case_sequences.year is 'Year (China Standard Time)';
comment on column enforcement.case_sequences.last is 'Last number given';
grant select, insert, update on enforcement.case_sequences to sunland_app;
alter table enforcement.case_sequences enable row level security;
alter table enforcement.case_sequences force row level security;
create policy case_sequences_rw on enforcement.case_sequences for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table enforcement.cases (
  id bigint generated always as identity primary key,
  case_no text not null unique,
  org_path ltree not null,
  org_unit_id bigint not null references orgs.org_units(id),
  division_code text not null check (division_code ~ '^\d{6}(\d{3})?$'),
  status text not null default 'proposed' check (status in (
    'proposed', 'not_filed', 'transferred', 'investigating', 'reviewing', 'reviewed', 'notified', 'hearing',
    'decided', 'executing', 'closed')),
  stage text check (stage in ('filing', 'investigation', 'review', 'notice', 'decision', 'execution', 'closing')),
  stage_started_on date,
  stage_due_date date,
  clock_paused_on date,
  warn_level text not null default 'green' check (warn_level in ('green', 'yellow', 'red')),
  title text not null check (length(title) between 2 and 200),
  summary text not null check (length(summary) between 2 and 4000),
  violation_kind text,
  party_kind text check (party_kind in ('person', 'company')),
  party_name text,
  party_id_number text,
  party_address text,
  lon double precision,
  lat double precision,
  geometry jsonb,
  facts jsonb not null default '{}',
  proposal jsonb,
  departure_reason text,
  review_required boolean,
  hearing_eligible boolean,
  filed_by bigint,
  filed_at timestamptz,
  filed_on date,
  decision_due_date date,
  not_filed_reason text,
  transferred_to text,
  transfer_reason text,
  review_by bigint,
  review_opinion text,
  review_departure_approved boolean,
  reviewed_at timestamptz,
  notice_served_on date,
  defence_due_date date,
  hearing_request_due date,
  hearing_requested_on date,
  hearing_held_on date,
  hearing_paused_days int not null default 0,
  defence_text text,
  decided_by bigint,
  decided_at timestamptz,
  decided_on date,
  penalty jsonb,
  legal_basis text,
  fine_amount numeric(14,2),
  fine_paid numeric(14,2) not null default 0,
  demolished_m2 numeric(14,2) not null default 0,
  land_returned_m2 numeric(14,2) not null default 0,
  confiscated boolean not null default false,
  court_applied_on date,
  disclosure_due_date date,
  closed_by bigint,
  closed_at timestamptz,
  close_note text,
  row_version int not null default 1,
  created_at timestamptz not null default now(),
  created_by bigint,
  updated_at timestamptz not null default now(),
  check (status <> 'not_filed' or not_filed_reason is not null),
  check (status <> 'transferred' or (transferred_to is not null and transfer_reason is not null)),
  check (status <> 'closed' or closed_by is not null)
);
comment on table enforcement.cases is 'Enforcement cases (行政处罚案件): 立案 → 调查取证 → 案件审理 → 告知 → 处罚决定 → 执行 → 结案';
comment on column enforcement.cases.id is 'Surrogate key';
comment on column enforcement.cases.case_no is 'Case number (案件编号), ZF + county code + year + sequence';
comment on column enforcement.cases.org_path is 'Handling county bureau (承办机关) scope';
comment on column enforcement.cases.org_unit_id is 'Handling bureau (documents are issued in its name)';
comment on column enforcement.cases.division_code is 'Place of the violation (违法行为发生地), GB/T 2260 county or township';
comment on column enforcement.cases.status is 'proposed 待立案审批 / not_filed 不予立案 / transferred 已移送 / investigating 调查取证 / reviewing 案件审理 / reviewed 审理完毕 / notified 已告知 / hearing 听证中 / decided 已作出处罚决定 / executing 执行中 / closed 已结案';
comment on column enforcement.cases.stage is 'Running stage clock: filing 立案 / investigation 调查取证 / review 案件审理 / notice 告知 / decision 处罚决定 / execution 执行 / closing 结案';
comment on column enforcement.cases.stage_started_on is 'When the running stage started';
comment on column enforcement.cases.stage_due_date is 'Due date of the running stage (working days)';
comment on column enforcement.cases.clock_paused_on is 'Set while a hearing (听证) stops the clock';
comment on column enforcement.cases.warn_level is 'green / yellow 黄灯预警 / red 红灯超期, set by the deadline scan';
comment on column enforcement.cases.title is 'Case title (案由), e.g. 某公司非法占用土地案';
comment on column enforcement.cases.summary is 'The facts in brief (违法事实摘要)';
comment on column enforcement.cases.violation_kind is 'Violation kind of the discretion baselines (违法行为类型)';
comment on column enforcement.cases.party_kind is 'Party (当事人): person 自然人 / company 法人或其他组织';
comment on column enforcement.cases.party_name is 'Party name (当事人名称或姓名)';
comment on column enforcement.cases.party_id_number is 'ID number or credit code (身份证号/统一社会信用代码); never published for a person';
comment on column enforcement.cases.party_address is 'Address (住所); never published for a person';
comment on column enforcement.cases.lon is 'Longitude of the place (CGCS2000)';
comment on column enforcement.cases.lat is 'Latitude of the place (CGCS2000)';
comment on column enforcement.cases.geometry is 'GeoJSON geometry of the place (lon/lat)';
comment on column enforcement.cases.facts is 'Facts deciding the band (裁量情节): areaM2, croplandM2, basicFarmlandM2, landClass, fitsPlan, rectified, mineralValue, illegalGains';
comment on column enforcement.cases.proposal is 'Calculator proposal (裁量建议): band, range, amount, rule and sources applied';
comment on column enforcement.cases.departure_reason is 'Reason for a penalty outside the band (偏离裁量基准理由)';
comment on column enforcement.cases.review_required is 'Legal review (法制审核) mandatory: above the thresholds or a departure';
comment on column enforcement.cases.hearing_eligible is 'The party may ask for a hearing (听证): above the thresholds';
comment on column enforcement.cases.filed_by is 'Leader who approved the filing (立案审批人)';
comment on column enforcement.cases.filed_at is 'When filed';
comment on column enforcement.cases.filed_on is 'Filing date (立案日期)';
comment on column enforcement.cases.decision_due_date is 'The decision is due 90 days after filing (行政处罚法 第六十条)';
comment on column enforcement.cases.not_filed_reason is 'Reason of 不予立案';
comment on column enforcement.cases.transferred_to is 'Body the case was transferred to (移送机关): 公安机关, 纪检监察机关 …';
comment on column enforcement.cases.transfer_reason is 'Reason of the transfer (移送理由)';
comment on column enforcement.cases.review_by is 'Legal reviewer (法制审核人)';
comment on column enforcement.cases.review_opinion is 'Legal review opinion (审理意见)';
comment on column enforcement.cases.review_departure_approved is 'The legal review signed off the departure from the band';
comment on column enforcement.cases.reviewed_at is 'When reviewed';
comment on column enforcement.cases.notice_served_on is 'Date the 行政处罚告知书 was served (送达)';
comment on column enforcement.cases.defence_due_date is 'Last day to state a defence (陈述申辩期限)';
comment on column enforcement.cases.hearing_request_due is 'Last day to ask for a hearing (听证申请期限), 5 days after the notice';
comment on column enforcement.cases.hearing_requested_on is 'When the party asked for a hearing';
comment on column enforcement.cases.hearing_held_on is 'When the hearing was held (听证日期)';
comment on column enforcement.cases.hearing_paused_days is 'Working days the hearing stopped the clock';
comment on column enforcement.cases.defence_text is 'The party''s statement and defence (陈述申辩意见)';
comment on column enforcement.cases.decided_by is 'Leader who decided (处罚决定人)';
comment on column enforcement.cases.decided_at is 'When decided';
comment on column enforcement.cases.decided_on is 'Decision date (处罚决定日期)';
comment on column enforcement.cases.penalty is 'The penalty decided (处罚内容): fine, confiscation, demolition, restoring';
comment on column enforcement.cases.legal_basis is 'Legal basis (法律依据)';
comment on column enforcement.cases.fine_amount is 'Fine decided (罚款金额, 元)';
comment on column enforcement.cases.fine_paid is 'Fine paid so far (已缴罚款, 元)';
comment on column enforcement.cases.demolished_m2 is 'Buildings demolished (已拆除面积, m²)';
comment on column enforcement.cases.land_returned_m2 is 'Land returned (已退还土地面积, m²)';
comment on column enforcement.cases.confiscated is 'Buildings confiscated (已没收)';
comment on column enforcement.cases.court_applied_on is 'Applied to the court for compulsory execution (申请法院强制执行)';
comment on column enforcement.cases.disclosure_due_date is 'The decision must be public by this date (双公示期限)';
comment on column enforcement.cases.closed_by is 'Leader who signed off the closing (结案审批人)';
comment on column enforcement.cases.closed_at is 'When closed';
comment on column enforcement.cases.close_note is 'Closing remarks (结案意见)';
comment on column enforcement.cases.row_version is 'Optimistic version: of two simultaneous actions one fails';
comment on column enforcement.cases.created_at is 'When opened';
comment on column enforcement.cases.created_by is 'Who opened it (null: a system source)';
comment on column enforcement.cases.updated_at is 'Last change';
create index cases_org_path on enforcement.cases using gist (org_path);
create index cases_status on enforcement.cases (status, id desc);
create index cases_created on enforcement.cases (created_at desc, id desc);
grant select, insert, update on enforcement.cases to sunland_app;
alter table enforcement.cases enable row level security;
alter table enforcement.cases force row level security;
create policy cases_rw on enforcement.cases for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table enforcement.sources (
  id bigint generated always as identity primary key,
  case_id bigint not null references enforcement.cases(id),
  org_path ltree not null,
  kind text not null check (kind in ('tipoff', 'patch', 'inspection', 'transfer', 'manual')),
  source_id text,
  ref text not null check (length(ref) between 1 and 100),
  summary text not null,
  details jsonb not null default '{}',
  attachments jsonb not null default '[]',
  added_at timestamptz not null default now(),
  added_by bigint
);
comment on table enforcement.sources is 'Where a case came from (案件来源); one case may cover several sources at one place';
comment on column enforcement.sources.id is 'Surrogate key';
comment on column enforcement.sources.case_id is 'The case';
comment on column enforcement.sources.org_path is 'Scope, the case''s';
comment on column enforcement.sources.kind is 'tipoff 举报 / patch 卫片图斑 / inspection 巡查发现 / transfer 其他机关移送 / manual 其他';
comment on column enforcement.sources.source_id is 'Id in the source module (tip-off report id, patch id); null for inspection, transfer and manual';
comment on column enforcement.sources.ref is 'Human number of the source (举报编号, 图斑编号, 移送函号 …)';
comment on column enforcement.sources.summary is 'Facts as the source gave them';
comment on column enforcement.sources.details is 'Areas and other facts of the source (areaM2, croplandM2, basicFarmlandM2, transferring authority …)';
comment on column enforcement.sources.attachments is 'Attachments of the source [{label, sha256, url}]';
comment on column enforcement.sources.added_at is 'When linked';
comment on column enforcement.sources.added_by is 'Who linked it';
create unique index sources_kind_source on enforcement.sources (kind, source_id) where source_id is not null;
create index sources_case on enforcement.sources (case_id);
grant select, insert on enforcement.sources to sunland_app;
alter table enforcement.sources enable row level security;
alter table enforcement.sources force row level security;
create policy sources_rw on enforcement.sources for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table enforcement.stages (
  id bigint generated always as identity primary key,
  case_id bigint not null references enforcement.cases(id),
  org_path ltree not null,
  stage text not null check (stage in ('filing', 'investigation', 'review', 'notice', 'decision', 'execution', 'closing')),
  started_on date not null,
  limit_days int not null,
  due_date date,
  ended_on date,
  paused_days int not null default 0
);
comment on table enforcement.stages is 'Stage clocks of a case (环节计时), one row per stage run';
comment on column enforcement.stages.id is 'Surrogate key';
comment on column enforcement.stages.case_id is 'The case';
comment on column enforcement.stages.org_path is 'Scope, the case''s';
comment on column enforcement.stages.stage is 'Stage key';
comment on column enforcement.stages.started_on is 'Start day';
comment on column enforcement.stages.limit_days is 'Working-day limit applied (时限)';
comment on column enforcement.stages.due_date is 'Due date (null: calendar year not declared yet)';
comment on column enforcement.stages.ended_on is 'End day (null: running)';
comment on column enforcement.stages.paused_days is 'Working days a hearing stopped the clock (听证中止计时)';
create index stages_case on enforcement.stages (case_id);
grant select, insert, update on enforcement.stages to sunland_app;
alter table enforcement.stages enable row level security;
alter table enforcement.stages force row level security;
create policy stages_rw on enforcement.stages for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table enforcement.records (
  id bigint generated always as identity primary key,
  case_id bigint not null references enforcement.cases(id),
  org_path ltree not null,
  kind text not null check (kind in ('inquiry', 'site', 'measurement', 'photo', 'field', 'execution', 'other')),
  recorded_on date not null,
  title text not null check (length(title) between 2 and 200),
  content text not null check (length(content) between 2 and 20000),
  values jsonb not null default '{}',
  files text[] not null default '{}',
  document_id bigint,
  created_at timestamptz not null default now(),
  created_by bigint
);
comment on table enforcement.records is 'Investigation and execution records (调查取证与执行记录): 询问笔录, 现场勘验笔录, 测量, 照片, 外业记录, 执行凭证';
comment on column enforcement.records.id is 'Surrogate key';
comment on column enforcement.records.case_id is 'The case';
comment on column enforcement.records.org_path is 'Scope, the case''s';
comment on column enforcement.records.kind is 'inquiry 询问笔录 / site 现场勘验笔录 / measurement 测量 / photo 照片 / field 外业记录 / execution 执行凭证 / other 其他';
comment on column enforcement.records.recorded_on is 'Date of the record (记录日期)';
comment on column enforcement.records.title is 'Title (标题), e.g. 对某某的询问笔录';
comment on column enforcement.records.content is 'Text of the record (笔录内容)';
comment on column enforcement.records.values is 'Structured values (measured area, interviewee …)';
comment on column enforcement.records.files is 'Upload ids of photos and documents (platform/files)';
comment on column enforcement.records.document_id is 'The PDF issued for the record (documents.documents)';
comment on column enforcement.records.created_at is 'When entered';
comment on column enforcement.records.created_by is 'Who entered it';
create index records_case on enforcement.records (case_id);
grant select, insert on enforcement.records to sunland_app;
alter table enforcement.records enable row level security;
alter table enforcement.records force row level security;
create policy records_rw on enforcement.records for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table enforcement.events (
  id bigint generated always as identity primary key,
  case_id bigint not null references enforcement.cases(id),
  org_path ltree not null,
  kind text not null,
  actor_user_id bigint,
  actor_name text,
  details jsonb not null default '{}',
  at timestamptz not null default now()
);
comment on table enforcement.events is 'What happened to a case (办案记录), shown on the case page';
comment on column enforcement.events.id is 'Surrogate key';
comment on column enforcement.events.case_id is 'The case';
comment on column enforcement.events.org_path is 'Scope, the case''s';
comment on column enforcement.events.kind is 'Event kind (opened, filed, not_filed, transferred, record_added, proposed, reviewed, notified, hearing_requested, hearing_held, decided, executed, court_applied, closed, disclosure_changed)';
comment on column enforcement.events.actor_user_id is 'Who acted (null: system)';
comment on column enforcement.events.actor_name is 'Display name at that time';
comment on column enforcement.events.details is 'Details of the event';
comment on column enforcement.events.at is 'When';
create index events_case on enforcement.events (case_id, id);
grant select, insert on enforcement.events to sunland_app;
alter table enforcement.events enable row level security;
alter table enforcement.events force row level security;
create policy events_rw on enforcement.events for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table enforcement.baselines (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  violation_kind text not null,
  violation_name text not null,
  band text not null,
  band_name text not null,
  priority int not null default 100,
  conditions jsonb not null default '{}',
  fine_basis text not null check (fine_basis in ('per_m2', 'gains_share', 'none')),
  fine_min numeric(14,4) not null default 0,
  fine_max numeric(14,4) not null default 0,
  confiscate boolean not null default false,
  demolish boolean not null default false,
  restore boolean not null default false,
  legal_basis text not null,
  sources text[] not null default '{}',
  confirmed boolean not null default false,
  note text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  check (fine_min <= fine_max)
);
comment on table enforcement.baselines is 'Penalty discretion baselines (行政处罚裁量基准): per violation kind, the bands, the facts deciding the band and the penalty of each';
comment on column enforcement.baselines.id is 'Surrogate key; the rule id shown by the calculator';
comment on column enforcement.baselines.org_path is 'Where it applies (省/市 subtree); the nearest ancestor''s rows win';
comment on column enforcement.baselines.violation_kind is 'Violation kind key (违法行为类型), e.g. illegal_occupation';
comment on column enforcement.baselines.violation_name is 'Violation kind name, e.g. 非法占用土地';
comment on column enforcement.baselines.band is 'Band key (裁量阶次)';
comment on column enforcement.baselines.band_name is 'Band name, e.g. 较重 / 严重';
comment on column enforcement.baselines.priority is 'First matching band by ascending priority';
comment on column enforcement.baselines.conditions is 'Facts the band needs (裁量情节): landClass, basicFarmland, fitsPlan, rectified, areaMin/areaMax m², valueMin/valueMax 元';
comment on column enforcement.baselines.fine_basis is 'per_m2 每平方米罚款 / gains_share 违法所得比例 / none 不罚款';
comment on column enforcement.baselines.fine_min is 'Lowest fine of the band (元/m² or share 0–1)';
comment on column enforcement.baselines.fine_max is 'Highest fine of the band (元/m² or share 0–1)';
comment on column enforcement.baselines.confiscate is 'Confiscate the buildings (没收地上建筑物) or the minerals/gains';
comment on column enforcement.baselines.demolish is 'Order demolition (限期拆除)';
comment on column enforcement.baselines.restore is 'Order the land restored (恢复土地原状) or returned (退还)';
comment on column enforcement.baselines.legal_basis is 'Legal basis applied (法律依据)';
comment on column enforcement.baselines.sources is 'Sources of the figures (依据来源)';
comment on column enforcement.baselines.confirmed is 'False: an example, the exact figures not confirmed (示例，待核实)';
comment on column enforcement.baselines.note is 'Remarks';
comment on column enforcement.baselines.active is 'In force';
comment on column enforcement.baselines.created_at is 'When entered';
create index baselines_kind on enforcement.baselines (violation_kind, priority);
grant select, insert, update on enforcement.baselines to sunland_app;
grant usage on sequence enforcement.baselines_id_seq to sunland_app;
alter table enforcement.baselines enable row level security;
alter table enforcement.baselines force row level security;
create policy baselines_read on enforcement.baselines for select to sunland_app using (true);
create policy baselines_write on enforcement.baselines for insert to sunland_app with check (platform.in_scope(org_path));
create policy baselines_update on enforcement.baselines for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table enforcement.disclosures (
  id bigint generated always as identity primary key,
  case_id bigint not null unique references enforcement.cases(id),
  org_path ltree not null,
  case_no text not null,
  party_name text not null,
  party_kind text not null check (party_kind in ('person', 'company')),
  facts text not null,
  legal_basis text not null,
  penalty text not null,
  authority text not null,
  decided_on date not null,
  document_no text,
  status text not null default 'published' check (status in ('published', 'changed', 'withdrawn')),
  status_reason text,
  status_changed_at timestamptz,
  published_at timestamptz not null default now(),
  check (status = 'published' or status_reason is not null)
);
comment on table enforcement.disclosures is 'Published penalty decisions (行政处罚结果公示, 双公示); a person masked (王**), never an ID number or address';
comment on column enforcement.disclosures.id is 'Surrogate key';
comment on column enforcement.disclosures.case_id is 'The case';
comment on column enforcement.disclosures.org_path is 'Publishing bureau scope';
comment on column enforcement.disclosures.case_no is 'Case number (案件编号)';
comment on column enforcement.disclosures.party_name is 'Party as published: a person masked (王**), a company in full';
comment on column enforcement.disclosures.party_kind is 'person 自然人 / company 法人或其他组织';
comment on column enforcement.disclosures.facts is 'The facts in brief (主要违法事实)';
comment on column enforcement.disclosures.legal_basis is 'Legal basis (处罚依据)';
comment on column enforcement.disclosures.penalty is 'The penalty (处罚内容)';
comment on column enforcement.disclosures.authority is 'Deciding authority (处罚机关)';
comment on column enforcement.disclosures.decided_on is 'Decision date (处罚决定日期)';
comment on column enforcement.disclosures.document_no is 'Number of the 行政处罚决定书';
comment on column enforcement.disclosures.status is 'published 公示中 / changed 已变更 (复议/诉讼) / withdrawn 已撤销';
comment on column enforcement.disclosures.status_reason is 'Why changed or withdrawn, shown to the public';
comment on column enforcement.disclosures.status_changed_at is 'When changed or withdrawn';
comment on column enforcement.disclosures.published_at is 'When published';
create index disclosures_published on enforcement.disclosures (published_at desc, id desc);
grant select, insert, update on enforcement.disclosures to sunland_app;
alter table enforcement.disclosures enable row level security;
alter table enforcement.disclosures force row level security;
create policy disclosures_read on enforcement.disclosures for select to sunland_app using (true);
create policy disclosures_insert on enforcement.disclosures for insert to sunland_app with check (platform.in_scope(org_path));
create policy disclosures_update on enforcement.disclosures for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

-- Demo-province baselines (贵州, division 520000, path cn.p52). Figures follow 土地管理法实施条例 第五十四、
-- 五十七、五十八条 and 矿产资源法实施细则 第四十二条 for the legal ranges; the split into bands is
-- an EXAMPLE (示例，待核实): confirmed = false.
insert into enforcement.baselines (org_path, violation_kind, violation_name, band, band_name, priority, conditions, fine_basis, fine_min, fine_max, confiscate, demolish, restore, legal_basis, sources, confirmed, note)
select 'cn.p52'::ltree, v.kind, v.kname, v.band, v.bname, v.prio, v.cond::jsonb, v.basis, v.fmin, v.fmax, v.conf, v.dem, v.res, v.basis_text, v.srcs, false, '示例裁量基准（演示省份），具体数额待核实'
from (values
  ('illegal_occupation', '非法占用土地', 'basic_farmland', '严重（占用永久基本农田）', 10, '{"basicFarmland": true}', 'per_m2', 500, 1000, false, true, true,
   '《中华人民共和国土地管理法》第七十七条；《土地管理法实施条例》第五十七条', array['土地管理法实施条例 第五十七条（每平方米100元以上1000元以下）', '分档为示例']),
  ('illegal_occupation', '非法占用土地', 'cropland_no_plan', '较重（占用耕地，不符合规划）', 20, '{"landClass": "cropland", "fitsPlan": false}', 'per_m2', 300, 600, false, true, true,
   '《中华人民共和国土地管理法》第七十七条；《土地管理法实施条例》第五十七条', array['土地管理法实施条例 第五十七条', '分档为示例']),
  ('illegal_occupation', '非法占用土地', 'cropland_plan', '一般（占用耕地，符合规划）', 30, '{"landClass": "cropland", "fitsPlan": true}', 'per_m2', 200, 400, true, false, false,
   '《中华人民共和国土地管理法》第七十七条；《土地管理法实施条例》第五十七条', array['土地管理法实施条例 第五十七条', '分档为示例']),
  ('illegal_occupation', '非法占用土地', 'other_no_plan', '一般（其他土地，不符合规划）', 40, '{"fitsPlan": false}', 'per_m2', 150, 300, false, true, true,
   '《中华人民共和国土地管理法》第七十七条；《土地管理法实施条例》第五十七条', array['土地管理法实施条例 第五十七条', '分档为示例']),
  ('illegal_occupation', '非法占用土地', 'other_plan', '较轻（其他土地，符合规划）', 50, '{}', 'per_m2', 100, 200, true, false, false,
   '《中华人民共和国土地管理法》第七十七条；《土地管理法实施条例》第五十七条', array['土地管理法实施条例 第五十七条', '分档为示例']),
  ('illegal_transfer', '非法转让土地', 'standard', '一般', 10, '{}', 'gains_share', 0.1, 0.5, true, false, false,
   '《中华人民共和国土地管理法》第七十四条；《土地管理法实施条例》第五十四条', array['土地管理法实施条例 第五十四条（违法所得10%以上50%以下）']),
  ('villager_house', '农村村民未经批准非法占用土地建住宅', 'standard', '一般', 10, '{}', 'none', 0, 0, false, true, true,
   '《中华人民共和国土地管理法》第七十八条', array['土地管理法 第七十八条（责令退还，限期拆除）']),
  ('illegal_mining', '非法采矿', 'high_value', '严重（矿产品价值10万元以上）', 10, '{"valueMin": 100000}', 'gains_share', 0.3, 0.5, true, false, true,
   '《中华人民共和国矿产资源法》；《矿产资源法实施细则》第四十二条', array['矿产资源法实施细则 第四十二条（违法所得50%以下）', '分档与10万元界限为示例']),
  ('illegal_mining', '非法采矿', 'standard', '一般', 20, '{}', 'gains_share', 0.1, 0.3, true, false, true,
   '《中华人民共和国矿产资源法》；《矿产资源法实施细则》第四十二条', array['矿产资源法实施细则 第四十二条', '分档为示例']),
  ('cross_boundary_mining', '越界开采', 'standard', '一般', 10, '{}', 'gains_share', 0.1, 0.3, true, false, false,
   '《中华人民共和国矿产资源法》；《矿产资源法实施细则》第四十二条', array['矿产资源法实施细则 第四十二条（违法所得30%以下）'])
) as v(kind, kname, band, bname, prio, cond, basis, fmin, fmax, conf, dem, res, basis_text, srcs);
