-- After the sale (成交后): the sale confirmation (成交确认书) is followed by the transfer contract
-- (出让合同), signed within 10 working days of the close; the price, less the deposit that converts
-- into it, is paid in instalments (首付款 and 余款) with due dates on working days of the platform
-- calendar. A daily job reminds the buyer (platform/notify) before each due date and flags overdue
-- instalments; the workbench lists contracts to sign and payments due or overdue (platform/todos).
create table trading.contracts (
  id bigint generated always as identity primary key,
  lot_id bigint not null unique references trading.lots(id),
  org_path ltree not null,
  contract_no text not null unique check (length(contract_no) between 4 and 60),
  signed_on date not null,
  buyer_user_id bigint not null,
  price bigint not null check (price > 0),
  deposit_credited bigint not null check (deposit_credited >= 0),
  registered_by bigint not null,
  registered_at timestamptz not null default now()
);
comment on table trading.contracts is 'Transfer contracts (国有建设用地使用权/矿业权出让合同) of sold lots';
comment on column trading.contracts.id is 'Surrogate key';
comment on column trading.contracts.lot_id is 'The sold lot';
comment on column trading.contracts.org_path is 'Selling bureau scope (出让人)';
comment on column trading.contracts.contract_no is 'Contract number (合同编号)';
comment on column trading.contracts.signed_on is 'Signing date (签订日期), within 10 working days of the close';
comment on column trading.contracts.buyer_user_id is 'The buyer (受让人), the winning account opened at close';
comment on column trading.contracts.price is 'Price in yuan (成交价款)';
comment on column trading.contracts.deposit_credited is 'Deposit converted into the price (保证金转作价款), yuan';
comment on column trading.contracts.registered_by is 'Staff who registered the signed contract';
comment on column trading.contracts.registered_at is 'When registered';
grant select, insert on trading.contracts to sunland_app;
alter table trading.contracts enable row level security;
alter table trading.contracts force row level security;
create policy contracts_read on trading.contracts for select to sunland_app using (platform.in_scope(org_path));
create policy contracts_insert on trading.contracts for insert to sunland_app with check (platform.in_scope(org_path));

create table trading.instalments (
  id bigint generated always as identity primary key,
  contract_id bigint not null references trading.contracts(id),
  org_path ltree not null,
  seq int not null check (seq between 1 and 12),
  label text not null check (length(label) between 2 and 40),
  amount bigint not null check (amount > 0),
  due_date date not null,
  paid bigint not null default 0 check (paid >= 0),
  paid_on date,
  overdue_since date,
  unique (contract_id, seq)
);
comment on table trading.instalments is 'Payment instalments of a contract (价款缴纳计划: 首付款, 余款) with due dates and payments';
comment on column trading.instalments.id is 'Surrogate key';
comment on column trading.instalments.contract_id is 'The contract';
comment on column trading.instalments.org_path is 'Selling bureau scope (出让人)';
comment on column trading.instalments.seq is 'Order of the instalment (期次), 1 = 首付款';
comment on column trading.instalments.label is 'Name (首付款 / 第二期 / 余款)';
comment on column trading.instalments.amount is 'Amount due in yuan (应缴金额)';
comment on column trading.instalments.due_date is 'Due date (缴款期限), a working day';
comment on column trading.instalments.paid is 'Paid so far in yuan (已缴金额)';
comment on column trading.instalments.paid_on is 'When paid in full (缴清日期)';
comment on column trading.instalments.overdue_since is 'Flagged overdue (逾期) by the daily job: the day after the due date, unpaid';
create index instalments_open on trading.instalments (due_date) where paid_on is null;
grant select, insert, update on trading.instalments to sunland_app;
alter table trading.instalments enable row level security;
alter table trading.instalments force row level security;
create policy instalments_read on trading.instalments for select to sunland_app using (platform.in_scope(org_path));
create policy instalments_insert on trading.instalments for insert to sunland_app with check (platform.in_scope(org_path));
create policy instalments_update on trading.instalments for update to sunland_app using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
