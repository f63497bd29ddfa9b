-- Import progress of a batch file (导入进度): a large patch file takes a while to parse, check and
-- pre-check; the import reports how far it stands (parsed, validated, inserted) into this table from
-- a connection of its own, outside the import's transaction, so the web page can poll it and show a
-- progress bar while the import still runs (and before anything of it is committed).
--
-- Row-level security: a progress row is its importer's own (like field.uploads): the client names
-- the run with a token of its choosing, unique per user.
create table patches.import_progress (
  user_id bigint not null,
  token uuid not null,
  org_path ltree not null,
  batch_no text not null,
  dry_run boolean not null,
  phase text not null check (phase in ('parsing', 'validating', 'inserting', 'done', 'failed')),
  total int not null default 0 check (total >= 0),
  parsed int not null default 0 check (parsed >= 0),
  validated int not null default 0 check (validated >= 0),
  inserted int not null default 0 check (inserted >= 0),
  steps int not null default 1 check (steps >= 1),
  message text,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, token)
);
comment on table patches.import_progress is 'Progress of a batch import (图斑导入进度), written outside the import transaction so it is visible while the import runs';
comment on column patches.import_progress.user_id is 'Importer (导入人)';
comment on column patches.import_progress.token is 'Run token chosen by the client (UUID), passed as ?progress= on the import';
comment on column patches.import_progress.org_path is 'Scope of the importer''s post';
comment on column patches.import_progress.batch_no is 'Batch number (批次编号) being imported';
comment on column patches.import_progress.dry_run is 'True: the dry run (预检), false: the apply (导入)';
comment on column patches.import_progress.phase is 'parsing 解析 / validating 校验 / inserting 入库（含内业预判） / done 完成 / failed 失败';
comment on column patches.import_progress.total is 'Features in the file (图斑总数), once parsed';
comment on column patches.import_progress.parsed is 'Features parsed (已解析)';
comment on column patches.import_progress.validated is 'Features checked: geometry, 图斑编号, county, duplicates (已校验)';
comment on column patches.import_progress.inserted is 'Patches pre-checked and inserted so far (已入库); committed only when the import ends done';
comment on column patches.import_progress.steps is 'Number of progress reports written (进度更新次数)';
comment on column patches.import_progress.message is 'Error message when failed (失败原因)';
comment on column patches.import_progress.started_at is 'When the run began';
comment on column patches.import_progress.updated_at is 'When the progress was last written';
grant select, insert, update, delete on patches.import_progress to sunland_app;
alter table patches.import_progress enable row level security;
alter table patches.import_progress force row level security;
create policy import_progress_own on patches.import_progress for all to sunland_app
  using (user_id = platform.current_user_id())
  with check (user_id = platform.current_user_id() and platform.in_scope(org_path));
