-- Online sale of state construction-land use rights and mining rights (网上招拍挂): lots and their
-- announcements (出让公告), bidder applications with deposits (竞买申请, 保证金), anonymous bids
-- (竞买号), the sealed reserve price (底价) and the result (成交结果).
--
-- Anonymity (背靠背): no table the application role can read holds a user id next to a bidder
-- number before the sale ends. The link is sealed to the lot's X25519 public key; the private key
-- lives in trading.lot_keys, which only its owner reads, and trading.release_key() hands it out
-- once the lot is closed. The same key seals the reserve price.
--
-- Row-level security: a lot belongs to the bureau that sells it (org_path); once announced it is
-- public. Applications and bids carry no identity and are reached through the lot.
create schema trading;
comment on schema trading is 'Online sale of land-use and mining rights (网上招拍挂)';
grant usage on schema trading to sunland_app;

create table trading.lots (
  id bigint generated always as identity primary key,
  lot_no text not null unique,
  org_path ltree not null,
  kind text not null check (kind in ('land', 'mining')),
  method text not null check (method in ('listing', 'auction')),
  title text not null check (length(title) between 2 and 200),
  parcel_id bigint,
  geometry jsonb,
  area_m2 numeric(16,2) not null check (area_m2 > 0),
  land_use text,
  term_years int not null check (term_years between 1 and 70),
  indicators jsonb not null default '{}',
  mineral text,
  conditions text not null default '',
  start_price bigint not null check (start_price > 0),
  increment bigint not null check (increment > 0),
  deposit bigint not null check (deposit > 0),
  min_bidders int not null check (min_bidders between 1 and 10),
  announce_at timestamptz,
  listing_start timestamptz not null,
  listing_end timestamptz not null,
  deposit_deadline timestamptz not null,
  confirm_minutes int not null default 5 check (confirm_minutes between 1 and 60),
  countdown_minutes int not null default 5 check (countdown_minutes between 1 and 60),
  reserve_window_minutes int not null default 1440 check (reserve_window_minutes between 1 and 43200),
  status text not null default 'draft' check (status in ('draft', 'announced', 'listing', 'confirming', 'timed', 'closed')),
  public_key bytea,
  announcement_hash text,
  announcement_entry_idx bigint,
  current_price bigint,
  last_seq int not null default 0,
  chain_head text not null default '',
  timed_deadline timestamptz,
  reserve_cipher text,
  reserve_commitment text,
  reserve_entered_by bigint,
  reserve_entered_at timestamptz,
  reserve_witnessed_by bigint,
  reserve_entry_idx bigint,
  reserve_opened bigint,
  reserve_salt text,
  outcome text check (outcome in ('sold', 'unsold')),
  outcome_reason text,
  winner_number text,
  final_price bigint,
  closed_at timestamptz,
  result_entry_idx bigint,
  created_at timestamptz not null default now(),
  created_by bigint,
  approved_by bigint,
  org_unit_id bigint,
  confirmation_doc_id bigint,
  check (listing_end > listing_start),
  check (deposit_deadline <= listing_end),
  check (kind = 'land' or mineral is not null)
);
comment on table trading.lots is 'Lots for sale (出让宗地/矿业权) with their rules, announcement, live state and result';
comment on column trading.lots.id is 'Surrogate key';
comment on column trading.lots.lot_no is 'Lot number (宗地编号/项目编号)';
comment on column trading.lots.org_path is 'Selling bureau (出让人) scope';
comment on column trading.lots.kind is 'land 国有建设用地使用权 / mining 探矿权、采矿权';
comment on column trading.lots.method is 'listing 挂牌 (then 限时竞价) / auction 拍卖 (free phase then timed)';
comment on column trading.lots.title is 'Name of the lot (宗地/矿区名称)';
comment on column trading.lots.parcel_id is 'Map parcel the lot was taken from (map.features id), if any';
comment on column trading.lots.geometry is 'Boundary (界址) of the parcel or the corner coordinates (拐点坐标) of the mining area, GeoJSON';
comment on column trading.lots.area_m2 is 'Area in m² (面积); 公顷 and 亩 are derived';
comment on column trading.lots.land_use is 'Land use (土地用途), for land';
comment on column trading.lots.term_years is 'Term of the right in years (出让年限)';
comment on column trading.lots.indicators is 'Planning indicators (规划指标: 容积率, 建筑密度, 绿地率, 建筑限高), start and completion dates';
comment on column trading.lots.mineral is 'Mineral (矿种), for mining rights';
comment on column trading.lots.conditions is 'Bidder conditions (竞买人资格条件)';
comment on column trading.lots.start_price is 'Starting price in yuan (起始价)';
comment on column trading.lots.increment is 'Bid increment in yuan (增价幅度)';
comment on column trading.lots.deposit is 'Deposit in yuan (竞买保证金)';
comment on column trading.lots.min_bidders is 'Minimum qualified bidders (最少竞买人数); 3 for mining-right auctions';
comment on column trading.lots.announce_at is 'When the announcement was published (公告发布时间)';
comment on column trading.lots.listing_start is 'Listing or free phase starts (挂牌起始时间)';
comment on column trading.lots.listing_end is 'Listing or free phase ends (挂牌截止时间)';
comment on column trading.lots.deposit_deadline is 'Deposit must arrive before (保证金到账截止时间)';
comment on column trading.lots.confirm_minutes is 'Minutes to confirm joining timed bidding (限时竞价确认时限)';
comment on column trading.lots.countdown_minutes is 'Countdown of timed bidding, restarted by every valid bid (限时竞价倒计时)';
comment on column trading.lots.reserve_window_minutes is 'The reserve price is entered no earlier than this before listing ends (底价录入时间窗)';
comment on column trading.lots.status is 'draft 草稿 / announced 已公告 / listing 挂牌中 / confirming 限时竞价确认 / timed 限时竞价 / closed 已结束';
comment on column trading.lots.public_key is 'X25519 public key (raw) the bidder links and the reserve are sealed to';
comment on column trading.lots.announcement_hash is 'SHA-256 of the frozen announcement (公告哈希)';
comment on column trading.lots.announcement_entry_idx is 'Transparency log entry of the announcement';
comment on column trading.lots.current_price is 'Highest valid bid in yuan (当前价), null before the first bid';
comment on column trading.lots.last_seq is 'Sequence number of the last bid (竞价序号)';
comment on column trading.lots.chain_head is 'Hash of the last bid in the bid chain (hex), empty before the first';
comment on column trading.lots.timed_deadline is 'End of timed bidding (限时竞价截止); lives here so a restart resumes it';
comment on column trading.lots.reserve_cipher is 'Sealed reserve price (底价密文)';
comment on column trading.lots.reserve_commitment is 'SHA-256(lot_no|amount|salt) published when the reserve is witnessed (底价承诺值)';
comment on column trading.lots.reserve_entered_by is 'Who entered the reserve (录入人)';
comment on column trading.lots.reserve_entered_at is 'When it was entered';
comment on column trading.lots.reserve_witnessed_by is 'Supervisor who witnessed the entry (监督人)';
comment on column trading.lots.reserve_entry_idx is 'Log entry of the commitment';
comment on column trading.lots.reserve_opened is 'Reserve price opened at close (底价), null before';
comment on column trading.lots.reserve_salt is 'Salt of the commitment, shown at close';
comment on column trading.lots.outcome is 'sold 成交 / unsold 流拍';
comment on column trading.lots.outcome_reason is 'Why unsold (流拍原因)';
comment on column trading.lots.winner_number is 'Winning bidder number (竞得人竞买号)';
comment on column trading.lots.final_price is 'Price of the sale in yuan (成交价)';
comment on column trading.lots.closed_at is 'When the sale ended';
comment on column trading.lots.result_entry_idx is 'Log entry of the bid log and result';
comment on column trading.lots.created_at is 'When created';
comment on column trading.lots.created_by is 'Who created it';
comment on column trading.lots.approved_by is 'Who approved the announcement (审核人)';
comment on column trading.lots.org_unit_id is 'Unit that drew up the lot; its bureau issues the documents (出让人)';
comment on column trading.lots.confirmation_doc_id is 'The sale confirmation (成交确认书), documents.documents id';
grant select, insert, update on trading.lots to sunland_app;
alter table trading.lots enable row level security;
alter table trading.lots force row level security;
create policy lots_read on trading.lots for select to sunland_app using (status <> 'draft' or platform.in_scope(org_path));
create policy lots_insert on trading.lots for insert to sunland_app with check (platform.in_scope(org_path));
create policy lots_update on trading.lots for update to sunland_app using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

