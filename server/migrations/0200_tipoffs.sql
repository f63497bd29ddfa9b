-- Tip-offs (12336 违法线索): reports from the public form, Open311 clients and staff entry by
-- channel; the ledger (台账) with its stages and working-day limits, the confidential reporters,
-- attachments and evidence, duplicates (疑似重复), warnings (预警), the public-form protection
-- (proof of work, idempotency) and the Open311 client keys.
--
-- Row-level security: a report's org_path is the handling scope (the receiving bureau until it is
-- assigned, then the county bureau); the reporters' org_path stays the receiving bureau's, so
-- the county that handles a report cannot read who reported it.
create schema tipoffs;
comment on schema tipoffs is 'Tip-offs (12336 违法线索举报)';
grant usage on schema tipoffs to sunland_app;

create table tipoffs.settings (
  org_path ltree primary key,
  stage_days jsonb not null default '{"triage":1,"assign":2,"verify":10,"dispose":20,"feedback":5,"close":5}',
  warn_days int not null default 1 check (warn_days between 0 and 10),
  duplicate_distance_m int not null default 200 check (duplicate_distance_m between 0 and 10000),
  duplicate_window_days int not null default 90 check (duplicate_window_days between 1 and 3650),
  pow_difficulty int not null default 18 check (pow_difficulty between 0 and 28),
  surge_weeks int not null default 4 check (surge_weeks between 1 and 12),
  surge_history_weeks int not null default 26 check (surge_history_weeks between 4 and 104),
  surge_k numeric(4,2) not null default 2 check (surge_k between 0 and 10),
  updated_at timestamptz not null default now(),
  updated_by bigint
);
comment on table tipoffs.settings is 'Tip-off settings of a subtree (举报办理参数); the nearest ancestor row applies, code defaults when none';
comment on column tipoffs.settings.org_path is 'Subtree the settings apply to (适用范围); cn = whole country (PoW difficulty is read from here)';
comment on column tipoffs.settings.stage_days is 'Working-day limit per ledger stage (各环节时限): triage 判定, assign 转办, verify 核查, dispose 处置, feedback 反馈, close 销号';
comment on column tipoffs.settings.warn_days is 'Yellow warning (预警) when at most this many working days remain';
comment on column tipoffs.settings.duplicate_distance_m is 'Distance within which reports are proposed as duplicates (疑似重复距离, metres)';
comment on column tipoffs.settings.duplicate_window_days is 'Days back within which reports are proposed as duplicates (疑似重复时间窗)';
comment on column tipoffs.settings.pow_difficulty is 'Leading zero bits the public form''s proof of work needs (工作量证明难度)';
comment on column tipoffs.settings.surge_weeks is 'Recent window in weeks for the rising-areas list (苗头性问题: 近期周数)';
comment on column tipoffs.settings.surge_history_weeks is 'History in weeks the recent window is compared with (历史周数)';
comment on column tipoffs.settings.surge_k is 'Standard deviations above the mean that count as unusual (异常倍数 k)';
comment on column tipoffs.settings.updated_at is 'Last change';
comment on column tipoffs.settings.updated_by is 'User who changed it last';
grant select, insert, update on tipoffs.settings to sunland_app;
alter table tipoffs.settings enable row level security;
alter table tipoffs.settings force row level security;
create policy settings_read on tipoffs.settings for select to sunland_app using (true);
create policy settings_insert on tipoffs.settings for insert to sunland_app with check (platform.in_scope(org_path));
create policy settings_update on tipoffs.settings for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table tipoffs.api_keys (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 2 and 100),
  contact text,
  prefix text not null,
  key_hash text not null unique,
  created_at timestamptz not null default now(),
  created_by bigint,
  revoked_at timestamptz,
  last_used_at timestamptz
);
comment on table tipoffs.api_keys is 'Open311 client keys (Open311 接口密钥), issued by an administrator; only the SHA-256 of a key is kept';
comment on column tipoffs.api_keys.id is 'Surrogate key';
comment on column tipoffs.api_keys.name is 'Client name (接入单位/应用名称)';
comment on column tipoffs.api_keys.contact is 'Contact of the client (联系人)';
comment on column tipoffs.api_keys.prefix is 'First characters of the key, to recognise it in lists';
comment on column tipoffs.api_keys.key_hash is 'SHA-256 of the key, hex';
comment on column tipoffs.api_keys.created_at is 'When it was issued';
comment on column tipoffs.api_keys.created_by is 'Administrator who issued it; null for the demo seed';
comment on column tipoffs.api_keys.revoked_at is 'When it was revoked (吊销); a revoked key is refused';
comment on column tipoffs.api_keys.last_used_at is 'Last accepted POST with this key';
grant select, insert, update on tipoffs.api_keys to sunland_app;

