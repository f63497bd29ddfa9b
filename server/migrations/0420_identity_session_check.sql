-- Session cache confirmation (会话缓存校验): a process may keep a session's facts for GET
-- requests, but confirms them in every request, in the same round trip as `begin` and the RLS
-- context: the cached digest must still be the md5 of what identity.session_lookup answers now.
create function identity.session_check(p_id text, p_idle_minutes int, p_max_age_days int, p_digest text)
  returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as
$$
declare
  s jsonb;
begin
  -- The same rules as a fresh lookup (idle and absolute expiry, disabled user, active post, permissions).
  s := identity.session_lookup(p_id, p_idle_minutes, p_max_age_days);
  if s is null then
    raise exception 'session ended' using errcode = '28000';
  end if;
  if md5(s::text) is distinct from p_digest then
    raise exception 'session changed' using errcode = '28S01';
  end if;
  return true;
end
$$;
comment on function identity.session_check(text, int, int, text) is 'Confirms a cached session (会话缓存校验): raises 28000 when it ended or expired, 28S01 when its user, post or permissions changed since the digest was taken';
revoke all on function identity.session_check(text, int, int, text) from public;
grant execute on function identity.session_check(text, int, int, text) to sunland_app;
