-- Withdrawal of a sale (终止出让): staff with the approval right end a published lot before its close,
-- with a reason. The lot is closed with the outcome `withdrawn`: the key is released as at any close
-- (the sale is over), qualified bidders' deposits are refunded, the bidders are told, the notice goes
-- to the transparency log (kind trading.lot_withdrawal) and the lot leaves the map.
alter table trading.lots drop constraint lots_outcome_check;
alter table trading.lots add constraint lots_outcome_check check (outcome in ('sold', 'unsold', 'withdrawn'));
comment on column trading.lots.outcome is 'sold 成交 / unsold 流拍 / withdrawn 终止出让';
comment on column trading.lots.outcome_reason is 'Why unsold (流拍原因) or why withdrawn (终止出让理由)';

alter table trading.lots add column withdrawn_by bigint;
comment on column trading.lots.withdrawn_by is 'Who withdrew the sale (终止出让决定人); null unless withdrawn';
