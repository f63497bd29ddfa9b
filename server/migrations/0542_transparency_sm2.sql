-- Transparency log: an SM2 key (国密 SM2, GB/T 32918.2 with SM3) signs every checkpoint beside
-- the Ed25519 key; created on first use like the Ed25519 seed. /log/vkey-sm2 serves its vkey.
alter table transparency.log_key add column sm2_key bytea;
comment on column transparency.log_key.sm2_key is 'SM2 private key (PKCS#8 DER) that also signs checkpoints (国密 SM2 签名); null until first use';
grant update (sm2_key) on transparency.log_key to sunland_app;
