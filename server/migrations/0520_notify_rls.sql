-- Row-level security on the outbox (发送队列) and the development SMS phone (模拟短信), issue 9:
-- the application role read every SMS, current login codes included, with no scope set.
-- Now only the system context (no user, the whole country in scope: the dispatcher, the
-- sweeps, the purge) handles outbox rows; a user sees only the in-app rows addressed to them.
-- Enqueueing goes through notify.enqueue (SECURITY DEFINER), so a caller in any context adds a
-- row and gets its id back without being able to read the rows of others.

create function notify.is_system() returns boolean
  language sql stable parallel safe as
$$ select platform.current_user_id() is null and 'cn'::ltree <@ platform.current_scopes() $$;
comment on function notify.is_system() is 'True in the system context (系统上下文: no acting user, the whole country in scope), which delivers and purges the outbox';
grant execute on function notify.is_system() to sunland_app;

-- Whether the acting user holds a permission on any of their active posts. The application checks
-- the active post before it reads; this is the database's own second line.
create function access.actor_holds(p_permission text) returns boolean
  language sql stable security definer set search_path = pg_catalog, pg_temp as
$$ select exists (select 1 from access.posts p join access.role_permissions rp on rp.role_id = p.role_id
                   where p.user_id = platform.current_user_id() and p.active and rp.permission = p_permission) $$;
comment on function access.actor_holds(text) is 'True when the acting user (sunland.user_id) holds the permission on one of their active posts (岗位权限)';
grant execute on function access.actor_holds(text) to sunland_app;

alter table notify.outbox enable row level security;
create policy outbox_system on notify.outbox for all to sunland_app
  using (notify.is_system()) with check (notify.is_system());
create policy outbox_own_inapp on notify.outbox for select to sunland_app
  using (channel = 'inapp' and recipient = platform.current_user_id()::text);
revoke insert on notify.outbox from sunland_app;

create function notify.enqueue(p_channel text, p_recipient text, p_subject text, p_body text, p_data jsonb,
                               p_dedupe_key text, p_next_attempt_at timestamptz)
  returns bigint
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as
$$
declare
  v_id bigint;
begin
  insert into notify.outbox (channel, recipient, subject, body, data, dedupe_key, next_attempt_at)
  values (p_channel, p_recipient, p_subject, p_body, coalesce(p_data, '{}'::jsonb), p_dedupe_key, coalesce(p_next_attempt_at, now()))
  on conflict (dedupe_key) do nothing
  returning id into v_id;
  if v_id is null then
    select id into v_id from notify.outbox where dedupe_key = p_dedupe_key;
  end if;
  return v_id;
end
$$;
comment on function notify.enqueue(text, text, text, text, jsonb, text, timestamptz) is 'Adds a message to the outbox (入队) in the caller''s transaction from any context and returns its id (the earlier row''s id for a repeated dedupe key); the caller cannot read other rows';
grant execute on function notify.enqueue(text, text, text, text, jsonb, text, timestamptz) to sunland_app;

-- The development SMS phone: written by the dispatcher; read by the system context and by holders
-- of platform.sms_outbox.read (查看短信发送记录, the system administrator), whose reads are audited.
alter table notify.sms_messages enable row level security;
create policy sms_messages_system on notify.sms_messages for all to sunland_app
  using (notify.is_system()) with check (notify.is_system());
create policy sms_messages_log_read on notify.sms_messages for select to sunland_app
  using (access.actor_holds('platform.sms_outbox.read'));

comment on table notify.outbox is 'Transactional outbox (发送队列): a message is written in the same transaction as the change that causes it (notify.enqueue) and delivered after commit; RLS: the system context, and a user''s own in-app rows';
comment on table notify.sms_messages is 'SMS recorded by the development provider instead of being sent (模拟短信/测试手机); RLS: the system context writes, holders of platform.sms_outbox.read read';
