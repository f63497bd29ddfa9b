-- Editing the enforcement settings (执法办案参数: stage limits, warning days, disclosure days,
-- review and hearing thresholds) and the discretion baselines (裁量基准) from the web app, by the
-- leader or the legal reviewer (enforcement.settings.manage), audited and versioned:
-- - settings: a version number on the row and every version kept in settings_versions;
-- - baselines: a revision is a new row (version + 1, supersedes the old one) and the old row is
--   retired (active = false, retired_at), so a case's proposal keeps naming the rule it applied.

alter table enforcement.settings add column version int not null default 1;
alter table enforcement.settings add column change_reason text;
comment on column enforcement.settings.version is 'Version of these settings (版本号), +1 on every change';
comment on column enforcement.settings.change_reason is 'Why the last change was made (修改理由)';

alter table enforcement.settings enable row level security;
alter table enforcement.settings force row level security;
create policy settings_read on enforcement.settings for select to sunland_app using (true);
create policy settings_insert on enforcement.settings for insert to sunland_app with check (org_path <@ (select platform.current_scopes()));
create policy settings_update on enforcement.settings for update to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));
comment on policy settings_read on enforcement.settings is 'Every staff member reads the settings that apply (nearest ancestor)';
comment on policy settings_update on enforcement.settings is 'A post changes only the settings of its own scope';

create table enforcement.settings_versions (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  version int not null,
  stage_days jsonb not null,
  warn_days int not null,
  disclosure_days int not null,
  review_fine_person numeric(14,2) not null,
  review_fine_company numeric(14,2) not null,
  hearing_fine_person numeric(14,2) not null,
  hearing_fine_company numeric(14,2) not null,
  change_reason text not null,
  changed_by bigint not null,
  changed_by_name text not null,
  changed_at timestamptz not null default now(),
  unique (org_path, version)
);
comment on table enforcement.settings_versions is 'Every version of a scope''s enforcement settings (执法办案参数历史版本)';
comment on column enforcement.settings_versions.id is 'Surrogate key';
comment on column enforcement.settings_versions.org_path is 'Subtree the settings apply to (适用范围)';
comment on column enforcement.settings_versions.version is 'Version number (版本号)';
comment on column enforcement.settings_versions.stage_days is 'Working-day limit per stage (各环节时限) of this version';
comment on column enforcement.settings_versions.warn_days is 'Yellow warning days (黄灯预警天数) of this version';
comment on column enforcement.settings_versions.disclosure_days is 'Disclosure working days (双公示时限) of this version';
comment on column enforcement.settings_versions.review_fine_person is 'Legal review threshold, person (元)';
comment on column enforcement.settings_versions.review_fine_company is 'Legal review threshold, company (元)';
comment on column enforcement.settings_versions.hearing_fine_person is 'Hearing threshold, person (元)';
comment on column enforcement.settings_versions.hearing_fine_company is 'Hearing threshold, company (元)';
comment on column enforcement.settings_versions.change_reason is 'Why it was changed (修改理由)';
comment on column enforcement.settings_versions.changed_by is 'Who changed it';
comment on column enforcement.settings_versions.changed_by_name is 'Name of who changed it, as shown';
comment on column enforcement.settings_versions.changed_at is 'When';
grant select, insert on enforcement.settings_versions to sunland_app;
alter table enforcement.settings_versions enable row level security;
alter table enforcement.settings_versions force row level security;
create policy settings_versions_rw on enforcement.settings_versions for all to sunland_app
  using (org_path <@ (select platform.current_scopes()) or org_path @> any ((select platform.current_scopes())))
  with check (org_path <@ (select platform.current_scopes()));
comment on policy settings_versions_rw on enforcement.settings_versions is 'History of the scope''s own settings and of those it inherits; written only for the own scope';

alter table enforcement.baselines add column version int not null default 1;
alter table enforcement.baselines add column supersedes_id bigint references enforcement.baselines(id);
alter table enforcement.baselines add column change_reason text;
alter table enforcement.baselines add column changed_by bigint;
alter table enforcement.baselines add column changed_by_name text;
alter table enforcement.baselines add column retired_at timestamptz;
comment on column enforcement.baselines.version is 'Version of the band (版本号): a revision is a new row with version + 1';
comment on column enforcement.baselines.supersedes_id is 'The row this revision replaces (a wider scope''s row when refined locally, 本级细化)';
comment on column enforcement.baselines.change_reason is 'Why it was revised (修订理由)';
comment on column enforcement.baselines.changed_by is 'Who revised it';
comment on column enforcement.baselines.changed_by_name is 'Name of who revised it, as shown';
comment on column enforcement.baselines.retired_at is 'When a revision replaced it (active = false)';
