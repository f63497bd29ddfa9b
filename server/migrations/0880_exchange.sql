-- Exchange packages between the internet side and the intranet (内外网数据交换).
-- A site sends signed, encrypted package files on a channel to one peer site; each package has a
-- sequence number and names the previous package's hash. The receiving side keeps the last
-- sequence and hash it accepted; receipts travel back inside the next package of the other way.
-- Not scoped by org: only the exchange administrator (exchange.package.manage) reaches these tables, and
-- the service works in the system context. No RLS, by design: the rows are site-level state.
create schema exchange;
comment on schema exchange is 'Exchange packages between the internet side and the intranet (内外网数据交换)';
grant usage on schema exchange to sunland_app;

create table exchange.peers (
  site text primary key check (site ~ '^[a-z][a-z0-9-]{1,39}$'),
  role text not null check (role in ('internet', 'intranet')),
  sign_public_key text not null,
  encrypt_public_key text not null,
  certificate text,
  created_at timestamptz not null default now()
);
comment on table exchange.peers is 'The other site(s) this site exchanges packages with (交换对端), and their public keys';
comment on column exchange.peers.site is 'Site name of the peer (站点标识), e.g. bozhou-intranet';
comment on column exchange.peers.role is 'internet 互联网侧 / intranet 政务内网侧';
comment on column exchange.peers.sign_public_key is 'The peer''s signature verification key (SPKI PEM): packages from it must verify under it';
comment on column exchange.peers.encrypt_public_key is 'The peer''s X25519 key agreement key (SPKI PEM): packages to it are encrypted for it';
comment on column exchange.peers.certificate is 'The peer''s X.509 certificate (PEM) when a PKI issued one; checked by the PKI on every import';
comment on column exchange.peers.created_at is 'When the peer was registered';
grant select, insert, update on exchange.peers to sunland_app;

create table exchange.channel_state (
  peer text primary key references exchange.peers(site),
  sent_seq bigint not null default 0 check (sent_seq >= 0),
  sent_hash text,
  received_seq bigint not null default 0 check (received_seq >= 0),
  received_hash text,
  peer_log_size bigint,
  peer_log_root text,
  own_log_size_sent bigint,
  updated_at timestamptz not null default now()
);
comment on table exchange.channel_state is 'Per peer: last package sequence sent and received and their hashes (交换链), the peer''s transparency log checkpoint last seen';
comment on column exchange.channel_state.peer is 'Peer site';
comment on column exchange.channel_state.sent_seq is 'Sequence number of the last package exported to the peer (已发送序号)';
comment on column exchange.channel_state.sent_hash is 'Hash of the last package exported (the next one names it as previous)';
comment on column exchange.channel_state.received_seq is 'Sequence number of the last package accepted from the peer (已接收序号)';
comment on column exchange.channel_state.received_hash is 'Hash of the last package accepted from the peer';
comment on column exchange.channel_state.peer_log_size is 'Tree size of the peer''s transparency log checkpoint last accepted (its log must only grow)';
comment on column exchange.channel_state.peer_log_root is 'Root hash (base64) of that checkpoint';
comment on column exchange.channel_state.own_log_size_sent is 'Tree size of our own checkpoint carried in the last package sent (the next carries a consistency proof from it)';
comment on column exchange.channel_state.updated_at is 'Last change';
grant select, insert, update on exchange.channel_state to sunland_app;

create table exchange.cursors (
  peer text not null references exchange.peers(site),
  kind text not null,
  cursor text,
  primary key (peer, kind)
);
comment on table exchange.cursors is 'Per peer and record kind: where the next export continues (导出游标)';
comment on column exchange.cursors.peer is 'Peer site';
comment on column exchange.cursors.kind is 'Record kind, e.g. approvals.application';
comment on column exchange.cursors.cursor is 'Opaque cursor returned by the kind''s collect';
grant select, insert, update on exchange.cursors to sunland_app;

create table exchange.packages (
  id bigint generated always as identity primary key,
  peer text not null,
  direction text not null check (direction in ('sent', 'received', 'refused')),
  seq bigint not null,
  hash text not null,
  records int not null default 0,
  files int not null default 0,
  bytes bigint not null default 0,
  reason text,
  at timestamptz not null default now()
);
comment on table exchange.packages is 'History of packages sent, received and refused (交换记录), refusals with their reason';
comment on column exchange.packages.peer is 'Peer site as the package names it (a refused package may name a site that is no peer)';
comment on column exchange.packages.direction is 'sent 已导出 / received 已导入 / refused 已拒收';
comment on column exchange.packages.seq is 'Sequence number the package declared (0 when it could not be read)';
comment on column exchange.packages.hash is 'Hash of the package manifest (or of the file when unreadable)';
comment on column exchange.packages.records is 'Number of records carried';
comment on column exchange.packages.files is 'Number of files carried';
comment on column exchange.packages.bytes is 'Size of the package file(s) in bytes';
comment on column exchange.packages.reason is 'Why a package was refused (拒收原因): tampered, replayed, out-of-order, expired, truncated, misaddressed, bad-signature, chain-broken, log-shrunk';
comment on column exchange.packages.at is 'When';
grant select, insert on exchange.packages to sunland_app;
create index packages_peer_at on exchange.packages (peer, at desc);

create table exchange.sent_records (
  peer text not null references exchange.peers(site),
  seq bigint not null,
  kind text not null,
  record_id text not null,
  version text not null,
  status text not null default 'pending' check (status in ('pending', 'applied', 'unchanged', 'rejected')),
  reason text,
  receipt_at timestamptz,
  primary key (peer, seq, kind, record_id)
);
comment on table exchange.sent_records is 'Records sent in each package and what the receipt said of them (待确认/已送达/被拒)';
comment on column exchange.sent_records.peer is 'Peer site';
comment on column exchange.sent_records.seq is 'Package sequence number';
comment on column exchange.sent_records.kind is 'Record kind';
comment on column exchange.sent_records.record_id is 'Record id within the kind';
comment on column exchange.sent_records.version is 'Record version sent';
comment on column exchange.sent_records.status is 'pending 待回执 / applied 已应用 / unchanged 无变化 / rejected 被拒';
comment on column exchange.sent_records.reason is 'Rejection reason from the receipt';
comment on column exchange.sent_records.receipt_at is 'When the receipt arrived';
grant select, insert, update on exchange.sent_records to sunland_app;
create index sent_records_status on exchange.sent_records (peer, status);

create table exchange.receipts_due (
  peer text not null references exchange.peers(site),
  seq bigint not null,
  results jsonb not null,
  sent_in bigint,
  primary key (peer, seq)
);
comment on table exchange.receipts_due is 'Receipts (回执) for packages received, carried back in the next package to the peer';
comment on column exchange.receipts_due.peer is 'Peer site that sent the package';
comment on column exchange.receipts_due.seq is 'Sequence number of the received package';
comment on column exchange.receipts_due.results is 'Per record: kind, id, version, applied|unchanged|rejected, reason';
comment on column exchange.receipts_due.sent_in is 'Sequence number of our package that carried the receipt back (null: not yet sent)';
grant select, insert, update on exchange.receipts_due to sunland_app;
