-- A cheaper session cache confirmation (会话缓存快速校验, issue 10). identity.session_check (0420)
-- rebuilt the whole session JSON (user, active post, permissions, every post) and its md5 in every
-- cached GET: on a simple scoped read that cost PostgreSQL more than the read itself. Now:
-- - identity.session_epoch counts committed changes of anything a session carries besides the
--   session row itself (users, posts, roles, role permissions, org unit names, security policy):
--   the triggers of 0522 bump it in the same transaction as the change;
-- - the cache keeps the epoch read in the same statement (same snapshot) as the session facts;
-- - identity.session_check(…, epoch, active post) answers at once when the session row is still
--   open, unexpired, seen in the last 5 seconds, on the same active post, and the epoch is
--   unchanged: then session_lookup would answer the same JSON. Otherwise it runs the full check
--   of 0420 (which also ends idle or expired sessions and records last_seen_at), so the rules stay
--   exactly those of identity.session_lookup.
create table identity.session_epoch (
  id boolean primary key default true check (id),
  n bigint not null default 0
);
comment on table identity.session_epoch is 'Session facts version (会话版本): one row, bumped by every committed change to what a session carries (users, posts, roles, permissions, org unit names, security policy)';
comment on column identity.session_epoch.id is 'Always true: the table holds one row';
comment on column identity.session_epoch.n is 'Number of changes so far; a cached session taken at another value is checked in full';
insert into identity.session_epoch (id, n) values (true, 0);
grant select on identity.session_epoch to sunland_app;

-- The 0522 trigger function, now also bumping the epoch (security definer: the application role
-- may change posts and permissions, but not write the epoch itself).
create or replace function identity.sessions_changed() returns trigger
  language plpgsql security definer set search_path = pg_catalog, pg_temp as
$$
begin
  if tg_table_schema = 'identity' and tg_table_name = 'sessions' then
    perform pg_notify('sunland_sessions', new.id);
  else
    update identity.session_epoch set n = n + 1 where id;
    perform pg_notify('sunland_sessions', '*');
  end if;
  return null;
end
$$;
comment on function identity.sessions_changed() is 'NOTIFY sunland_sessions (会话变更通知) on commit: the session id, or * for a change that may touch any session (then also bumps identity.session_epoch)';

create function identity.session_unchanged(p_id text, p_epoch bigint, p_active_post_id bigint)
  returns boolean
  language sql stable security definer set search_path = pg_catalog, pg_temp as
$$
  -- Seen within 5 s: neither idle nor due a last_seen_at update (session_lookup writes it at most every 5 s).
  select exists (
    select 1 from identity.sessions s
     where s.id = p_id and s.ended_at is null and s.expires_at > now()
       and s.last_seen_at >= now() - interval '5 seconds'
       and s.active_post_id is not distinct from p_active_post_id
       and (select e.n from identity.session_epoch e where e.id) = p_epoch)
$$;
comment on function identity.session_unchanged(text, bigint, bigint) is 'True when a cached session (会话缓存) is still open, unexpired, seen within 5 s, on the same active post, and nothing it carries changed since the epoch p_epoch: identity.session_lookup would answer the same';
revoke all on function identity.session_unchanged(text, bigint, bigint) from public;
grant execute on function identity.session_unchanged(text, bigint, bigint) to sunland_app;

create function identity.session_check(p_id text, p_idle_minutes int, p_max_age_days int, p_digest text, p_epoch bigint, p_active_post_id bigint)
  returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as
$$
begin
  if identity.session_unchanged(p_id, p_epoch, p_active_post_id) then
    return true;
  end if;
  return identity.session_check(p_id, p_idle_minutes, p_max_age_days, p_digest);
end
$$;
comment on function identity.session_check(text, int, int, text, bigint, bigint) is 'Confirms a cached session (会话缓存校验) cheaply when identity.session_unchanged; otherwise the full check of identity.session_check(text, int, int, text)';
revoke all on function identity.session_check(text, int, int, text, bigint, bigint) from public;
grant execute on function identity.session_check(text, int, int, text, bigint, bigint) to sunland_app;
