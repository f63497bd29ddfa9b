-- Notifications (消息通知): the transactional outbox, the in-app inbox (站内信) and the
-- development SMS phone. pg-boss's own schema (pgboss) is installed by the bootstrap from the
-- SQL pg-boss publishes, not here, so that its version follows the installed package.
create schema notify;
comment on schema notify is 'Notifications: transactional outbox, in-app inbox, SMS record (消息通知)';
grant usage on schema notify to sunland_app;

create table notify.outbox (
  id bigint generated always as identity primary key,
  channel text not null check (channel in ('inapp', 'sms', 'email')),
  recipient text not null,
  subject text,
  body text not null,
  data jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'dead')),
  attempts int not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  last_error text,
  dedupe_key text unique,
  provider_ref text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  check ((status = 'sent') = (sent_at is not null))
);
comment on table notify.outbox is 'Transactional outbox (发送队列): a message is written in the same transaction as the change that causes it and delivered after commit';
comment on column notify.outbox.id is 'Surrogate key; also the idempotency key handed to SMS and e-mail providers (outbox:<id>)';
comment on column notify.outbox.channel is 'inapp (站内信), sms (短信) or email (电子邮件)';
comment on column notify.outbox.recipient is 'User id for inapp, mainland mobile number for sms, address for email (接收人)';
comment on column notify.outbox.subject is 'Subject (标题): e-mail subject, in-app title; unused for SMS';
comment on column notify.outbox.body is 'Text of the message (正文)';
comment on column notify.outbox.data is 'Structured payload for the receiver, e.g. a link target (附加数据)';
comment on column notify.outbox.status is 'pending (待发送, also while waiting for a retry), sent (已发送), failed (rejected as undeliverable, 发送失败), dead (gave up after the maximum attempts, 放弃)';
comment on column notify.outbox.attempts is 'Delivery attempts started so far (尝试次数)';
comment on column notify.outbox.next_attempt_at is 'Earliest time of the next attempt; moved ahead while a dispatcher holds the row (lease) and by the retry backoff';
comment on column notify.outbox.last_error is 'Error of the latest failed attempt (最近错误)';
comment on column notify.outbox.dedupe_key is 'Optional caller key: a second enqueue with the same key is ignored (去重键)';
comment on column notify.outbox.provider_ref is 'Reference the provider returned, e.g. the SMTP message id (回执编号)';
comment on column notify.outbox.created_at is 'When the message was enqueued (入队时间)';
comment on column notify.outbox.sent_at is 'When the provider accepted it (发送时间)';
create index outbox_due on notify.outbox (next_attempt_at) where status = 'pending';
-- Only the notify service touches the outbox; it is not user-facing, so no RLS.
-- Delete: the daily purge of settled rows (SMS login codes must not linger).
grant select, insert, update, delete on notify.outbox to sunland_app;

-- NOTIFY is delivered on commit only, so a rolled-back enqueue never wakes a dispatcher.
create function notify.outbox_wake() returns trigger language plpgsql as
$$ begin perform pg_notify('sunland_outbox', ''); return null; end $$;
comment on function notify.outbox_wake() is 'Wakes the outbox dispatchers (LISTEN sunland_outbox) when the inserting transaction commits';
create trigger outbox_wake after insert on notify.outbox for each statement execute function notify.outbox_wake();

create table notify.inbox (
  id bigint generated always as identity primary key,
  user_id bigint not null,
  title text not null,
  body text not null,
  data jsonb not null default '{}',
  outbox_id bigint unique,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table notify.inbox is 'In-app notifications (站内信) of a user; each user sees only their own';
comment on column notify.inbox.id is 'Surrogate key; the SSE event id';
comment on column notify.inbox.user_id is 'Recipient user (接收用户); by id, no foreign key across modules';
comment on column notify.inbox.title is 'Title (标题)';
comment on column notify.inbox.body is 'Text (内容)';
comment on column notify.inbox.data is 'Structured payload, e.g. the link to open (附加数据)';
comment on column notify.inbox.outbox_id is 'Outbox row it was delivered from; unique, so a redelivery adds nothing';
comment on column notify.inbox.read_at is 'When the user read it (已读时间); null while unread';
comment on column notify.inbox.created_at is 'When it was delivered (送达时间)';
create index inbox_user on notify.inbox (user_id, id desc);
create index inbox_unread on notify.inbox (user_id) where read_at is null;
grant select, insert on notify.inbox to sunland_app;
grant update (read_at) on notify.inbox to sunland_app;
alter table notify.inbox enable row level security;
create policy inbox_own_read on notify.inbox for select to sunland_app using (user_id = platform.current_user_id());
create policy inbox_own_update on notify.inbox for update to sunland_app
  using (user_id = platform.current_user_id()) with check (user_id = platform.current_user_id());
-- Only the dispatcher, which runs without a user, delivers into inboxes.
create policy inbox_system_insert on notify.inbox for insert to sunland_app with check (platform.current_user_id() is null);

create function notify.inbox_push() returns trigger language plpgsql as
$$ begin perform pg_notify('sunland_inbox', json_build_object('id', new.id, 'userId', new.user_id)::text); return null; end $$;
comment on function notify.inbox_push() is 'Tells every server process (LISTEN sunland_inbox) to push the new notification to its SSE streams of that user';
create trigger inbox_push after insert on notify.inbox for each row execute function notify.inbox_push();

create table notify.sms_messages (
  id bigint generated always as identity primary key,
  phone text not null,
  body text not null,
  idempotency_key text unique,
  created_at timestamptz not null default now()
);
comment on table notify.sms_messages is 'SMS recorded by the development provider instead of being sent (模拟短信/测试手机)';
comment on column notify.sms_messages.id is 'Surrogate key';
comment on column notify.sms_messages.phone is 'Mainland mobile number (手机号)';
comment on column notify.sms_messages.body is 'Text of the SMS (短信内容)';
comment on column notify.sms_messages.idempotency_key is 'outbox:<id> of the outbox row; a repeated delivery is recorded once';
comment on column notify.sms_messages.created_at is 'When it was "sent" (发送时间)';
create index sms_messages_created on notify.sms_messages (created_at desc);
grant select, insert on notify.sms_messages to sunland_app;
