-- Session caches in every server process (会话缓存) hear of changes to what a session carries
-- (issue 10): a change of a user, a post, a role's permissions, an org unit's name, the security
-- policy, or a session's active post or end sends NOTIFY sunland_sessions on commit. Payload: the
-- session id (one session changed) or '*' (anything else: every process drops its whole cache, as
-- such changes are rare). A process then re-reads the facts, so a permission change made through
-- another process no longer ends in one 401 auth.session_changed. The digest check of 0420 stays
-- as the guard for a notification that is lost (a listener reconnecting).
create function identity.sessions_changed() returns trigger
  language plpgsql as
$$
begin
  if tg_table_schema = 'identity' and tg_table_name = 'sessions' then
    perform pg_notify('sunland_sessions', new.id);
  else
    perform pg_notify('sunland_sessions', '*');
  end if;
  return null;
end
$$;
comment on function identity.sessions_changed() is 'NOTIFY sunland_sessions (会话变更通知) on commit: the session id, or * for a change that may touch any session';

create trigger sessions_changed after update of active_post_id, ended_at on identity.sessions
  for each row when (old.active_post_id is distinct from new.active_post_id or old.ended_at is distinct from new.ended_at)
  execute function identity.sessions_changed();
create trigger users_sessions_changed after update of username, display_name, kind, status, totp_enabled, password_changed_at on identity.users
  for each statement execute function identity.sessions_changed();
create trigger posts_sessions_changed after insert or update or delete on access.posts
  for each statement execute function identity.sessions_changed();
create trigger role_permissions_sessions_changed after insert or update or delete on access.role_permissions
  for each statement execute function identity.sessions_changed();
create trigger roles_sessions_changed after update on access.roles
  for each statement execute function identity.sessions_changed();
create trigger org_units_sessions_changed after update of name, name_en on orgs.org_units
  for each statement execute function identity.sessions_changed();
create trigger security_policy_sessions_changed after insert or update on identity.security_policy
  for each statement execute function identity.sessions_changed();
