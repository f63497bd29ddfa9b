-- Random selection of intermediary agencies (中介机构随机抽取): the agency registry (中介机构名录)
-- with qualifications, status and conflict rules (回避), evaluations after the work, and draws
-- whose pool, commitment and result are published to the transparency log (0500).
--
-- Row-level security: a draw belongs to the bureau that organises it (org_path); the registry is
-- shared by every bureau and public.
create schema selection;
comment on schema selection is 'Random selection of intermediary agencies (中介机构随机抽取)';
grant usage on schema selection to sunland_app;

create table selection.agencies (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[0-9A-Z]{18}$'),
  name text not null check (length(name) between 2 and 100),
  service_types text[] not null check (cardinality(service_types) between 1 and 10),
  qualification text not null check (length(qualification) between 2 and 200),
  qualification_valid_until date not null,
  status text not null default 'active' check (status in ('active', 'suspended', 'blacklisted')),
  status_reason text,
  status_until date,
  related_parties text[] not null default '{}',
  evaluation_count int not null default 0,
  evaluation_score numeric(4,2),
  created_at timestamptz not null default now(),
  created_by bigint,
  check (status = 'active' or status_reason is not null)
);
comment on table selection.agencies is 'Agency registry (中介机构名录): who may be drawn for which service';
comment on column selection.agencies.id is 'Surrogate key; the draw algorithm orders by it';
comment on column selection.agencies.code is 'Unified social credit code (统一社会信用代码)';
comment on column selection.agencies.name is 'Agency name (机构名称)';
comment on column selection.agencies.service_types is 'Service types (服务类型): 测绘, 土地评估, 地质勘查, 矿产资源储量评审, 规划编制, 地质灾害危险性评估';
comment on column selection.agencies.qualification is 'Qualification certificate and grade (资质证书及等级)';
comment on column selection.agencies.qualification_valid_until is 'Qualification valid until (资质有效期至); expired agencies leave the pool';
comment on column selection.agencies.status is 'active 正常 / suspended 暂停 / blacklisted 列入黑名单';
comment on column selection.agencies.status_reason is 'Why suspended or blacklisted (原因)';
comment on column selection.agencies.status_until is 'End of the suspension or blacklisting period (期限至); null = indefinite';
comment on column selection.agencies.related_parties is 'Parties the agency is tied to (关联方, 回避): never drawn for their projects';
comment on column selection.agencies.evaluation_count is 'Number of evaluations after work (评价次数)';
comment on column selection.agencies.evaluation_score is 'Mean evaluation score 1–5 (平均评分)';
comment on column selection.agencies.created_at is 'When registered';
comment on column selection.agencies.created_by is 'Who registered it';
grant select, insert, update on selection.agencies to sunland_app;

