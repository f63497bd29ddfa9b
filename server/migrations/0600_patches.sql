-- Satellite change patches (卫片执法): monitoring batches (监测批次) imported from a Shapefile or
-- GeoJSON, each patch (图斑) assigned to the county and township it lies in, the automatic
-- pre-check (内业预判) against the one map, the field record (外业核查), the county verdict
-- (内业套合), the city/province review, hand-over to enforcement and rectification (整改).
--
-- Row-level security: a patch belongs to its county (or township) org path; a batch belongs to
-- the bureau that imported it and is visible to every county holding one of its patches.
create schema patches;
comment on schema patches is 'Satellite change patches (卫片执法)';
grant usage on schema patches to sunland_app;

create table patches.classes (
  code text primary key,
  parent_code text references patches.classes(code),
  verdict text not null check (verdict in ('legal', 'illegal', 'other')),
  name text not null,
  name_en text not null,
  rule text not null default 'manual' check (rule in ('match', 'partial_match', 'default', 'manual')),
  match_layers text[] not null default '{}',
  min_share numeric(4,3) not null default 0,
  sort_order int not null default 0,
  active boolean not null default true
);
comment on table patches.classes is 'Verdict classes and sub-classes (图斑判定类型): 合法 / 违法 (W, B…) / 其他 (伪变化, 设施农用地…); data, not code';
comment on column patches.classes.code is 'Class code, e.g. LEGAL, ILLEGAL_W, OTHER_FACILITY';
comment on column patches.classes.parent_code is 'Parent class (大类) of a sub-class';
comment on column patches.classes.verdict is 'legal 合法 / illegal 违法 / other 其他';
comment on column patches.classes.name is 'Name (名称)';
comment on column patches.classes.name_en is 'English name';
comment on column patches.classes.rule is 'How the pre-check suggests it: match (the patch lies min_share within match_layers), partial_match (overlaps match_layers but less), default (nothing matched), manual (never suggested)';
comment on column patches.classes.match_layers is 'Map layers whose features justify the class (approved_land, supplied_land, temporary_land, facility_agri)';
comment on column patches.classes.min_share is 'Share of the patch area (0–1) the matched features must cover';
comment on column patches.classes.sort_order is 'Order in which the pre-check tries the rules and the UI lists them';
comment on column patches.classes.active is 'False: no longer offered';
grant select on patches.classes to sunland_app;

insert into patches.classes (code, parent_code, verdict, name, name_en, rule, match_layers, min_share, sort_order) values
  ('LEGAL', null, 'legal', '合法用地', 'Legal (approved)', 'match', '{approved_land,supplied_land}', 0.8, 10),
  ('ILLEGAL', null, 'illegal', '违法用地', 'Illegal', 'manual', '{}', 0, 100),
  ('ILLEGAL_B', 'ILLEGAL', 'illegal', '疑似违法（B：本年批准本年建设但未套合）', 'Suspected illegal (B: approved this year, not matched)', 'partial_match', '{approved_land}', 0, 110),
  ('ILLEGAL_W', 'ILLEGAL', 'illegal', '疑似违法（W：未批先建）', 'Suspected illegal (W: built without approval)', 'default', '{}', 0, 120),
  ('OTHER', null, 'other', '其他', 'Other', 'manual', '{}', 0, 200),
  ('OTHER_TEMP', 'OTHER', 'other', '临时用地', 'Temporary land', 'match', '{temporary_land}', 0.5, 20),
  ('OTHER_FACILITY', 'OTHER', 'other', '设施农用地', 'Facility agricultural land', 'match', '{facility_agri}', 0.5, 30),
  ('OTHER_FALSE', 'OTHER', 'other', '伪变化', 'False change', 'manual', '{}', 0, 210),
  ('OTHER_AGRI', 'OTHER', 'other', '农业结构调整', 'Agricultural restructuring', 'manual', '{}', 0, 220);

