-- Authentication hardening (issue 9): server secrets kept in the database (shared by every
-- process), spent proof-of-work challenges, failed-login throttling per address and per login
-- name (the same for real and unknown accounts), no hard account lock any more, and an idle
-- window that activity always extends.

create table platform.secrets (
  name text primary key,
  value bytea not null,
  created_at timestamptz not null default now()
);
comment on table platform.secrets is 'Server secrets (服务器密钥) shared by every process, created on first use: HMAC keys of proof-of-work challenges and SMS codes, the audit anchor signing key';
comment on column platform.secrets.name is 'Secret name, e.g. pow-hmac, sms-code-hmac, audit-anchor-ed25519';
comment on column platform.secrets.value is 'Random bytes (32)';
comment on column platform.secrets.created_at is 'When it was created';
grant select, insert on platform.secrets to sunland_app;

create table platform.pow_used (
  challenge_hash text primary key,
  expires_at timestamptz not null
);
comment on table platform.pow_used is 'Spent proof-of-work challenges of the platform (已使用的工作量证明), kept until they expire: each is good for one attempt';
comment on column platform.pow_used.challenge_hash is 'SHA-256 of the challenge string, hex';
comment on column platform.pow_used.expires_at is 'When the challenge expires; rows after that may be deleted';
grant select, insert, delete on platform.pow_used to sunland_app;

create table identity.login_throttle (
  key text primary key,
  failures int not null,
  window_start timestamptz not null,
  last_failure_at timestamptz not null
);
comment on table identity.login_throttle is 'Failed sign-in attempts (登录失败计数) per client address (ip:…) and per login name (login:…), whether or not the account exists; read and written only through identity.throttle_* functions';
comment on column identity.login_throttle.key is 'ip:<address> or login:<lower-case login name>';
comment on column identity.login_throttle.failures is 'Failures counted since window_start';
comment on column identity.login_throttle.window_start is 'Start of the counting window; a failure after the window starts a new one';
comment on column identity.login_throttle.last_failure_at is 'Time of the last failure';
alter table identity.login_throttle enable row level security;
-- No grant and no policy: only the SECURITY DEFINER functions below touch it.

create function identity.throttle_read(p_keys text[], p_window_minutes int)
  returns table (key text, failures int)
  language sql stable security definer set search_path = pg_catalog, pg_temp as
$$
  select k, coalesce((select t.failures from identity.login_throttle t
                       where t.key = k and t.window_start > now() - make_interval(mins => p_window_minutes)), 0)
    from unnest(p_keys) k
$$;
comment on function identity.throttle_read(text[], int) is 'Failures of each key within the window (登录失败计数查询); 0 for keys never seen';
revoke all on function identity.throttle_read(text[], int) from public;
grant execute on function identity.throttle_read(text[], int) to sunland_app;

create function identity.throttle_fail(p_keys text[], p_window_minutes int)
  returns table (key text, failures int)
  language sql volatile security definer set search_path = pg_catalog, pg_temp as
$$
  insert into identity.login_throttle as t (key, failures, window_start, last_failure_at)
  select k, 1, now(), now() from unnest(p_keys) k
  on conflict (key) do update
     set failures = case when t.window_start > now() - make_interval(mins => p_window_minutes) then t.failures + 1 else 1 end,
         window_start = case when t.window_start > now() - make_interval(mins => p_window_minutes) then t.window_start else now() end,
         last_failure_at = now()
  returning t.key, t.failures
$$;
comment on function identity.throttle_fail(text[], int) is 'Counts one failure for each key (登录失败计数), atomically; returns the new counts';
revoke all on function identity.throttle_fail(text[], int) from public;
grant execute on function identity.throttle_fail(text[], int) to sunland_app;

create function identity.throttle_clear(p_key text)
  returns void
  language sql volatile security definer set search_path = pg_catalog, pg_temp as
$$ delete from identity.login_throttle where key = p_key $$;
comment on function identity.throttle_clear(text) is 'Forgets the failures of one key (successful sign-in, or an administrator''s unlock)';
revoke all on function identity.throttle_clear(text) from public;
grant execute on function identity.throttle_clear(text) to sunland_app;

-- Failures are still counted on the account (shown to administrators), but never lock it: a
-- stranger who knows a username must not be able to lock its owner out. Past the limit the
-- login name needs a proof of work instead (identity.login_throttle, login.ts).
create or replace function identity.login_failed(p_user_id bigint, p_max_failures int, p_lock_minutes int)
  returns table (failed_logins int, locked_until timestamptz, locked_now boolean)
  language sql volatile security definer set search_path = pg_catalog, pg_temp as
$$
  update identity.users u set failed_logins = u.failed_logins + 1
   where u.id = p_user_id
  returning u.failed_logins, u.locked_until, false
$$;
comment on function identity.login_failed(bigint, int, int) is 'Counts one failed login (登录失败计数) on the account; no longer locks it (the limit asks for a proof of work instead)';

-- Idle window: last_seen_at is written at most every 5 seconds, so the last request lies within
-- 5 s after it; a session ends only when it has been idle longer than the policy plus those 5 s.
-- (Before: written once a minute and compared with the bare policy, so an active session could
-- end up to a minute early.)
create or replace function identity.session_lookup(p_id text, p_idle_minutes int, p_max_age_days int)
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
  if s.expires_at <= now() or s.last_seen_at < now() - make_interval(mins => idle, secs => 5) then
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
  if s.last_seen_at < now() - interval '5 seconds' then
    update identity.sessions set last_seen_at = now() where id = p_id;
  end if;
  return result;
end
$$;
comment on function identity.session_lookup(text, int, int) is 'Validates a session (会话校验) by token hash and returns the user, active post, permissions and posts as JSON, or null; ends sessions idle longer than the policy (last_seen_at is written at most every 5 s)';
comment on column identity.sessions.last_seen_at is 'Last request, written at most every 5 seconds; a session idle longer than the policy (plus those 5 s) ends (会话超时)';
comment on column identity.sms_codes.code_hash is 'HMAC-SHA256 (key platform.secrets sms-code-hmac) of purpose, phone and the 6-digit code';
comment on column identity.users.failed_logins is 'Failed sign-ins since the last success (登录失败次数); past the policy limit the login name needs a proof of work, the account is never locked by failures';