-- Only the owner reads this table; the app role stores a key and gets it back after close.
create table trading.lot_keys (
  lot_id bigint primary key references trading.lots(id),
  private_key bytea not null
);
comment on table trading.lot_keys is 'Private keys of the lots (开标密钥): no grant to the app role; released by trading.release_key() after close';
comment on column trading.lot_keys.lot_id is 'The lot';
comment on column trading.lot_keys.private_key is 'X25519 private key (PKCS#8 DER)';

create function trading.store_key(p_lot_id bigint, p_key bytea) returns void
  language sql volatile security definer set search_path = pg_catalog, pg_temp as
$$ insert into trading.lot_keys (lot_id, private_key) values (p_lot_id, p_key) $$;
comment on function trading.store_key(bigint, bytea) is 'Stores the private key of a lot once (a second call fails on the key)';
revoke all on function trading.store_key(bigint, bytea) from public;
grant execute on function trading.store_key(bigint, bytea) to sunland_app;

create function trading.release_key(p_lot_id bigint) returns bytea
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
declare
  st text;
begin
  select status into st from trading.lots where id = p_lot_id;
  if st is distinct from 'closed' then
    raise exception 'trading.key_sealed: the key of lot % is released only at close', p_lot_id using errcode = '42501';
  end if;
  return (select private_key from trading.lot_keys where lot_id = p_lot_id);
