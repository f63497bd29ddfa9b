-- Audit log (审计日志): append-only and hash-chained. The application role may only insert
-- and read; a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, except the removal
-- of entries older than six months (网络安全法 第二十一条) through audit.purge_expired().
create schema audit;
comment on schema audit is 'Tamper-evident audit log (安全审计)';
grant usage on schema audit to sunland_app;

create table audit.entries (
  seq bigint primary key check (seq > 0),
  occurred_at timestamptz not null,
  actor_user_id bigint,
  actor_username text,
  action text not null check (action ~ '^[a-z0-9_]+(\.[a-z0-9_]+){2,}$'),
  entity_type text not null,
  entity_id text,
  org_path ltree,
  details jsonb not null default '{}',
  ip inet,
  hash_alg text not null default 'sm3' check (hash_alg in ('sm3', 'sha256')),
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
);
comment on table audit.entries is 'Audit entries (审计记录), one per state change or sensitive read; each hashes its content and the previous entry''s hash';
comment on column audit.entries.seq is 'Gapless sequence number (序号), assigned under the chain-head lock';
comment on column audit.entries.occurred_at is 'When it happened (发生时间), millisecond precision, part of the hash';
comment on column audit.entries.actor_user_id is 'Acting user (操作人); null for the public and system jobs';
comment on column audit.entries.actor_username is 'Username of the actor at the time (操作人账号)';
comment on column audit.entries.action is 'What happened, module.entity.pastTense (操作), e.g. orgs.org_unit.created';
comment on column audit.entries.entity_type is 'Kind of the object acted on (对象类型)';
comment on column audit.entries.entity_id is 'Identifier of the object acted on (对象标识), as text';
comment on column audit.entries.org_path is 'ltree path of the org the entry concerns (所属机构), for scoped reading; null = system-wide';
comment on column audit.entries.details is 'Facts of the change (详情), never secrets';
comment on column audit.entries.ip is 'Client address (来源IP) when the change came from a request; not hashed';
comment on column audit.entries.hash_alg is 'Hash algorithm of hash (摘要算法): sm3 (GB/T 32905) or sha256';
comment on column audit.entries.prev_hash is 'hash of the entry seq-1 (前一记录摘要); 64 zeros for seq 1, or the retention anchor';
comment on column audit.entries.hash is 'Digest (摘要) of the canonical JSON of this entry including prev_hash';
create index entries_occurred on audit.entries (occurred_at);
create index entries_action on audit.entries (action, seq);
create index entries_entity on audit.entries (entity_type, entity_id, seq);
create index entries_actor on audit.entries (actor_user_id, seq);
create index entries_org on audit.entries using gist (org_path);

create table audit.chain_head (
  id boolean primary key default true check (id),
  seq bigint not null,
  hash text not null
);
comment on table audit.chain_head is 'The last entry of the chain (链头), one row: writers lock it to take the next seq';
comment on column audit.chain_head.id is 'Always true: the table has one row';
comment on column audit.chain_head.seq is 'seq of the last entry written (0 before the first)';
comment on column audit.chain_head.hash is 'hash of the last entry written (64 zeros before the first)';
insert into audit.chain_head (seq, hash) values (0, repeat('0', 64));

create table audit.anchors (
  seq bigint primary key,
  hash text not null,
  removed integer not null,
  cutoff timestamptz not null,
  removed_at timestamptz not null default now()
);
comment on table audit.anchors is 'Retention anchors (归档锚点): the last entry removed by each purge; verification starts after the newest one';
comment on column audit.anchors.seq is 'seq of the last removed entry';
comment on column audit.anchors.hash is 'hash of the last removed entry: the prev_hash of the first kept entry';
comment on column audit.anchors.removed is 'Number of entries this purge removed';
comment on column audit.anchors.cutoff is 'Entries before this moment were eligible (at most now() - 6 months)';
comment on column audit.anchors.removed_at is 'When the purge ran';

-- The app role appends and reads; it never updates or deletes entries.
grant select, insert on audit.entries to sunland_app;
grant select, update on audit.chain_head to sunland_app;
grant select on audit.anchors to sunland_app;

create function audit.guard_entries() returns trigger
  language plpgsql as
$$
begin
  if tg_op = 'DELETE' then
    if current_setting('sunland.audit_purge', true) = 'on'
       and old.occurred_at < now() - interval '6 months' then
      return old;
    end if;
    raise exception 'audit entries are append-only: entry % may not be deleted (only entries older than 6 months, through audit.purge_expired)', old.seq
      using errcode = 'insufficient_privilege';
  end if;
  raise exception 'audit entries are append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
comment on function audit.guard_entries() is 'Refuses UPDATE/DELETE/TRUNCATE on audit.entries (审计记录不可篡改), except retention deletes';

create trigger entries_no_update before update on audit.entries
  for each row execute function audit.guard_entries();
create trigger entries_no_delete before delete on audit.entries
  for each row execute function audit.guard_entries();
create trigger entries_no_truncate before truncate on audit.entries
  for each statement execute function audit.guard_entries();

-- Removes the oldest entries, never one younger than six months, and always a prefix of the
-- chain (it stops at the first young entry), leaving an anchor so the rest still verifies.
create function audit.purge_expired(cutoff timestamptz) returns integer
  language plpgsql security definer set search_path = pg_catalog, audit as
$$
declare
  limit_at timestamptz := least(cutoff, now() - interval '6 months');
  last_seq bigint;
  last_hash text;
  n integer;
begin
  select coalesce(min(seq), (select max(seq) + 1 from audit.entries)) - 1 into last_seq
    from audit.entries where occurred_at >= limit_at;
  if last_seq is null then
    return 0;
  end if;
  select hash into last_hash from audit.entries where seq = last_seq;
  if last_hash is null then
    return 0; -- nothing older left
  end if;
  perform set_config('sunland.audit_purge', 'on', true);
  delete from audit.entries where seq <= last_seq;
  get diagnostics n = row_count;
  perform set_config('sunland.audit_purge', 'off', true);
  insert into audit.anchors (seq, hash, removed, cutoff) values (last_seq, last_hash, n, limit_at);
  return n;
end
$$;
comment on function audit.purge_expired(timestamptz) is 'Archival job: deletes entries older than min(cutoff, now()-6 months) from the start of the chain and records an anchor (日志留存不少于六个月)';
revoke all on function audit.purge_expired(timestamptz) from public;

-- Reading is scoped: an audit admin sees entries of org paths inside the scope of the active
-- post. Entries without an org path (system-wide events) need a scope at province level or
-- above (cn or cn.pNN): an installation serves at least a province, whose audit admin must see them.
create function audit.sees_system_entries() returns boolean
  language sql stable parallel safe as
$$ select exists (select 1 from unnest(platform.current_scopes()) s where nlevel(s) <= 2) $$;
comment on function audit.sees_system_entries() is 'True when the current scope is a province or the country: system-wide audit entries are visible';
grant execute on function audit.sees_system_entries() to sunland_app;

alter table audit.entries enable row level security;
create policy entries_read on audit.entries for select to sunland_app
  using (case when org_path is null then audit.sees_system_entries() else platform.in_scope(org_path) end);
create policy entries_append on audit.entries for insert to sunland_app with check (true);
-- The archival job (application role) exports old entries first, then calls this.
grant execute on function audit.purge_expired(timestamptz) to sunland_app;