create table selection.draws (
  id bigint generated always as identity primary key,
  draw_no text not null unique,
  org_path ltree not null,
  project_name text not null check (length(project_name) between 2 and 200),
  project_owner text not null check (length(project_owner) between 2 and 200),
  service_type text not null,
  status text not null default 'pool_frozen' check (status in ('pool_frozen', 'drawn', 'confirmed', 'exhausted')),
  pool jsonb not null,
  pool_hash text not null,
  excluded jsonb not null default '[]',
  secret bytea not null check (length(secret) = 32),
  secret_commitment text not null,
  pool_entry_idx bigint not null,
  confirm_hours int not null check (confirm_hours between 1 and 720),
  checkpoint_size bigint,
  checkpoint_root text,
  checkpoint_note text,
  owner_number text,
  seed text,
  draw_order jsonb,
  position int,
  confirm_due_at timestamptz,
  selected_agency_id bigint references selection.agencies(id),
  result_entry_idx bigint,
  created_at timestamptz not null default now(),
  created_by bigint,
  drawn_at timestamptz
);
comment on table selection.draws is 'Draws (随机抽取): pool frozen and published, secret committed, then drawn from a later checkpoint root';
comment on column selection.draws.id is 'Surrogate key';
comment on column selection.draws.draw_no is 'Draw number (抽取编号)';
comment on column selection.draws.org_path is 'Organising bureau (组织单位) scope';
comment on column selection.draws.project_name is 'Project (项目名称)';
comment on column selection.draws.project_owner is 'Project owner (项目业主); agencies related to it are excluded (回避)';
comment on column selection.draws.service_type is 'Service type drawn for (服务类型)';
comment on column selection.draws.status is 'pool_frozen 已冻结候选库 / drawn 已抽取待确认 / confirmed 已确认 / exhausted 候选已用尽';
comment on column selection.draws.pool is 'Frozen pool (候选库) [{agencyId, code, name}] ordered by agencyId';
comment on column selection.draws.pool_hash is 'SHA-256 of the canonical JSON of the pool';
comment on column selection.draws.excluded is 'Agencies left out of the pool and why (排除及原因)';
comment on column selection.draws.secret is 'Server secret (服务器随机数); revealed only after the draw';
comment on column selection.draws.secret_commitment is 'SHA-256 of the secret, published before the draw (承诺值)';
comment on column selection.draws.pool_entry_idx is 'Log entry of the pool and commitment';
comment on column selection.draws.confirm_hours is 'Hours the selected agency has to confirm (确认时限)';
comment on column selection.draws.checkpoint_size is 'Size of the checkpoint whose root is drawn from';
comment on column selection.draws.checkpoint_root is 'Root (base64) of that checkpoint';
comment on column selection.draws.checkpoint_note is 'The signed checkpoint';
comment on column selection.draws.owner_number is 'Number given by the project owner at the draw (业主随机数), optional';
comment on column selection.draws.seed is 'Seed of the shuffle (hex)';
comment on column selection.draws.draw_order is 'Whole drawn order of agency ids (抽取顺序)';
comment on column selection.draws.position is 'Index in draw_order of the current candidate';
comment on column selection.draws.confirm_due_at is 'The current candidate confirms before this (确认截止)';
comment on column selection.draws.selected_agency_id is 'Current candidate, or the confirmed agency (中选机构)';
comment on column selection.draws.result_entry_idx is 'Log entry of the result';
comment on column selection.draws.created_at is 'When the pool was frozen';
comment on column selection.draws.created_by is 'Who organised it';
comment on column selection.draws.drawn_at is 'When it was drawn';
grant select, insert, update on selection.draws to sunland_app;
alter table selection.draws enable row level security;
alter table selection.draws force row level security;
create policy draws_rw on selection.draws for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table selection.draw_events (
  id bigint generated always as identity primary key,
  draw_id bigint not null references selection.draws(id),
  org_path ltree not null,
  kind text not null check (kind in ('frozen', 'drawn', 'confirmed', 'declined', 'timed_out')),
  agency_id bigint,
  reason text,
  entry_idx bigint,
  at timestamptz not null default now()
);
comment on table selection.draw_events is 'What happened to a draw (抽取过程记录), each step also in the log';
comment on column selection.draw_events.id is 'Surrogate key';
comment on column selection.draw_events.draw_id is 'The draw';
comment on column selection.draw_events.org_path is 'Scope, the draw''s';
comment on column selection.draw_events.kind is 'frozen 冻结 / drawn 抽取 / confirmed 确认 / declined 放弃 / timed_out 超时未确认';
comment on column selection.draw_events.agency_id is 'Agency concerned';
comment on column selection.draw_events.reason is 'Reason (原因), e.g. of a replacement';
comment on column selection.draw_events.entry_idx is 'Log entry of this step';
comment on column selection.draw_events.at is 'When';
grant select, insert on selection.draw_events to sunland_app;
alter table selection.draw_events enable row level security;
alter table selection.draw_events force row level security;
create policy draw_events_rw on selection.draw_events for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table selection.evaluations (
  id bigint generated always as identity primary key,
  agency_id bigint not null references selection.agencies(id),
  draw_id bigint references selection.draws(id),
  quality int not null check (quality between 1 and 5),
  timeliness int not null check (timeliness between 1 and 5),
  note text,
  created_at timestamptz not null default now(),
  created_by bigint
);
comment on table selection.evaluations is 'Evaluations after the work (履约评价): quality and timeliness feed the agency record';
comment on column selection.evaluations.id is 'Surrogate key';
comment on column selection.evaluations.agency_id is 'Agency evaluated';
comment on column selection.evaluations.draw_id is 'Draw the work came from';
comment on column selection.evaluations.quality is 'Quality 1–5 (服务质量)';
comment on column selection.evaluations.timeliness is 'Timeliness 1–5 (时效)';
comment on column selection.evaluations.note is 'Remarks (评价意见)';
comment on column selection.evaluations.created_at is 'When';
comment on column selection.evaluations.created_by is 'Evaluator';
grant select, insert on selection.evaluations to sunland_app;
