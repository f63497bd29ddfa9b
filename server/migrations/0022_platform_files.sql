-- Files (文件存储): bytes live content-addressed under DATA_DIR/files (or an S3-compatible
-- store); the database keeps what they are and who uploaded them.
create schema files;
comment on schema files is 'Uploaded files and attachments (附件与文件)';
grant usage on schema files to sunland_app;

create table files.objects (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint not null check (size >= 0),
  mime text not null,
  created_at timestamptz not null default now()
);
comment on table files.objects is 'Stored contents (文件内容), one row per distinct SHA-256: the same bytes uploaded twice are stored once';
comment on column files.objects.sha256 is 'SHA-256 of the bytes (内容摘要), hex; also the storage key aa/bb/<sha256>';
comment on column files.objects.size is 'Size in bytes (大小)';
comment on column files.objects.mime is 'Type detected from the bytes (检测类型)';
comment on column files.objects.created_at is 'When the bytes were first stored';

create table files.uploads (
  id uuid primary key default gen_random_uuid(),
  sha256 text not null references files.objects(sha256),
  original_name text not null check (length(original_name) between 1 and 255),
  declared_mime text not null,
  detected_mime text not null,
  uploaded_by bigint,
  org_path ltree,
  created_at timestamptz not null default now()
);
comment on table files.uploads is 'Uploads (上传记录): one per upload, naming the stored content; modules refer to files by this id';
comment on column files.uploads.id is 'Random identifier (文件标识), safe to show in URLs';
comment on column files.uploads.sha256 is 'The stored content (内容摘要)';
comment on column files.uploads.original_name is 'File name given by the uploader (原文件名)';
comment on column files.uploads.declared_mime is 'Content-Type the client declared (声明类型)';
comment on column files.uploads.detected_mime is 'Type detected from the bytes (检测类型); it matched the declared type and the extension';
comment on column files.uploads.uploaded_by is 'Uploading user (上传人); null for anonymous public uploads';
comment on column files.uploads.org_path is 'ltree scope the file belongs to (所属机构范围): the uploader''s scope; null for public uploads';
comment on column files.uploads.created_at is 'When it was uploaded (上传时间)';
create index uploads_sha256 on files.uploads (sha256);
create index uploads_org on files.uploads using gist (org_path);

grant select, insert on files.objects to sunland_app;
grant select, insert on files.uploads to sunland_app;
-- Contents are shared across scopes by design (dedupe); who may download is decided on uploads.
alter table files.uploads enable row level security;
create policy uploads_read on files.uploads for select to sunland_app
  using ((org_path is not null and platform.in_scope(org_path))
         or (uploaded_by is not null and uploaded_by = platform.current_user_id()));
create policy uploads_insert on files.uploads for insert to sunland_app
  with check (org_path is null or platform.in_scope(org_path));