create table tipoffs.secrets (
  name text primary key,
  value bytea not null,
  created_at timestamptz not null default now()
);
comment on table tipoffs.secrets is 'Module secrets (密钥), e.g. the HMAC key of proof-of-work challenges; created on first use';
comment on column tipoffs.secrets.name is 'Secret name';
comment on column tipoffs.secrets.value is 'Random bytes';
comment on column tipoffs.secrets.created_at is 'When it was created';
grant select, insert on tipoffs.secrets to sunland_app;

create table tipoffs.pow_used (
  challenge_hash text primary key,
  expires_at timestamptz not null
);
comment on table tipoffs.pow_used is 'Spent proof-of-work challenges (已使用的挑战), kept until they expire: each is good for one submission';
comment on column tipoffs.pow_used.challenge_hash is 'SHA-256 of the challenge string, hex';
comment on column tipoffs.pow_used.expires_at is 'When the challenge expires; rows after that may be deleted';
create index pow_used_expires on tipoffs.pow_used (expires_at);
grant select, insert, delete on tipoffs.pow_used to sunland_app;

create sequence tipoffs.report_serial;
grant usage on sequence tipoffs.report_serial to sunland_app;
comment on sequence tipoffs.report_serial is 'Serial of report numbers (举报编号流水号)';

