-- Issue 15, lots: the lot's documents (出让文件, 宗地图/界址图, 规划条件, 出让合同示范文本, 勘查/开采范围图 …)
-- attached to a draft lot and frozen with the announcement (each file's sha256 is in the hashed
-- announcement text), and the start and completion dates of a land lot (开工时间/竣工时间) as dates.

alter table trading.lots add column start_by date;
alter table trading.lots add column complete_by date;
alter table trading.lots add constraint lots_complete_after_start check (complete_by is null or start_by is null or complete_by > start_by);
comment on column trading.lots.start_by is 'Latest start of construction (开工时间), land lots; part of the announcement';
comment on column trading.lots.complete_by is 'Latest completion (竣工时间), after start_by; land lots; part of the announcement';

create table trading.lot_documents (
  id bigint generated always as identity primary key,
  lot_id bigint not null references trading.lots(id),
  org_path ltree not null,
  kind text not null check (kind in ('sale_documents', 'parcel_map', 'planning_conditions', 'contract_model', 'mining_area_map', 'other')),
  upload_id uuid not null references files.uploads(id),
  name text not null check (length(name) between 1 and 255),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint not null check (size >= 0),
  mime text not null,
  added_by bigint not null,
  created_at timestamptz not null default now()
);
create index lot_documents_lot on trading.lot_documents (lot_id);
comment on table trading.lot_documents is 'Documents of a lot (出让宗地文件): attached while the lot is a draft, frozen with the announcement';
comment on column trading.lot_documents.id is 'Identifier';
comment on column trading.lot_documents.lot_id is 'The lot';
comment on column trading.lot_documents.org_path is 'Scope of the lot (copied from it)';
comment on column trading.lot_documents.kind is 'sale_documents 出让文件 / parcel_map 宗地图·界址图 / planning_conditions 规划条件 / contract_model 出让合同示范文本 / mining_area_map 勘查·开采范围图 / other 其他';
comment on column trading.lot_documents.upload_id is 'The stored upload (files.uploads), type-checked when received';
comment on column trading.lot_documents.name is 'File name as uploaded';
comment on column trading.lot_documents.sha256 is 'SHA-256 of the content; in the announcement text whose hash is logged';
comment on column trading.lot_documents.size is 'Size in bytes';
comment on column trading.lot_documents.mime is 'Detected content type';
comment on column trading.lot_documents.added_by is 'Who attached it';
comment on column trading.lot_documents.created_at is 'When attached';
grant select, insert, delete on trading.lot_documents to sunland_app;
alter table trading.lot_documents enable row level security;
alter table trading.lot_documents force row level security;
-- Visible with its lot (a draft's only inside the scope; a published lot's to everyone).
create policy lot_documents_read on trading.lot_documents for select to sunland_app using (exists (select 1 from trading.lots l where l.id = lot_id));
create policy lot_documents_insert on trading.lot_documents for insert to sunland_app with check (platform.in_scope(org_path));
create policy lot_documents_delete on trading.lot_documents for delete to sunland_app using (platform.in_scope(org_path));
