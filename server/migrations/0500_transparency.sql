-- Transparency log (阳光日志): an append-only RFC 9162 Merkle tree of what the platform publishes,
-- served in the C2SP tlog-tiles layout under /log/ with Ed25519 signed-note checkpoints.
--
-- The log is public: every row may be read by anyone, so there is no row-level security. It is
-- append-only for the application role: no UPDATE or DELETE is granted on entries, nodes or
-- checkpoints. Appends are serialised by the row lock on transparency.tree (one sequencer).
create schema transparency;
comment on schema transparency is 'Transparency log (阳光日志)';
grant usage on schema transparency to sunland_app;

create table transparency.log_key (
  id int primary key default 1 check (id = 1),
  origin text not null check (origin ~ '^[^\s+]+$'),
  seed bytea not null check (length(seed) = 32),
  created_at timestamptz not null default now()
);
comment on table transparency.log_key is 'Signing key of the log (日志签名密钥): one Ed25519 key, created on first use and shared by every server process';
comment on column transparency.log_key.id is 'Always 1: the log has one key';
comment on column transparency.log_key.origin is 'Origin line of checkpoints and key name (日志标识), e.g. sunland.example/log';
comment on column transparency.log_key.seed is 'Ed25519 private key seed (32 bytes)';
comment on column transparency.log_key.created_at is 'When the key was created';
grant select, insert on transparency.log_key to sunland_app;

create table transparency.tree (
  id int primary key default 1 check (id = 1),
  size bigint not null default 0 check (size >= 0)
);
comment on table transparency.tree is 'The sequencer (排序器): the tree size; every append locks this row, so concurrent appends never fork the log';
comment on column transparency.tree.id is 'Always 1';
comment on column transparency.tree.size is 'Number of entries in the log (日志条目数)';
insert into transparency.tree (id, size) values (1, 0);
grant select, update on transparency.tree to sunland_app;

create table transparency.entries (
  idx bigint primary key check (idx >= 0),
  kind text not null check (kind ~ '^[a-z_]+(\.[a-z_]+)+$'),
  data bytea not null check (length(data) <= 65535),
  leaf_hash bytea not null check (length(leaf_hash) = 32),
  created_at timestamptz not null default now()
);
comment on table transparency.entries is 'Log entries (日志条目), in order; data is the exact bytes hashed into the tree (canonical JSON)';
comment on column transparency.entries.idx is 'Position in the log, from 0 (条目序号)';
comment on column transparency.entries.kind is 'What was published (发布类型), e.g. approvals.decision, selection.draw.result';
comment on column transparency.entries.data is 'Entry bytes: canonical JSON {kind, payload, time, v}';
comment on column transparency.entries.leaf_hash is 'SHA-256(0x00 || data) (叶子哈希)';
comment on column transparency.entries.created_at is 'When it was appended';
grant select, insert on transparency.entries to sunland_app;
create index entries_kind_idx on transparency.entries (kind, idx);

create table transparency.nodes (
  level smallint not null check (level between 0 and 62),
  idx bigint not null check (idx >= 0),
  hash bytea not null check (length(hash) = 32),
  primary key (level, idx)
);
comment on table transparency.nodes is 'Hashes of the complete subtrees (完整子树哈希): (level, idx) covers leaves [idx·2^level, (idx+1)·2^level); tiles are read from here';
comment on column transparency.nodes.level is 'Height above the leaves (0 = leaf hash)';
comment on column transparency.nodes.idx is 'Index of the subtree at its level';
comment on column transparency.nodes.hash is 'RFC 9162 Merkle tree hash of the subtree';
grant select, insert on transparency.nodes to sunland_app;

create table transparency.checkpoints (
  size bigint primary key check (size >= 0),
  root bytea not null check (length(root) = 32),
  note text not null,
  created_at timestamptz not null default now()
);
comment on table transparency.checkpoints is 'Signed checkpoints (签名检查点) issued so far; /log/checkpoint serves the newest';
comment on column transparency.checkpoints.size is 'Tree size the checkpoint commits to';
comment on column transparency.checkpoints.root is 'Root hash at that size';
comment on column transparency.checkpoints.note is 'The signed note exactly as served';
comment on column transparency.checkpoints.created_at is 'When it was signed';
grant select, insert on transparency.checkpoints to sunland_app;
