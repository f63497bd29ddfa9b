-- Transparency log: this instance as a witness (见证方) of other logs (C2SP tlog-witness).
-- One row per followed log: the newest checkpoint this witness cosigned. Kept in the database,
-- not in one process, so every process of the instance answers add-checkpoint the same way; the
-- row is locked while a request is checked, so two requests cannot both advance from one size.
create table transparency.witnessed (
  origin text primary key check (origin ~ '^[^\s+]+$'),
  size bigint not null check (size >= 0),
  root bytea not null check (length(root) = 32),
  updated_at timestamptz not null default now()
);
comment on table transparency.witnessed is 'Logs this instance witnesses (见证的日志): the newest checkpoint it cosigned for each';
comment on column transparency.witnessed.origin is 'Origin line of the witnessed log (its key name)';
comment on column transparency.witnessed.size is 'Tree size of the newest checkpoint cosigned';
comment on column transparency.witnessed.root is 'Root hash (SHA-256) of that checkpoint';
comment on column transparency.witnessed.updated_at is 'When it was cosigned';
grant select, insert, update on transparency.witnessed to sunland_app;