end
$$;
comment on function trading.release_key(bigint) is 'The private key of a closed lot (开标); refuses while the sale runs';
revoke all on function trading.release_key(bigint) from public;
grant execute on function trading.release_key(bigint) to sunland_app;

create table trading.applications (
  id bigint generated always as identity primary key,
  lot_id bigint not null references trading.lots(id),
  account_tag text not null,
  sealed_account text not null,
  deposit_account text not null unique,
  deposit_paid bigint not null default 0,
  paid_at timestamptz,
  bidder_number text,
  qualified_at timestamptz,
  joined_timed boolean not null default false,
  status text not null default 'applied' check (status in ('applied', 'qualified', 'refund_pending', 'refunded', 'converted')),
  user_id bigint,
  refund_ref text,
  refunded_at timestamptz,
  qualification_doc_id bigint,
  created_at timestamptz not null default now(),
  unique (lot_id, account_tag),
  unique (lot_id, bidder_number)
);
comment on table trading.applications is 'Bidder applications (竞买申请) with their deposit and anonymous number; no identity in clear before close';
comment on column trading.applications.id is 'Surrogate key';
comment on column trading.applications.lot_id is 'The lot';
comment on column trading.applications.account_tag is 'HMAC of (lot, account): lets the bidder find their own application; no user id';
comment on column trading.applications.sealed_account is 'Bidder identity and documents sealed to the lot key (竞买人信息密文), opened at close';
comment on column trading.applications.deposit_account is 'Deposit account number given by the bank (保证金随机账号)';
comment on column trading.applications.deposit_paid is 'Deposit received in yuan (已到账保证金)';
comment on column trading.applications.paid_at is 'When the deposit was paid in full';
comment on column trading.applications.bidder_number is 'Anonymous bidder number (竞买号), given at qualification';
comment on column trading.applications.qualified_at is 'When qualified (资格确认)';
comment on column trading.applications.joined_timed is 'Confirmed joining timed bidding (确认参加限时竞价)';
comment on column trading.applications.status is 'applied 已申请 / qualified 已取得竞买资格 / refund_pending 退款中 / refunded 已退还 / converted 转作价款';
comment on column trading.applications.user_id is 'The bidder account, filled only at close when the seal is opened';
comment on column trading.applications.refund_ref is 'Refund instruction reference at the bank (退款指令号)';
comment on column trading.applications.refunded_at is 'When the bank confirmed the refund';
comment on column trading.applications.qualification_doc_id is 'The qualification letter (竞买资格确认书), addressed to the bidder number only';
comment on column trading.applications.created_at is 'When applied';
grant select, insert, update on trading.applications to sunland_app;

create table trading.bids (
  lot_id bigint not null references trading.lots(id),
  seq int not null,
  at timestamptz not null,
  bidder_number text not null,
  amount bigint not null check (amount > 0),
  phase text not null check (phase in ('listing', 'timed')),
  idempotency_key text not null,
  prev_hash text not null,
  hash text not null,
  primary key (lot_id, seq),
  unique (lot_id, idempotency_key)
);
comment on table trading.bids is 'Valid bids (报价记录), a hash chain per lot; sequence and time given by the server in one transaction';
comment on column trading.bids.lot_id is 'The lot';
comment on column trading.bids.seq is 'Server sequence number (序号), 1, 2, 3 …';
comment on column trading.bids.at is 'Server time of the bid (报价时间)';
comment on column trading.bids.bidder_number is 'Anonymous bidder number (竞买号)';
comment on column trading.bids.amount is 'Amount in yuan (报价)';
comment on column trading.bids.phase is 'listing 挂牌/自由报价 / timed 限时竞价';
comment on column trading.bids.idempotency_key is 'Client key: the same bid sent twice is counted once';
comment on column trading.bids.prev_hash is 'Hash of the previous bid (hex), empty for the first';
comment on column trading.bids.hash is 'SHA-256 of prev_hash and the canonical bid (hex)';
grant select, insert on trading.bids to sunland_app;

create table trading.refunds (
  id bigint generated always as identity primary key,
  application_id bigint not null references trading.applications(id),
  amount bigint not null,
  ref text not null unique,
  status text not null default 'sent' check (status in ('sent', 'confirmed')),
  sent_at timestamptz not null default now(),
  confirmed_at timestamptz
);
comment on table trading.refunds is 'Deposit refund instructions to the bank (保证金退还), tracked until confirmed';
comment on column trading.refunds.id is 'Surrogate key';
comment on column trading.refunds.application_id is 'The losing application';
comment on column trading.refunds.amount is 'Amount in yuan';
comment on column trading.refunds.ref is 'Instruction reference (退款指令号)';
comment on column trading.refunds.status is 'sent 已发送 / confirmed 银行已确认';
comment on column trading.refunds.sent_at is 'When sent';
comment on column trading.refunds.confirmed_at is 'When the bank confirmed';
grant select, insert, update on trading.refunds to sunland_app;
