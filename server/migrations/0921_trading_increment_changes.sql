-- Changing the bid increment during listing (调整增价幅度): announced in advance (at least a day
-- before it takes effect, before listing ends), published to the transparency log, and applied by
-- the lot's clock (`advance`) when its time comes. The bid log carries the changes so that the
-- offline checker (tools/verify-bids.ts) applies the increment in force at each bid.
alter table trading.lots add column pending_increment bigint check (pending_increment > 0);
alter table trading.lots add column pending_increment_at timestamptz;
alter table trading.lots add constraint lots_pending_increment_pair check ((pending_increment is null) = (pending_increment_at is null));
comment on column trading.lots.pending_increment is 'Announced new increment in yuan, not yet in force (待生效增价幅度)';
comment on column trading.lots.pending_increment_at is 'When the announced increment takes effect (增价幅度调整生效时间)';

create table trading.increment_changes (
  id bigint generated always as identity primary key,
  lot_id bigint not null references trading.lots(id),
  old_increment bigint not null check (old_increment > 0),
  new_increment bigint not null check (new_increment > 0),
  effective_at timestamptz not null,
  reason text not null check (length(reason) between 2 and 500),
  announced_at timestamptz not null,
  announced_by bigint not null,
  entry_idx bigint not null
);
comment on table trading.increment_changes is 'Increment changes during listing (增价幅度调整公告), each announced in advance and logged';
comment on column trading.increment_changes.id is 'Surrogate key';
comment on column trading.increment_changes.lot_id is 'The lot';
comment on column trading.increment_changes.old_increment is 'Increment before the change, yuan (原增价幅度)';
comment on column trading.increment_changes.new_increment is 'Increment from effective_at on, yuan (新增价幅度)';
comment on column trading.increment_changes.effective_at is 'When it takes effect (生效时间)';
comment on column trading.increment_changes.reason is 'Why (调整理由), published';
comment on column trading.increment_changes.announced_at is 'When it was announced (公告时间)';
comment on column trading.increment_changes.announced_by is 'Who decided it (决定人)';
comment on column trading.increment_changes.entry_idx is 'Transparency log entry (trading.increment_change)';
create index increment_changes_lot on trading.increment_changes (lot_id, effective_at);
grant select, insert on trading.increment_changes to sunland_app;
