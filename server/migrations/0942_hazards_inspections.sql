-- 三查 (汛前排查 / 汛中检查 / 汛后核查): an inspection round is planned for the registered sites
-- of a scope with a deadline; each site's task is recorded in the offline field app (the
-- `hazard-inspection` form of platform/field) and keeps the inspector's findings.
create table hazards.inspections (
  id uuid primary key default gen_random_uuid(),
  site_id bigint not null references hazards.sites(id),
  org_path ltree not null,
  round text not null check (round in ('pre_flood', 'in_flood', 'post_flood')),
  year int not null check (year between 2000 and 2100),
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'done')),
  version int not null default 1,
  record_id uuid unique,
  result jsonb,
  recorded_at timestamptz,
  done_at timestamptz,
  done_by bigint,
  created_by bigint not null,
  created_at timestamptz not null default now(),
  unique (site_id, round, year)
);
comment on table hazards.inspections is '隐患点巡查排查任务 (三查): one site, one round of a year, with its deadline and the field record';
comment on column hazards.inspections.id is 'Task id (the field app''s assignment id)';
comment on column hazards.inspections.site_id is 'The hazard site (隐患点)';
comment on column hazards.inspections.org_path is 'The site''s township path, for RLS';
comment on column hazards.inspections.round is 'pre_flood 汛前排查 / in_flood 汛中检查 / post_flood 汛后核查';
comment on column hazards.inspections.year is 'Flood season year (汛期年度)';
comment on column hazards.inspections.due_on is 'Deadline of the inspection (完成时限)';
comment on column hazards.inspections.status is 'open 待巡查 / done 已完成';
comment on column hazards.inspections.version is 'Changes when the office changes the task (the field app''s assignment version)';
comment on column hazards.inspections.record_id is 'The field record that completed it (idempotency)';
comment on column hazards.inspections.result is 'What the inspector found: form values, position, photos, signature, inspector';
comment on column hazards.inspections.recorded_at is 'When it was recorded on site (device clock)';
comment on column hazards.inspections.done_at is 'When the record reached the server';
comment on column hazards.inspections.done_by is 'Inspector (user id)';
comment on column hazards.inspections.created_by is 'Who planned the round';
comment on column hazards.inspections.created_at is 'When the round was planned';
create index inspections_path on hazards.inspections using gist (org_path);
create index inspections_open on hazards.inspections (status, due_on);
grant select, insert, update on hazards.inspections to sunland_app;
alter table hazards.inspections enable row level security;
alter table hazards.inspections force row level security;
create policy inspections_rw on hazards.inspections for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));
