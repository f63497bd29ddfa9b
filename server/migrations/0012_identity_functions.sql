-- Login and session lookup happen before any scope is known. They run as these SECURITY
-- DEFINER functions (owned by the migration role, fixed search_path), which read exactly what
-- the step needs; RLS stays on for everything else the application role does.

create function identity.login_lookup(p_login text)
  returns table (
    id bigint, username text, display_name text, kind text, status text, password_hash text,
    password_changed_at timestamptz, must_change_password boolean, failed_logins int, locked_until timestamptz,
    totp_secret text, totp_enabled boolean, totp_last_step bigint, is_admin boolean)
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
declare
  uid bigint;
begin
  -- Staff log in with their username; public accounts with their mobile number (= username),
  -- ID number (身份证号) or credit code (统一社会信用代码).
  select u.id into uid from identity.users u where lower(u.username) = lower(p_login);
  if uid is null then
    select u.id into uid from identity.users u where u.kind = 'public' and u.phone = p_login;
  end if;
  if uid is null then
    select u.id into uid from identity.users u where u.id_number = upper(p_login);
  end if;
  if uid is null then
    return;
  end if;
  return query
    select u.id, u.username, u.display_name, u.kind, u.status, u.password_hash, u.password_changed_at,
           u.must_change_password, u.failed_logins, u.locked_until, u.totp_secret, u.totp_enabled, u.totp_last_step,
           exists (select 1 from access.posts p join access.roles r on r.id = p.role_id
                    where p.user_id = u.id and p.active and r.admin_kind is not null)
      from identity.users u where u.id = uid;
end
$$;
comment on function identity.login_lookup(text) is 'Account facts needed to check a login (登录校验), found by username, public mobile number or ID number; bypasses RLS by design';
revoke all on function identity.login_lookup(text) from public;
grant execute on function identity.login_lookup(text) to sunland_app;

-- One atomic update, so concurrent wrong passwords are all counted. Reaching the limit locks
-- the account and restarts the count for the next round.
create function identity.login_failed(p_user_id bigint, p_max_failures int, p_lock_minutes int)
  returns table (failed_logins int, locked_until timestamptz, locked_now boolean)
  language sql volatile security definer set search_path = pg_catalog, pg_temp as
$$
  update identity.users u
     set failed_logins = case when u.failed_logins + 1 >= p_max_failures then 0 else u.failed_logins + 1 end,
         locked_until = case when u.failed_logins + 1 >= p_max_failures
                             then now() + make_interval(mins => p_lock_minutes) else u.locked_until end
   where u.id = p_user_id
  returning u.failed_logins, u.locked_until, coalesce(u.locked_until > now(), false)
$$;
comment on function identity.login_failed(bigint, int, int) is 'Counts one failed login (登录失败计数) and locks the account at the limit; returns the new count and lock';
revoke all on function identity.login_failed(bigint, int, int) from public;
grant execute on function identity.login_failed(bigint, int, int) to sunland_app;

-- Everything a request needs to know about its session, in one round trip: the user, the
-- active post with its scope and permissions, and the user's posts (for /api/auth/me).
-- Ends the session when idle or past its absolute expiry; touches last_seen_at at most once a minute.
create function identity.session_lookup(p_id text, p_idle_minutes int, p_max_age_days int)
  returns jsonb
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as
$$
declare
  s identity.sessions%rowtype;
  pol identity.security_policy%rowtype;
  idle int;
  result jsonb;
begin
  select * into s from identity.sessions where id = p_id and ended_at is null;
  if not found then
    return null;
  end if;
  select * into pol from identity.security_policy where id;
  idle := coalesce(pol.session_idle_minutes, p_idle_minutes);
  if s.expires_at <= now() or s.last_seen_at < now() - make_interval(mins => idle) then
    update identity.sessions set ended_at = now(), end_reason = case when s.expires_at <= now() then 'expired' else 'idle' end
     where id = p_id and ended_at is null;
    return null;
  end if;
  select jsonb_build_object(
      'sessionId', s.id,
      'userId', u.id,
      'username', u.username,
      'displayName', u.display_name,
      'kind', u.kind,
      'totpEnabled', u.totp_enabled,
      'passwordChangedAt', u.password_changed_at,
      'passwordMaxAgeDays', coalesce(pol.password_max_age_days, p_max_age_days),
      'activePostId', ap.id,
      'orgUnitId', ap.org_unit_id,
      'scopePath', ap.scope_path::text,
      'roleCode', ar.code,
      'permissions', coalesce((select jsonb_agg(rp.permission order by rp.permission)
                                 from access.role_permissions rp where rp.role_id = ap.role_id), '[]'::jsonb),
      'posts', coalesce((select jsonb_agg(jsonb_build_object(
                   'id', p.id, 'orgUnitId', p.org_unit_id, 'orgUnitName', o.name, 'orgUnitNameEn', o.name_en,
                   'roleCode', r.code, 'roleName', r.name, 'roleNameEn', r.name_en, 'scopePath', p.scope_path::text,
                   'adminKind', r.admin_kind) order by p.id)
                 from access.posts p join access.roles r on r.id = p.role_id join orgs.org_units o on o.id = p.org_unit_id
                where p.user_id = u.id and p.active), '[]'::jsonb))
    into result
    from identity.users u
    left join access.posts ap on ap.id = s.active_post_id and ap.user_id = u.id and ap.active
    left join access.roles ar on ar.id = ap.role_id
   where u.id = s.user_id and u.status = 'active';
  if result is null then
    update identity.sessions set ended_at = now(), end_reason = 'disabled' where id = p_id and ended_at is null;
    return null;
  end if;
  if s.last_seen_at < now() - interval '1 minute' then
    update identity.sessions set last_seen_at = now() where id = p_id;
  end if;
  return result;
end
$$;
comment on function identity.session_lookup(text, int, int) is 'Validates a session (会话校验) by token hash and returns the user, active post, permissions and posts as JSON, or null; ends idle sessions';
revoke all on function identity.session_lookup(text, int, int) from public;
grant execute on function identity.session_lookup(text, int, int) to sunland_app;
