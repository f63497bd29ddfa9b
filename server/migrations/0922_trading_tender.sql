-- Tender (招标): sealed bids (密封投标) submitted during the bidding period, opened together at the
-- announced time (开标 = listing_end) and evaluated by the stated method: the highest price
-- (价高者得) or a comprehensive evaluation (综合评标) by a panel drawn with the selection module.
--
-- The bids are sealed to a second per-lot key, the opening key (开标密钥), released by
-- trading.release_opening_key() once the lot is being evaluated — never the lot key, which keeps
-- the bidders' identities sealed until the result (close). Each bidder gets its commitment
-- (SHA-256(lot|number|amount|salt)) as a receipt; at the deadline every commitment goes to the
-- transparency log in one entry (trading.tender_commitments) before the opening key is used, so
-- the count of bidders stays unknown until the opening and no bid can be changed after it.
alter table trading.lots drop constraint lots_method_check;
alter table trading.lots add constraint lots_method_check check (method in ('listing', 'auction', 'tender'));
alter table trading.lots drop constraint lots_status_check;
alter table trading.lots add constraint lots_status_check check (status in ('draft', 'announced', 'listing', 'confirming', 'timed', 'evaluating', 'closed'));
comment on column trading.lots.method is 'listing 挂牌 (then 限时竞价) / auction 拍卖 (free phase then timed) / tender 招标 (sealed bids opened at listing_end)';
comment on column trading.lots.status is 'draft 草稿 / announced 已公告 / listing 挂牌中、投标期 / confirming 限时竞价确认 / timed 限时竞价 / evaluating 评标中 / closed 已结束';
alter table trading.lots add column evaluation text check (evaluation in ('highest_price', 'comprehensive'));
alter table trading.lots add column price_weight int check (price_weight between 0 and 100);
alter table trading.lots add column panel_size int check (panel_size between 3 and 9);
alter table trading.lots add column panel jsonb;
alter table trading.lots add column panel_draw_no text;
alter table trading.lots add column opening_public_key bytea;
alter table trading.lots add column commitments_entry_idx bigint;
alter table trading.lots add constraint lots_tender_rules check (
  (method = 'tender') = (evaluation is not null)
  and (evaluation is distinct from 'comprehensive' or (price_weight is not null and panel_size is not null)));
comment on column trading.lots.evaluation is 'Tender evaluation method (评标办法): highest_price 价高者得 / comprehensive 综合评标';
comment on column trading.lots.price_weight is 'Comprehensive evaluation: points of 100 for the price (价格分权重); the rest is the panel''s technical score';
comment on column trading.lots.panel_size is 'Members of the evaluation panel (评标委员会人数), 3–9';
comment on column trading.lots.panel is 'The drawn panel (评标委员会): [{id, name}], in draw order';
comment on column trading.lots.panel_draw_no is 'The selection draw that chose the panel (随机抽取编号), verifiable on its public page';
comment on column trading.lots.opening_public_key is 'X25519 public key the sealed tender bids are sealed to (开标公钥)';
comment on column trading.lots.commitments_entry_idx is 'Log entry of every tender commitment, published at the deadline before opening';

create table trading.opening_keys (
  lot_id bigint primary key references trading.lots(id),
  private_key bytea not null
);
comment on table trading.opening_keys is 'Opening keys of tenders (开标密钥): no grant to the app role; released by trading.release_opening_key() at the opening';
comment on column trading.opening_keys.lot_id is 'The lot';
comment on column trading.opening_keys.private_key is 'X25519 private key (PKCS#8 DER)';

create function trading.store_opening_key(p_lot_id bigint, p_key bytea) returns void
  language sql volatile security definer set search_path = pg_catalog, pg_temp as
$$ insert into trading.opening_keys (lot_id, private_key) values (p_lot_id, p_key) $$;
comment on function trading.store_opening_key(bigint, bytea) is 'Stores the opening key of a tender once';
revoke all on function trading.store_opening_key(bigint, bytea) from public;
grant execute on function trading.store_opening_key(bigint, bytea) to sunland_app;

create function trading.release_opening_key(p_lot_id bigint) returns bytea
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp as
$$
declare
  st text;
  idx bigint;
begin
  select status, commitments_entry_idx into st, idx from trading.lots where id = p_lot_id;
  if st is distinct from 'evaluating' and st is distinct from 'closed' or idx is null then
    raise exception 'trading.tender_sealed: the tender bids of lot % are opened only at the announced time, after their commitments are logged', p_lot_id using errcode = '42501';
  end if;
  return (select private_key from trading.opening_keys where lot_id = p_lot_id);
end
$$;
comment on function trading.release_opening_key(bigint) is 'The opening key of a tender once it is opened (commitments logged); refuses before';
revoke all on function trading.release_opening_key(bigint) from public;
grant execute on function trading.release_opening_key(bigint) to sunland_app;

create table trading.tender_bids (
  id bigint generated always as identity primary key,
  lot_id bigint not null references trading.lots(id),
  bidder_number text not null,
  sealed text not null,
  commitment text not null,
  submitted_at timestamptz not null,
  amount bigint check (amount > 0),
  salt text,
  proposal text,
  opened_at timestamptz,
  unique (lot_id, bidder_number)
);
comment on table trading.tender_bids is 'Sealed tender bids (投标文件): amount and proposal sealed to the opening key until 开标';
comment on column trading.tender_bids.id is 'Surrogate key';
comment on column trading.tender_bids.lot_id is 'The lot';
comment on column trading.tender_bids.bidder_number is 'Anonymous bidder number (竞买号); the proposal is evaluated without a name (暗标)';
comment on column trading.tender_bids.sealed is 'Amount, salt and proposal sealed to the opening key (投标密文)';
comment on column trading.tender_bids.commitment is 'SHA-256(lot_no|bidder_number|amount|salt): the bidder''s receipt, logged at the deadline';
comment on column trading.tender_bids.submitted_at is 'Server time of the submission (递交时间); earlier wins a tie';
comment on column trading.tender_bids.amount is 'Tender price in yuan (投标报价), null until opened';
comment on column trading.tender_bids.salt is 'Salt of the commitment, null until opened';
comment on column trading.tender_bids.proposal is 'Development proposal (开发建设方案), null until opened';
comment on column trading.tender_bids.opened_at is 'When opened (开标时间)';
grant select, insert, update on trading.tender_bids to sunland_app;

create table trading.tender_scores (
  lot_id bigint not null references trading.lots(id),
  member_id text not null,
  bidder_number text not null,
  score numeric(5,2) not null check (score between 0 and 100),
  entered_by bigint not null,
  entered_at timestamptz not null default now(),
  primary key (lot_id, member_id, bidder_number)
);
comment on table trading.tender_scores is 'Technical scores of the evaluation panel (评标打分), one sheet per member, by bidder number';
comment on column trading.tender_scores.lot_id is 'The lot';
comment on column trading.tender_scores.member_id is 'Panel member (评委), an id of lots.panel';
comment on column trading.tender_scores.bidder_number is 'The bid scored (竞买号)';
comment on column trading.tender_scores.score is 'Technical score 0–100 (技术分)';
comment on column trading.tender_scores.entered_by is 'Staff who entered the member''s sheet (评标秘书)';
comment on column trading.tender_scores.entered_at is 'When entered';
grant select, insert on trading.tender_scores to sunland_app;
