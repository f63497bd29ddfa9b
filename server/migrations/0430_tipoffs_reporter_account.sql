-- 我的办件: a real-name report filed while signed in with a public account is linked to that
-- account, so the account can follow it without its tracking code. Anonymous reports are never
-- linked (匿名举报 stays anonymous, even to a later reader of this table).
alter table tipoffs.reporters add column account_user_id bigint references identity.users(id);
comment on column tipoffs.reporters.account_user_id is 'Public account (公众用户) that filed this real-name report while signed in; null for anonymous reports and reports filed without login';
alter table tipoffs.reporters add constraint reporters_account_not_anonymous check (account_user_id is null or not anonymous);
create index reporters_account on tipoffs.reporters (account_user_id) where account_user_id is not null;
