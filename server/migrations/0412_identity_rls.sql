-- Row-level security on the identity tables the application role read with no scope (issue 9):
-- sessions (IP addresses, browsers), password history (hashes) and SMS codes. Login and session
-- checks keep going through the SECURITY DEFINER functions of 0012/0410.

-- A session or password-history row is visible to its own user, and to whoever may see that user
-- (the subquery runs under the RLS of identity.users: an administrator of the user's org subtree).
alter table identity.sessions enable row level security;
create policy sessions_read on identity.sessions for select to sunland_app
  using (user_id = platform.current_user_id() or exists (select 1 from identity.users u where u.id = user_id));
create policy sessions_insert on identity.sessions for insert to sunland_app
  with check (user_id = platform.current_user_id());
create policy sessions_update on identity.sessions for update to sunland_app
  using (user_id = platform.current_user_id() or exists (select 1 from identity.users u where u.id = user_id))
  with check (user_id = platform.current_user_id() or exists (select 1 from identity.users u where u.id = user_id));

alter table identity.password_history enable row level security;
create policy password_history_read on identity.password_history for select to sunland_app
  using (user_id = platform.current_user_id() or exists (select 1 from identity.users u where u.id = user_id));
create policy password_history_insert on identity.password_history for insert to sunland_app
  with check (user_id = platform.current_user_id() or exists (select 1 from identity.users u where u.id = user_id));
create policy password_history_delete on identity.password_history for delete to sunland_app
  using (user_id = platform.current_user_id() or exists (select 1 from identity.users u where u.id = user_id));

-- SMS codes are handled before anyone is signed in: a transaction names the one phone it works
-- on (set_config('sunland.sms_phone', …, true)) and sees only that phone's codes.
create function identity.current_sms_phone() returns text
  language sql stable parallel safe as
$$ select nullif(current_setting('sunland.sms_phone', true), '') $$;
comment on function identity.current_sms_phone() is 'The mobile number the current transaction handles SMS codes for (短信验证码所属手机号), from sunland.sms_phone';
grant execute on function identity.current_sms_phone() to sunland_app;

alter table identity.sms_codes enable row level security;
create policy sms_codes_phone on identity.sms_codes for all to sunland_app
  using (phone = identity.current_sms_phone()) with check (phone = identity.current_sms_phone());