create table patches.batches (
  id bigint generated always as identity primary key,
  batch_no text not null unique,
  name text not null check (length(name) between 2 and 200),
  source text not null check (source in ('ministry', 'province', 'self')),
  before_date date not null,
  after_date date not null check (after_date >= before_date),
  area_desc text not null default '',
  deadline date not null,
  imagery_before_url text,
  imagery_after_url text,
  synthetic_imagery boolean not null default false,
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  patch_count int not null default 0,
  org_path ltree not null,
  created_at timestamptz not null default now(),
  created_by bigint,
  imported_at timestamptz
);
comment on table patches.batches is 'Monitoring batches (监测批次)';
comment on column patches.batches.id is 'Surrogate key';
comment on column patches.batches.batch_no is 'Batch number (批次编号)';
comment on column patches.batches.name is 'Batch name (批次名称)';
comment on column patches.batches.source is 'Source (来源): ministry 部下发 / province 省级监测 / self 自主监测';
comment on column patches.batches.before_date is 'Date of the earlier image (前时相)';
comment on column patches.batches.after_date is 'Date of the later image (后时相)';
comment on column patches.batches.area_desc is 'Area covered (监测范围)';
comment on column patches.batches.deadline is 'Deadline for the counties (县级核查截止日期)';
comment on column patches.batches.imagery_before_url is 'Earlier imagery as an XYZ or WMTS tile URL template (前时相影像)';
comment on column patches.batches.imagery_after_url is 'Later imagery as an XYZ or WMTS tile URL template (后时相影像)';
comment on column patches.batches.synthetic_imagery is 'True: the two images are drawn by the platform from the land-use layer (合成影像, demo)';
comment on column patches.batches.status is 'draft 待导入 / open 核查中 / closed 已办结';
comment on column patches.batches.patch_count is 'Number of patches imported';
comment on column patches.batches.org_path is 'Bureau that imported the batch';
comment on column patches.batches.created_at is 'When created';
comment on column patches.batches.created_by is 'Who created it';
comment on column patches.batches.imported_at is 'When the patches were imported';
grant select, insert, update on patches.batches to sunland_app;

create table patches.batch_counties (
  batch_id bigint not null references patches.batches(id),
  county_code text not null check (county_code ~ '^\d{6}$'),
  org_path ltree not null,
  status text not null default 'open' check (status in ('open', 'submitted', 'accepted')),
  submitted_at timestamptz,
  submitted_by bigint,
  accepted_at timestamptz,
  accepted_by bigint,
  primary key (batch_id, county_code)
);
comment on table patches.batch_counties is 'A batch''s work of one county (县级核查任务): submitted by the deadline, accepted by the reviewing level';
comment on column patches.batch_counties.batch_id is 'The batch';
comment on column patches.batch_counties.county_code is 'County (GB/T 2260, 6 digits)';
comment on column patches.batch_counties.org_path is 'County org path';
comment on column patches.batch_counties.status is 'open 核查中 / submitted 已上报 / accepted 已审核通过';
comment on column patches.batch_counties.submitted_at is 'When the county submitted (上报时间)';
comment on column patches.batch_counties.submitted_by is 'Who submitted';
comment on column patches.batch_counties.accepted_at is 'When the reviewing level accepted the last patch';
comment on column patches.batch_counties.accepted_by is 'Who accepted';
grant select, insert, update on patches.batch_counties to sunland_app;
alter table patches.batch_counties enable row level security;
alter table patches.batch_counties force row level security;
create policy batch_counties_rw on patches.batch_counties for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

alter table patches.batches enable row level security;
alter table patches.batches force row level security;
create policy batches_read on patches.batches for select to sunland_app
  using (platform.in_scope(org_path) or exists (select 1 from patches.batch_counties c where c.batch_id = batches.id));