create table tipoffs.reports (
  id bigint generated always as identity primary key,
  report_no text not null unique,
  tracking_code text not null unique,
  channel text not null check (channel in ('web', 'open311', 'hotline', 'letter', 'email', 'leader', 'lower_level', 'media', 'other')),
  channel_ref text,
  violation_type text not null,
  status text not null default 'received'
    check (status in ('received', 'accepted', 'refused', 'assigned', 'verified', 'disposed', 'feedback_given', 'closed', 'merged')),
  division_code text not null,
  division_path ltree not null,
  address text not null,
  lon double precision not null check (lon between -180 and 180),
  lat double precision not null check (lat between -90 and 90),
  party text not null,
  facts text not null,
  intake_org_path ltree not null,
  org_path ltree not null,
  received_at timestamptz not null default now(),
  received_on date not null,
  stage text check (stage in ('triage', 'assign', 'verify', 'dispose', 'feedback', 'close')),
  stage_started_on date,
  stage_due_date date,
  warn_level text not null default 'green' check (warn_level in ('green', 'yellow', 'red')),
  triage_decision text check (triage_decision in ('accept', 'refuse')),
  refusal_reason text,
  refusal_redirect text,
  triage_note text,
  triaged_at timestamptz,
  assign_mode text check (assign_mode in ('transfer', 'assign')),
  county_code text,
  county_org_path ltree,
  assigned_by_path ltree,
  assign_due_date date,
  assign_instructions text,
  assigned_at timestamptz,
  verified_on date,
  findings text,
  violation_found boolean,
  verified_at timestamptz,
  disposal_outcome text check (disposal_outcome in ('no_violation', 'stopped_rectified', 'case_filed')),
  disposal_case_no text,
  disposal_summary text,
  disposed_at timestamptz,
  feedback_text text,
  feedback_at timestamptz,
  feedback_recipients int,
  closed_at timestamptz,
  close_note text,
  merged_into_id bigint references tipoffs.reports(id),
  reopen_count int not null default 0,
  idempotency_key text unique,
  idempotency_hash text,
  api_key_id bigint references tipoffs.api_keys(id),
  created_by bigint,
  row_version int not null default 1,
  updated_at timestamptz not null default now()
);
comment on table tipoffs.reports is 'Tip-off reports (违法线索举报) and their ledger (台账): one row per report, the stage columns filled as it moves on';
comment on column tipoffs.reports.id is 'Surrogate key';
comment on column tipoffs.reports.report_no is 'Report number (举报编号), JB + date + serial; the Open311 service_request_id';
comment on column tipoffs.reports.tracking_code is 'Tracking code given to the reporter (查询码), the only key of the public tracking page; shown to intake staff only';
comment on column tipoffs.reports.channel is 'Channel (举报渠道): web 网上, open311 接口, hotline 12336电话, letter 信件, email 电子邮件, leader 领导批办, lower_level 下级上报, media 媒体反映, other 其他';
comment on column tipoffs.reports.channel_ref is 'Reference of the channel (来电记录号, 来信编号, 批示文号 …)';
comment on column tipoffs.reports.violation_type is 'Violation type (违法类型), code of VIOLATION_TYPES';
comment on column tipoffs.reports.status is 'Ledger stage (台账状态): received 已接收, accepted 已受理, refused 不予受理, assigned 已转办/交办, verified 已核查, disposed 已处置, feedback_given 已反馈, closed 已销号, merged 已合并';
comment on column tipoffs.reports.division_code is 'Division of the place (违法线索发生地, GB/T 2260 county or township code)';
comment on column tipoffs.reports.division_path is 'ltree path of that division, for statistics by area';
comment on column tipoffs.reports.address is 'Address of the place (详细地址)';
comment on column tipoffs.reports.lon is 'Longitude of the place, CGCS2000 (EPSG:4490)';
comment on column tipoffs.reports.lat is 'Latitude of the place, CGCS2000 (EPSG:4490)';
comment on column tipoffs.reports.party is 'The party reported (违法主体/被举报对象)';
comment on column tipoffs.reports.facts is 'Main facts (主要违法事实)';
comment on column tipoffs.reports.intake_org_path is 'Bureau that received it (受理机关); the reporters carry this path';
comment on column tipoffs.reports.org_path is 'Handling scope (RLS): the receiving bureau, then the county bureau it is assigned to';
comment on column tipoffs.reports.received_at is 'When it was received (接收时间)';
comment on column tipoffs.reports.received_on is 'Day received, China Standard Time';
comment on column tipoffs.reports.stage is 'Stage whose clock runs now (当前环节); null when ended';
comment on column tipoffs.reports.stage_started_on is 'Day the current stage started (not counted)';
comment on column tipoffs.reports.stage_due_date is 'Due date of the current stage (环节办理期限); null when the calendar does not cover it yet';
comment on column tipoffs.reports.warn_level is 'Light of the current stage (green 正常, yellow 预警, red 超期), set by the scan';
comment on column tipoffs.reports.triage_decision is 'Triage (判定): accept 受理 or refuse 不予受理';
comment on column tipoffs.reports.refusal_reason is 'Reason of refusal (不予受理理由), code of REFUSAL_REASONS';
comment on column tipoffs.reports.refusal_redirect is 'Where the reporter should go instead (告知途径)';
comment on column tipoffs.reports.triage_note is 'Note of the triage';
comment on column tipoffs.reports.triaged_at is 'When triaged';
comment on column tipoffs.reports.assign_mode is 'transfer 转办 or assign 交办 (deadline and report back required)';
comment on column tipoffs.reports.county_code is 'County the report was assigned to (承办县区)';
comment on column tipoffs.reports.county_org_path is 'Path of the county bureau that handles it';
comment on column tipoffs.reports.assigned_by_path is 'Scope of the assigning level (交办/转办机关); it signs off the closing (销号)';
comment on column tipoffs.reports.assign_due_date is 'Deadline set by 交办 (交办期限)';
comment on column tipoffs.reports.assign_instructions is 'Instructions of the assignment (交办要求)';
comment on column tipoffs.reports.assigned_at is 'When assigned';
comment on column tipoffs.reports.verified_on is 'Day of the on-site verification (现场核查日期)';
comment on column tipoffs.reports.findings is 'Findings of the verification (核查情况)';
comment on column tipoffs.reports.violation_found is 'Whether the verification found a violation (是否属实)';
comment on column tipoffs.reports.verified_at is 'When the verification was recorded';
comment on column tipoffs.reports.disposal_outcome is 'Disposal (处置结果): no_violation 不存在违法, stopped_rectified 制止整改, case_filed 立案查处';
comment on column tipoffs.reports.disposal_case_no is 'Enforcement case number when a case was filed (立案号)';
comment on column tipoffs.reports.disposal_summary is 'Disposal record; for 交办 the report back (处置情况/办理报告)';
comment on column tipoffs.reports.disposed_at is 'When disposed';
comment on column tipoffs.reports.feedback_text is 'Feedback to the reporter (反馈内容)';
comment on column tipoffs.reports.feedback_at is 'When the feedback was given (反馈时间)';
comment on column tipoffs.reports.feedback_recipients is 'How many reporter contacts the feedback was sent to';
comment on column tipoffs.reports.closed_at is 'When closed out (销号时间)';
comment on column tipoffs.reports.close_note is 'Note of the sign-off (销号意见)';
comment on column tipoffs.reports.merged_into_id is 'Report this one was merged into (合并至)';
comment on column tipoffs.reports.reopen_count is 'Times reopened after the reporter disputed the feedback (重新办理次数)';
comment on column tipoffs.reports.idempotency_key is 'Idempotency-Key of the public submission: the same key gives the same report';
comment on column tipoffs.reports.idempotency_hash is 'SHA-256 of the submitted body with that key';
comment on column tipoffs.reports.api_key_id is 'Open311 client that submitted it';
comment on column tipoffs.reports.created_by is 'Staff user who entered it; null for public submissions';
comment on column tipoffs.reports.row_version is 'Optimistic version, bumped on each change';
comment on column tipoffs.reports.updated_at is 'Last change';
create index reports_org_path on tipoffs.reports using gist (org_path);
create index reports_received on tipoffs.reports (received_at desc, id desc);
create index reports_status on tipoffs.reports (status, id desc);
create index reports_latlon on tipoffs.reports (lat, lon);
create index reports_division on tipoffs.reports using gist (division_path);
create index reports_merged on tipoffs.reports (merged_into_id) where merged_into_id is not null;
grant select, insert, update on tipoffs.reports to sunland_app;
alter table tipoffs.reports enable row level security;
alter table tipoffs.reports force row level security;
create policy reports_all on tipoffs.reports for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table tipoffs.reporters (
  id bigint generated always as identity primary key,
  report_id bigint not null references tipoffs.reports(id),
  org_path ltree not null,
  anonymous boolean not null,
  name text,
  phone text,
  email text,
  id_number text,
  created_at timestamptz not null default now()
);
comment on table tipoffs.reporters is 'Reporters (举报人), confidential (举报人信息保密): visible to the receiving bureau''s intake staff only, every read audited';
comment on column tipoffs.reporters.id is 'Surrogate key';
comment on column tipoffs.reporters.report_id is 'The report filed (after a merge it stays with its own report)';
comment on column tipoffs.reporters.org_path is 'Receiving bureau path (RLS): never the handling county''s';
comment on column tipoffs.reporters.anonymous is 'Anonymous report (匿名举报)';
comment on column tipoffs.reporters.name is 'Name (姓名), real-name reports';
comment on column tipoffs.reporters.phone is 'Phone (联系电话), for the acknowledgement and the feedback';
comment on column tipoffs.reporters.email is 'E-mail (电子邮箱)';
comment on column tipoffs.reporters.id_number is 'ID number (身份证号)';
comment on column tipoffs.reporters.created_at is 'When recorded';
create index reporters_report on tipoffs.reporters (report_id);
grant select, insert on tipoffs.reporters to sunland_app;
alter table tipoffs.reporters enable row level security;
alter table tipoffs.reporters force row level security;
create policy reporters_all on tipoffs.reporters for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table tipoffs.files (
  id bigint generated always as identity primary key,
  report_id bigint not null references tipoffs.reports(id),
  org_path ltree not null,
  file_id uuid not null,
  stage text not null check (stage in ('intake', 'verify', 'dispose', 'evidence')),
  name text not null,
  mime text not null,
  added_by bigint,
  created_at timestamptz not null default now(),
  unique (report_id, file_id)
);
comment on table tipoffs.files is 'Attachments of a report (举报附件) and evidence of verification and disposal (核查/处置证据)';
comment on column tipoffs.files.id is 'Surrogate key';
comment on column tipoffs.files.report_id is 'The report';
comment on column tipoffs.files.org_path is 'Handling scope (RLS), follows the report';
comment on column tipoffs.files.file_id is 'Upload id in files.uploads';
comment on column tipoffs.files.stage is 'intake 举报材料, verify 核查证据, dispose 处置证据, evidence 补充证据';
comment on column tipoffs.files.name is 'File name';
comment on column tipoffs.files.mime is 'Detected type';
comment on column tipoffs.files.added_by is 'Staff user who attached it; null for the reporter';
comment on column tipoffs.files.created_at is 'When attached';
grant select, insert, update on tipoffs.files to sunland_app;
alter table tipoffs.files enable row level security;
alter table tipoffs.files force row level security;
create policy files_all on tipoffs.files for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table tipoffs.stages (
  id bigint generated always as identity primary key,
  report_id bigint not null references tipoffs.reports(id),
  org_path ltree not null,
  stage text not null check (stage in ('triage', 'assign', 'verify', 'dispose', 'feedback', 'close')),
  started_on date not null,
  limit_days int not null,
  due_date date,
  ended_on date,
  level text not null default 'green' check (level in ('green', 'yellow', 'red'))
);
comment on table tipoffs.stages is 'Stage clocks of a report (环节计时): one row each time a stage starts';
comment on column tipoffs.stages.id is 'Surrogate key';
comment on column tipoffs.stages.report_id is 'The report';
comment on column tipoffs.stages.org_path is 'Handling scope (RLS), follows the report';
comment on column tipoffs.stages.stage is 'Stage (环节): triage, assign, verify, dispose, feedback, close';
comment on column tipoffs.stages.started_on is 'Day it started (not counted)';
comment on column tipoffs.stages.limit_days is 'Working-day limit (时限)';
comment on column tipoffs.stages.due_date is 'Due date (期限); null while the calendar does not cover it';
comment on column tipoffs.stages.ended_on is 'Day it ended';
comment on column tipoffs.stages.level is 'Light when it ended, or now (green/yellow/red)';
create index stages_report on tipoffs.stages (report_id, id);
grant select, insert, update on tipoffs.stages to sunland_app;
alter table tipoffs.stages enable row level security;
alter table tipoffs.stages force row level security;
create policy stages_all on tipoffs.stages for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table tipoffs.events (
  id bigint generated always as identity primary key,
  report_id bigint not null references tipoffs.reports(id),
  org_path ltree not null,
  at timestamptz not null default now(),
  kind text not null,
  actor_user_id bigint,
  actor_name text,
  public boolean not null default true,
  details jsonb not null default '{}'
);
comment on table tipoffs.events is 'Timeline of a report (办理过程); public rows are shown on the tracking page; never holds reporter identity';
comment on column tipoffs.events.id is 'Surrogate key';
comment on column tipoffs.events.report_id is 'The report';
comment on column tipoffs.events.org_path is 'Handling scope (RLS), follows the report';
comment on column tipoffs.events.at is 'When it happened';
comment on column tipoffs.events.kind is 'Event: received, accepted, refused, assigned, verified, disposed, feedback_given, closed, reopened, merged, merged_in, evidence_added, duplicate_dismissed';
comment on column tipoffs.events.actor_user_id is 'Who acted; null for the reporter or the system';
comment on column tipoffs.events.actor_name is 'Display name of who acted';
comment on column tipoffs.events.public is 'Shown to the reporter (公开给举报人)';
comment on column tipoffs.events.details is 'Facts of the event';
create index events_report on tipoffs.events (report_id, id);
grant select, insert, update on tipoffs.events to sunland_app;
alter table tipoffs.events enable row level security;
alter table tipoffs.events force row level security;
create policy events_all on tipoffs.events for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table tipoffs.duplicates (
  id bigint generated always as identity primary key,
  report_id bigint not null references tipoffs.reports(id),
  candidate_id bigint not null references tipoffs.reports(id),
  org_path ltree not null,
  distance_m double precision not null,
  days int not null,
  status text not null default 'open' check (status in ('open', 'merged', 'dismissed')),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by bigint,
  unique (report_id, candidate_id)
);
comment on table tipoffs.duplicates is 'Merge proposals (疑似重复举报): a new report near an open one within the time window';
comment on column tipoffs.duplicates.id is 'Surrogate key';
comment on column tipoffs.duplicates.report_id is 'The newer report';
comment on column tipoffs.duplicates.candidate_id is 'The open report it may repeat';
comment on column tipoffs.duplicates.org_path is 'Scope of the newer report when proposed (RLS)';
comment on column tipoffs.duplicates.distance_m is 'Distance between the two points in metres (haversine)';
comment on column tipoffs.duplicates.days is 'Days between the two receipts';
comment on column tipoffs.duplicates.status is 'open 待处理, merged 已合并, dismissed 非重复';
comment on column tipoffs.duplicates.created_at is 'When proposed';
comment on column tipoffs.duplicates.decided_at is 'When merged or dismissed';
comment on column tipoffs.duplicates.decided_by is 'Who decided';
create index duplicates_candidate on tipoffs.duplicates (candidate_id);
grant select, insert, update on tipoffs.duplicates to sunland_app;
alter table tipoffs.duplicates enable row level security;
alter table tipoffs.duplicates force row level security;
create policy duplicates_all on tipoffs.duplicates for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table tipoffs.warnings (
  id bigint generated always as identity primary key,
  report_id bigint not null references tipoffs.reports(id),
  org_path ltree not null,
  stage text not null,
  level text not null check (level in ('yellow', 'red')),
  due_date date not null,
  raised_at timestamptz not null default now(),
  cleared_at timestamptz
);
comment on table tipoffs.warnings is 'Stage warnings (环节预警: yellow 黄色预警, red 红色超期), raised and cleared by the scan job';
comment on column tipoffs.warnings.id is 'Surrogate key';
comment on column tipoffs.warnings.report_id is 'The report';
comment on column tipoffs.warnings.org_path is 'Handling scope (RLS), follows the report';
comment on column tipoffs.warnings.stage is 'The stage measured';
comment on column tipoffs.warnings.level is 'yellow or red';
comment on column tipoffs.warnings.due_date is 'The due date measured against';
comment on column tipoffs.warnings.raised_at is 'When raised';
comment on column tipoffs.warnings.cleared_at is 'When it stopped applying (stage ended, deadline moved)';
create unique index warnings_one_open on tipoffs.warnings (report_id, stage, level) where cleared_at is null;
create index warnings_org_path on tipoffs.warnings using gist (org_path);
grant select, insert, update on tipoffs.warnings to sunland_app;
alter table tipoffs.warnings enable row level security;
alter table tipoffs.warnings force row level security;
create policy warnings_all on tipoffs.warnings for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
