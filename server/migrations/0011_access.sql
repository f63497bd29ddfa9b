-- Access (权限): roles (角色), their permissions, and posts (岗位) = a user at an org unit in a
-- role. A post acts in the scope path of its unit. Row-level security on posts follows the
-- org tree; a trigger keeps the three administrators (三员) apart even if a service forgets.
create schema access;
comment on schema access is 'Roles, permissions and posts (角色、权限与岗位)';
grant usage on schema access to sunland_app;

create table access.roles (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name text not null check (length(name) between 1 and 50),
  name_en text,
  admin_kind text check (admin_kind in ('sys', 'sec', 'audit')),
  built_in boolean not null default false,
  created_at timestamptz not null default now()
);
comment on table access.roles is 'Roles (角色): a named set of permissions; the security administrator (安全管理员) maintains them';
comment on column access.roles.id is 'Surrogate key';
comment on column access.roles.code is 'Stable code, e.g. window_clerk';
comment on column access.roles.name is 'Chinese name (角色名称)';
comment on column access.roles.name_en is 'English name for the en-US UI';
comment on column access.roles.admin_kind is 'sys (系统管理员), sec (安全管理员), audit (审计管理员) or null; no user holds two kinds (三员分立)';
comment on column access.roles.built_in is 'Shipped with Sunland (内置角色); cannot be renamed away';
comment on column access.roles.created_at is 'When the role was created';
grant select, insert, update on access.roles to sunland_app;

create table access.role_permissions (
  role_id bigint not null references access.roles(id) on delete cascade,
  permission text not null check (permission ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2}$'),
  primary key (role_id, permission)
);
comment on table access.role_permissions is 'Permissions (权限) granted by a role; codes module.resource.action from the catalogue in access/permissions.ts';
comment on column access.role_permissions.role_id is 'The role';
comment on column access.role_permissions.permission is 'Permission code, e.g. platform.user.manage';
grant select, insert, delete on access.role_permissions to sunland_app;

-- Which (role, permission) pairs of the built-in roles were already granted from the code, so a
-- new permission added to BUILT_IN_ROLES is granted once and a grant the security admin removed stays removed.
create table access.built_in_grants (
  role_code text not null,
  permission text not null,
  granted_at timestamptz not null default now(),
  primary key (role_code, permission)
);
comment on table access.built_in_grants is 'Built-in role permissions already applied from the code (内置角色权限同步记录)';
comment on column access.built_in_grants.role_code is 'Built-in role code';
comment on column access.built_in_grants.permission is 'Permission code granted to it once';
comment on column access.built_in_grants.granted_at is 'When it was applied';

create table access.posts (
  id bigint generated always as identity primary key,
  user_id bigint not null references identity.users(id),
  org_unit_id bigint not null references orgs.org_units(id),
  role_id bigint not null references access.roles(id),
  scope_path ltree not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  created_by bigint,
  ended_at timestamptz,
  ended_by bigint,
  check (active = (ended_at is null))
);
comment on table access.posts is 'Posts (岗位): a user holds a role at an org unit and acts in its scope; a user may hold several and switches between them';
comment on column access.posts.id is 'Surrogate key';
comment on column access.posts.user_id is 'The staff member (工作人员)';
comment on column access.posts.org_unit_id is 'Org unit of the post (任职单位)';
comment on column access.posts.role_id is 'Role of the post (岗位角色)';
comment on column access.posts.scope_path is 'Scope the post acts in (数据权限范围): the org unit''s scope_path, set by trigger';
comment on column access.posts.active is 'False once revoked (已撤销); kept for history';
comment on column access.posts.created_at is 'When the post was granted (授予时间)';
comment on column access.posts.created_by is 'User id of the system administrator who granted it';
comment on column access.posts.ended_at is 'When it was revoked (撤销时间)';
comment on column access.posts.ended_by is 'User id of the system administrator who revoked it';
create unique index posts_one_active on access.posts (user_id, org_unit_id, role_id) where active;
create index posts_user on access.posts (user_id) where active;
create index posts_scope on access.posts using gist (scope_path);
grant select, insert, update on access.posts to sunland_app;

alter table access.posts enable row level security;
create policy posts_read on access.posts for select to sunland_app
  using (platform.in_scope(scope_path) or user_id = platform.current_user_id());
