-- Transparency log: witness cosignatures (见证方联署, C2SP tlog-cosignature/v1) of checkpoints.
-- A witness cosigns a checkpoint only after checking that it extends the last one it cosigned;
-- /log/checkpoint serves the newest checkpoint with these lines added to its signatures.
create table transparency.cosignatures (
  size bigint not null references transparency.checkpoints (size),
  witness text not null check (witness ~ '^[^\s+]+$'),
  line text not null,
  cosigned_at timestamptz not null default now(),
  primary key (size, witness)
);
comment on table transparency.cosignatures is 'Witness cosignatures of checkpoints (见证方联署), verified against the configured witness keys before they are stored';
comment on column transparency.cosignatures.size is 'Tree size of the cosigned checkpoint';
comment on column transparency.cosignatures.witness is 'Key name of the witness (见证方)';
comment on column transparency.cosignatures.line is 'The signature line exactly as served: — <name> <base64(key hash || time || signature)>';
comment on column transparency.cosignatures.cosigned_at is 'When it was stored';
grant select, insert on transparency.cosignatures to sunland_app;
