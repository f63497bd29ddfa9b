-- Transparency log: which entries name a document (or other file) by its SHA-256, so that the
-- document verification page (/verify) finds the log entry of a document and shows its inclusion
-- proof. Filled at publish time from every "sha256" field of the payload; public like the log.
create table transparency.entry_hashes (
  sha256 bytea not null check (length(sha256) = 32),
  idx bigint not null references transparency.entries (idx),
  primary key (sha256, idx)
);
comment on table transparency.entry_hashes is 'Entries that name a file by its SHA-256 (文件哈希索引): lets /verify find the log entry of a document';
comment on column transparency.entry_hashes.sha256 is 'SHA-256 of the file named in the entry payload (a "sha256" field)';
comment on column transparency.entry_hashes.idx is 'The log entry (条目序号)';
grant select, insert on transparency.entry_hashes to sunland_app;

-- Entries published before this table existed.
insert into transparency.entry_hashes (sha256, idx)
select distinct decode(h #>> '{}', 'hex'), e.idx
from transparency.entries e, jsonb_path_query(convert_from(e.data, 'UTF8')::jsonb, 'strict $.**.sha256') h
where jsonb_typeof(h) = 'string' and (h #>> '{}') ~ '^[0-9a-f]{64}$'
on conflict do nothing;