create policy posts_insert on access.posts for insert to sunland_app with check (platform.in_scope(scope_path));
create policy posts_update on access.posts for update to sunland_app
  using (platform.in_scope(scope_path)) with check (platform.in_scope(scope_path));

-- The scope comes from the org unit, never from the caller; and no user may hold two admin
-- kinds (三员分立). SECURITY DEFINER so the check sees the user's posts outside the actor's scope.
create function access.posts_guard() returns trigger
  language plpgsql security definer set search_path = pg_catalog, pg_temp as
$$
declare
  kind text;
  other text;
begin
  select u.scope_path into new.scope_path from orgs.org_units u where u.id = new.org_unit_id;
  if new.scope_path is null then
    raise exception 'org unit % not found', new.org_unit_id using errcode = '23503';
  end if;
  if not new.active then
    return new;
  end if;
  select r.admin_kind into kind from access.roles r where r.id = new.role_id;
  if kind is null then
    return new;
  end if;
  -- Serialise admin grants per user so two concurrent grants cannot both pass the check.
  perform pg_advisory_xact_lock(hashtext('access.posts.admin_kind'), new.user_id::int);
  select r.admin_kind into other
    from access.posts p join access.roles r on r.id = p.role_id
   where p.user_id = new.user_id and p.active and p.id <> new.id
     and r.admin_kind is not null and r.admin_kind <> kind
   limit 1;
  if other is not null then
    raise exception 'user % already holds a % administrator post; cannot add a % administrator post', new.user_id, other, kind
      using errcode = 'SL409', hint = 'identity.admin_roles_conflict';
  end if;
  return new;
end
$$;
comment on function access.posts_guard() is 'Sets a post''s scope_path from its org unit and refuses a second administrator kind for one user (三员分立, errcode SL409)';
create trigger posts_guard before insert or update of org_unit_id, role_id, active on access.posts
  for each row execute function access.posts_guard();

-- Built-in roles (内置角色), from BUILT_IN_ROLES in server/src/platform/access/permissions.ts.
insert into access.roles (code, name, name_en, admin_kind, built_in) values
  ('sys_admin', '系统管理员', 'System administrator', 'sys', true),
  ('sec_admin', '安全管理员', 'Security administrator', 'sec', true),
  ('audit_admin', '审计管理员', 'Audit administrator', 'audit', true),
  ('window_clerk', '窗口受理人员', 'Window clerk', null, true),
  ('reviewer', '审查人员', 'Reviewer', null, true),
  ('leader', '审批领导', 'Deciding leader', null, true),
  ('supervisor', '电子监察人员', 'Supervisor', null, true),
  ('inspector', '执法监察人员', 'Inspector', null, true),
  ('township_clerk', '乡镇信息采集员', 'Township clerk', null, true);
insert into access.role_permissions (role_id, permission)
select r.id, p.permission from access.roles r join (values
  ('sys_admin', 'platform.workbench.view'),
  ('sys_admin', 'platform.user.read'),
  ('sys_admin', 'platform.user.manage'),
  ('sys_admin', 'platform.post.manage'),
  ('sys_admin', 'platform.org_unit.manage'),
  ('sys_admin', 'platform.sms_outbox.read'),
  ('sec_admin', 'platform.workbench.view'),
  ('sec_admin', 'platform.user.read'),
  ('sec_admin', 'platform.role.manage'),
  ('sec_admin', 'platform.policy.manage'),
  ('sec_admin', 'platform.calendar.manage'),
  ('audit_admin', 'platform.workbench.view'),
  ('audit_admin', 'platform.audit.read'),
  ('audit_admin', 'platform.audit.verify'),
  ('window_clerk', 'platform.workbench.view'),
  ('window_clerk', 'platform.file.upload'),
  ('reviewer', 'platform.workbench.view'),
  ('reviewer', 'platform.file.upload'),
  ('leader', 'platform.workbench.view'),
  ('leader', 'platform.file.upload'),
  ('supervisor', 'platform.workbench.view'),
  ('supervisor', 'platform.file.upload'),
  ('inspector', 'platform.workbench.view'),
  ('inspector', 'platform.file.upload'),
  ('township_clerk', 'platform.workbench.view'),
  ('township_clerk', 'platform.file.upload')
) as p(role_code, permission) on p.role_code = r.code;
insert into access.built_in_grants (role_code, permission)
select r.code, rp.permission from access.roles r join access.role_permissions rp on rp.role_id = r.id where r.built_in;
