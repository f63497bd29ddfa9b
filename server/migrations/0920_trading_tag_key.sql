-- The key of trading.applications.account_tag leaves the database (背靠背). It was the platform
-- secret 'trading.account_tag', readable by the application role, so SQL recomputing the HMAC
-- over every account could tell which account applied for which lot before the sale ended. The
-- key is now held by the server process (TRADING_TAG_KEY or DATA_DIR/secrets/trading-tag-key);
-- the database keeps only its fingerprint ('trading.account_tag.fingerprint', an HMAC of a fixed
-- text), which tells a process started with another key to stop instead of losing applications.
-- Applications tagged with the old key are no longer found by their bidders (none exist outside
-- tests and demos: the module had not been released).
delete from platform.secrets where name = 'trading.account_tag';
comment on column trading.applications.account_tag is 'HMAC-SHA256 of (lot, account) under a key the server process holds (TRADING_TAG_KEY), not the database: the bidder finds their own application; SQL cannot link an account to a lot (竞买人身份不可关联)';