create policy batches_insert on patches.batches for insert to sunland_app with check (platform.in_scope(org_path));
create policy batches_update on patches.batches for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table patches.patches (
  id uuid primary key default gen_random_uuid(),
  batch_id bigint not null references patches.batches(id),
  tbbh text not null check (length(tbbh) between 1 and 40),
  change_type text not null default '',
  before_phase text not null default '',
  after_phase text not null default '',
  stated_area_m2 numeric(14,2),
  area_m2 numeric(14,2) not null,
  geom jsonb not null,
  bbox box not null,
  geom_hash text not null,
  lon double precision not null,
  lat double precision not null,
  county_code text not null check (county_code ~ '^\d{6}$'),
  township_code text check (township_code ~ '^\d{9}$'),
  org_path ltree not null,
  precheck jsonb not null default '{}',
  suggested_class text references patches.classes(code),
  status text not null default 'pending' check (status in ('pending', 'proposed', 'submitted', 'returned', 'accepted')),
  verdict_class text references patches.classes(code),
  verdict_approval_no text,
  verdict_cropland_m2 numeric(14,2),
  verdict_basic_farmland_m2 numeric(14,2),
  verdict_reason text,
  review_comment text,
  field_record jsonb,
  enforcement_case_no text,
  enforcement_case_id text,
  rectification text not null default 'none' check (rectification in ('none', 'pending', 'demolished', 'confiscated', 'legalised')),
  rectification_approval_no text,
  rectified_at timestamptz,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (batch_id, tbbh)
);
comment on table patches.patches is 'Change patches (变化图斑) of a batch with pre-check, field record, verdict, review and rectification';
comment on column patches.patches.id is 'Surrogate key (also the field assignment id)';
comment on column patches.patches.batch_id is 'The batch';
comment on column patches.patches.tbbh is 'Patch number (图斑编号)';
comment on column patches.patches.change_type is 'Change type as stated (变化类型)';
comment on column patches.patches.before_phase is 'Earlier land cover as stated (前时相地类)';
comment on column patches.patches.after_phase is 'Later land cover as stated (后时相地类)';
comment on column patches.patches.stated_area_m2 is 'Area as stated in the file (图斑面积), m²';
comment on column patches.patches.area_m2 is 'Ellipsoidal area on CGCS2000 (计算面积), m²';
comment on column patches.patches.geom is 'Polygon or MultiPolygon, GeoJSON lon/lat EPSG:4490';
comment on column patches.patches.bbox is 'Bounding box for the index';
comment on column patches.patches.geom_hash is 'SHA-256 of the canonical coordinates (rounded to 1e-7°): same geometry in another batch = duplicate';
comment on column patches.patches.lon is 'Longitude of the interior point';
comment on column patches.patches.lat is 'Latitude of the interior point';
comment on column patches.patches.county_code is 'County the patch lies in (所在县)';
comment on column patches.patches.township_code is 'Township the patch lies in (所在乡镇), when the map knows it';
comment on column patches.patches.org_path is 'Scope: the county''s org path';
comment on column patches.patches.precheck is 'Pre-check result (内业预判): matched approvals with share, cropland and basic-farmland area, plan zones, mining rights';
comment on column patches.patches.suggested_class is 'Class suggested by the pre-check (预判类型)';
comment on column patches.patches.status is 'pending 待核查 / proposed 已判定 / submitted 已上报 / returned 已退回 / accepted 已通过(锁定)';
comment on column patches.patches.verdict_class is 'Verdict of the county (判定类型)';
comment on column patches.patches.verdict_approval_no is 'Approval number of a 合法 verdict or of a legalisation (批准文号)';
comment on column patches.patches.verdict_cropland_m2 is 'Cropland occupied of a 违法 verdict (占用耕地), m²';
comment on column patches.patches.verdict_basic_farmland_m2 is 'Permanent basic farmland occupied of a 违法 verdict (占用永久基本农田), m²';
comment on column patches.patches.verdict_reason is 'Reason of an 其他 verdict, or facts of the case (判定说明)';
comment on column patches.patches.review_comment is 'Comment of the reviewing level when returned (退回意见)';
comment on column patches.patches.field_record is 'Field record (外业核查记录): values, position, photos by sha256, signature, far flags';
comment on column patches.patches.enforcement_case_no is 'Enforcement case number (立案编号) once handed over; null = awaiting enforcement';
comment on column patches.patches.enforcement_case_id is 'Enforcement case id';
comment on column patches.patches.rectification is 'Rectification (整改): none 无需 / pending 整改中 / demolished 已拆除复耕 / confiscated 已没收 / legalised 已完善手续';
comment on column patches.patches.rectification_approval_no is 'Approval number of a legalisation (完善手续批准文号)';
comment on column patches.patches.rectified_at is 'When the illegal state was removed (消除违法状态时间)';
comment on column patches.patches.version is 'Changes whenever the office changes the patch (field conflicts)';
comment on column patches.patches.created_at is 'When imported';
comment on column patches.patches.updated_at is 'Last change';
grant select, insert, update on patches.patches to sunland_app;
create index patches_batch on patches.patches (batch_id);
create index patches_hash on patches.patches (geom_hash);
create index patches_tbbh on patches.patches (tbbh);
create index patches_org on patches.patches using gist (org_path);
alter table patches.patches enable row level security;
alter table patches.patches force row level security;
create policy patches_rw on patches.patches for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table patches.patch_tipoffs (
  patch_id uuid not null references patches.patches(id),
  tipoff_id bigint not null,
  tipoff_no text not null,
  org_path ltree not null,
  linked_at timestamptz not null default now(),
  linked_by bigint,
  primary key (patch_id, tipoff_id)
);
comment on table patches.patch_tipoffs is 'Tip-offs linked to a patch (图斑关联举报)';
comment on column patches.patch_tipoffs.patch_id is 'The patch';
comment on column patches.patch_tipoffs.tipoff_id is 'Tip-off report id';
comment on column patches.patch_tipoffs.tipoff_no is 'Tip-off number (举报编号)';
comment on column patches.patch_tipoffs.org_path is 'Scope: the patch''s';
comment on column patches.patch_tipoffs.linked_at is 'When linked';
comment on column patches.patch_tipoffs.linked_by is 'Who linked';
grant select, insert, delete on patches.patch_tipoffs to sunland_app;
alter table patches.patch_tipoffs enable row level security;
alter table patches.patch_tipoffs force row level security;
create policy patch_tipoffs_rw on patches.patch_tipoffs for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
