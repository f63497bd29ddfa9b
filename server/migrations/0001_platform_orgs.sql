-- Platform foundations: extensions, the request context read by row-level security,
-- divisions (行政区划) and org units (单位/处室/窗口).
create extension if not exists ltree;
create extension if not exists pgcrypto;

grant usage on schema platform to sunland_app;

-- The acting user's scope is set per transaction by the service layer
-- (set_config('sunland.scopes', '{cn.p52.c5203.x520304}', true)). Unset means no scope: RLS shows nothing.
create or replace function platform.current_scopes() returns ltree[]
  language sql stable parallel safe as
$$ select coalesce(nullif(current_setting('sunland.scopes', true), ''), '{}')::ltree[] $$;
comment on function platform.current_scopes() is 'Subtrees the current transaction may act in (数据权限范围), from sunland.scopes';

create or replace function platform.current_user_id() returns bigint
  language sql stable parallel safe as
$$ select nullif(current_setting('sunland.user_id', true), '')::bigint $$;
comment on function platform.current_user_id() is 'The acting user id of the current transaction, from sunland.user_id';

create or replace function platform.in_scope(p ltree) returns boolean
  language sql stable parallel safe as
$$ select p <@ platform.current_scopes() $$;
comment on function platform.in_scope(ltree) is 'True when the path lies inside one of the current scopes';

grant execute on function platform.current_scopes(), platform.current_user_id(), platform.in_scope(ltree) to sunland_app;

create schema orgs;
comment on schema orgs is 'Divisions and org units (行政区划与机构)';
grant usage on schema orgs to sunland_app;

create table orgs.divisions (
  code text not null,
  name text not null,
  level text not null check (level in ('country', 'province', 'city', 'county', 'township')),
  parent_code text,
  path ltree not null,
  valid_from date not null default '1949-10-01',
  valid_to date,
  replaced_by text,
  primary key (code, valid_from),
  check (valid_to is null or valid_to > valid_from)
);
comment on table orgs.divisions is 'Administrative divisions by GB/T 2260 (行政区划); a changed division gets a new row, history is kept';
comment on column orgs.divisions.code is 'GB/T 2260 code (区划代码): 2/4/6 digits padded to 6, townships 9 digits; 000000 = the country';
comment on column orgs.divisions.name is 'Official name (名称)';
comment on column orgs.divisions.level is 'country, province (省), city (市), county (县), township (乡镇)';
comment on column orgs.divisions.parent_code is 'Code of the parent division (上级区划)';
comment on column orgs.divisions.path is 'ltree path used for scope, e.g. cn.p52.c5203.x520304';
comment on column orgs.divisions.valid_from is 'First day this code and name are valid (启用日期)';
comment on column orgs.divisions.valid_to is 'Day it stopped being valid (撤销/变更日期); null while current';
comment on column orgs.divisions.replaced_by is 'Code of the division that took it over after a merge (合并后区划)';
create unique index divisions_current_code on orgs.divisions (code) where valid_to is null;
create index divisions_path on orgs.divisions using gist (path);
create index divisions_parent on orgs.divisions (parent_code);
grant select on orgs.divisions to sunland_app;

create table orgs.org_units (
  id bigint generated always as identity primary key,
  parent_id bigint references orgs.org_units(id),
  division_code text not null,
  kind text not null check (kind in ('bureau', 'department', 'window', 'office')),
  code text not null unique,
  name text not null,
  name_en text,
  level text not null check (level in ('ministry', 'province', 'city', 'county', 'township')),
  path ltree not null unique,
  scope_path ltree not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table orgs.org_units is 'Offices of the land administration (单位/处室/窗口): bureaus hang under divisions, departments and windows under bureaus';
comment on column orgs.org_units.id is 'Surrogate key';
comment on column orgs.org_units.parent_id is 'Parent org unit (上级单位); null for a top bureau';
comment on column orgs.org_units.division_code is 'Division the unit serves (所属行政区划)';
comment on column orgs.org_units.kind is 'bureau (局/所), department (处室/股室), window (窗口), office (other)';
comment on column orgs.org_units.code is 'Stable unit code, e.g. 520304-B or 520304-D-LAND';
comment on column orgs.org_units.name is 'Chinese name (单位名称)';
comment on column orgs.org_units.name_en is 'English name for the en-US UI';
comment on column orgs.org_units.level is 'Administrative level: ministry (部), province (省厅), city (市局), county (县局), township (乡镇所)';
comment on column orgs.org_units.path is 'ltree path: a bureau has its division path, sub-units add .u<id>';
comment on column orgs.org_units.scope_path is 'Subtree a post at this unit acts in: the path of the nearest bureau (数据权限范围)';
comment on column orgs.org_units.active is 'False once the unit is dissolved; kept for history';
comment on column orgs.org_units.created_at is 'When the unit was created';
create index org_units_path on orgs.org_units using gist (path);
create index org_units_parent on orgs.org_units (parent_id);
-- The org tree is not secret: every staff member picks units from it. Changes stay inside the actor's scope.
grant select, insert, update on orgs.org_units to sunland_app;
alter table orgs.org_units enable row level security;
create policy org_units_read on orgs.org_units for select to sunland_app using (true);
create policy org_units_insert on orgs.org_units for insert to sunland_app with check (platform.in_scope(path));
create policy org_units_update on orgs.org_units for update to sunland_app
  using (platform.in_scope(path)) with check (platform.in_scope(path));

create table platform.seeds (
  name text primary key,
  applied_at timestamptz not null default now()
);
comment on table platform.seeds is 'Data sets loaded once (参考数据/演示数据): reference divisions, demo data';
comment on column platform.seeds.name is 'Seed name, e.g. divisions or demo';
comment on column platform.seeds.applied_at is 'When it was loaded';
