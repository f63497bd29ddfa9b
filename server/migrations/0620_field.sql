-- Field verification platform (外业核查): the offline field app's photo uploads (拍照取证, resumable),
-- the records inspectors sync back (核查记录), and the demo provider's inspection sites (示范核查点).
-- Business modules (patches 图斑, later hazard sites and township patrols) register a form provider
-- in code; their subjects stay in their own schemas, the records of every form are kept here.
--
-- Row-level security: uploads belong to their uploader (a photo is personal until a record names it);
-- records and demo sites to the scope (org_path) of the post that made them.
create schema field;
comment on schema field is 'Field verification platform (外业核查): offline app uploads, synced records, demo sites';
grant usage on schema field to sunland_app;

create table field.uploads (
  id uuid primary key default gen_random_uuid(),
  user_id bigint not null,
  org_path ltree not null,
  name text not null check (length(name) between 1 and 255),
  declared_mime text not null,
  size bigint not null check (size between 1 and 104857600),
  status text not null default 'receiving' check (status in ('receiving', 'complete')),
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  file_upload_id uuid,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  check ((status = 'complete') = (sha256 is not null))
);
comment on table field.uploads is 'Resumable photo uploads of the field app (拍照取证上传): bytes arrive in chunks at offsets, checked and stored by SHA-256 when complete';
comment on column field.uploads.id is 'Upload id (断点续传标识) the client appends chunks to';
comment on column field.uploads.user_id is 'Inspector who uploads (上传人)';
comment on column field.uploads.org_path is 'Scope of the inspector''s post when the upload began';
comment on column field.uploads.name is 'File name as sent (e.g. photo-1.jpg); its extension selects the checked type';
comment on column field.uploads.declared_mime is 'Declared Content-Type (image/jpeg or image/png)';
comment on column field.uploads.size is 'Announced total size in bytes';
comment on column field.uploads.status is 'receiving 接收中 / complete 已完成 (type checked, stored)';
comment on column field.uploads.sha256 is 'SHA-256 of the stored content (platform file store), once complete';
comment on column field.uploads.file_upload_id is 'The files.uploads row recording it, once complete';
comment on column field.uploads.created_at is 'When the upload began';
comment on column field.uploads.completed_at is 'When the last chunk arrived and the type check passed';
grant select, insert, update, delete on field.uploads to sunland_app;
alter table field.uploads enable row level security;
alter table field.uploads force row level security;
create policy uploads_own on field.uploads for all to sunland_app
  using (user_id = platform.current_user_id()) with check (user_id = platform.current_user_id() and platform.in_scope(org_path));
create index uploads_user_sha_idx on field.uploads (user_id, sha256) where status = 'complete';

create table field.records (
  record_id uuid primary key,
  kind text not null check (length(kind) between 1 and 60),
  assignment_id text not null check (length(assignment_id) between 1 and 200),
  user_id bigint not null,
  org_path ltree not null,
  base_version text not null,
  form_values jsonb not null,
  position jsonb,
  distance_m double precision,
  photos jsonb not null default '[]',
  far_photos int not null default 0,
  signature_sha256 text check (signature_sha256 ~ '^[0-9a-f]{64}$'),
  recorded_at timestamptz not null,
  received_at timestamptz not null default now()
);
comment on table field.records is 'Field records (外业核查记录) synced from the field app; one per client record id (idempotency key), accepted by the form''s provider';
comment on column field.records.record_id is 'Client-generated UUID: the idempotency key; a replay returns this row unchanged';
comment on column field.records.kind is 'Form provider (表单类型): patch 图斑, demo-site 示范核查点, …';
comment on column field.records.assignment_id is 'Subject id in the provider module (核查对象)';
comment on column field.records.user_id is 'Inspector (核查人)';
comment on column field.records.org_path is 'Scope of the inspector''s post (RLS)';
comment on column field.records.base_version is 'Version of the subject the inspector saw (核查时版本)';
comment on column field.records.form_values is 'Form values (核查内容) by field name';
comment on column field.records.position is 'Device position {lon, lat, accuracyM} when recorded (定位)';
comment on column field.records.distance_m is 'Server-computed distance from the position to the subject (距核查对象距离, m); 0 inside';
comment on column field.records.photos is 'Photos [{sha256, takenAt, lon, lat, headingDeg, distanceM, far}] (现场照片)';
comment on column field.records.far_photos is 'Number of photos taken farther than the provider''s limit (超距照片数)';
comment on column field.records.signature_sha256 is 'PNG of the inspector''s signature (核查人签名)';
comment on column field.records.recorded_at is 'When recorded, device clock (记录时间)';
comment on column field.records.received_at is 'When the server accepted it (同步时间)';
grant select, insert on field.records to sunland_app;
alter table field.records enable row level security;
alter table field.records force row level security;
create policy records_rw on field.records for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (platform.in_scope(org_path));
create index records_assignment_idx on field.records (kind, assignment_id, received_at);

create table field.demo_sites (
  id uuid primary key default gen_random_uuid(),
  org_path ltree not null,
  title text not null check (length(title) between 1 and 200),
  geometry jsonb not null,
  note text not null default '',
  version int not null default 1,
  due_date date,
  last_record_id uuid,
  updated_at timestamptz not null default now()
);
comment on table field.demo_sites is 'Demo inspection sites (示范核查点) of the field platform''s own demo form; real forms live in their modules';
comment on column field.demo_sites.id is 'Site id (assignment id of the demo form)';
comment on column field.demo_sites.org_path is 'County (or township) scope the site belongs to';
comment on column field.demo_sites.title is 'Title shown to the inspector (名称)';
comment on column field.demo_sites.geometry is 'GeoJSON Point or Polygon, lon/lat CGCS2000 (位置)';
comment on column field.demo_sites.note is 'What the office wants checked (核查要求)';
comment on column field.demo_sites.version is 'Bumped whenever the office changes the site; a record on an older version is a conflict';
comment on column field.demo_sites.due_date is 'Check before (核查期限)';
comment on column field.demo_sites.last_record_id is 'Latest accepted field record';
comment on column field.demo_sites.updated_at is 'Last change';
grant select, update on field.demo_sites to sunland_app;
alter table field.demo_sites enable row level security;
alter table field.demo_sites force row level security;
create policy demo_sites_rw on field.demo_sites for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
