-- A peer site's certificate refused at once (内外网数据交换, 证书吊销): revoked on this (the receiving)
-- side by the exchange administrator, or listed in the sender's CRL (carried in its packages or
-- copied over from its /pki/crl.pem). Site-level state like the rest of the exchange schema: only
-- the exchange service reaches it, in the system context; no RLS.
create table exchange.peer_revocations (
  peer text not null references exchange.peers(site),
  serial text not null check (serial ~ '^[0-9a-f]{1,40}$'),
  reason text not null,
  revoked_at timestamptz not null default now(),
  primary key (peer, serial)
);
comment on table exchange.peer_revocations is 'Certificates of a peer site revoked on this side (对端证书吊销): a package signed with one is refused';
comment on column exchange.peer_revocations.peer is 'Peer site';
comment on column exchange.peer_revocations.serial is 'Serial number of the revoked certificate (lower-case hex, no leading zeros)';
comment on column exchange.peer_revocations.reason is 'Why it was revoked (e.g. keyCompromise), as the administrator gave it';
comment on column exchange.peer_revocations.revoked_at is 'When it was revoked here';
grant select, insert on exchange.peer_revocations to sunland_app;

create table exchange.peer_crls (
  peer text primary key references exchange.peers(site),
  crl_pem text not null,
  updated_at timestamptz not null default now()
);
comment on table exchange.peer_crls is 'The newest certificate revocation list (CRL, 证书吊销列表) of a peer site''s CA seen here; honoured on every import';
comment on column exchange.peer_crls.peer is 'Peer site';
comment on column exchange.peer_crls.crl_pem is 'The CRL (PEM), signed by the peer''s CA';
comment on column exchange.peer_crls.updated_at is 'When it was stored';
grant select, insert, update on exchange.peer_crls to sunland_app;
