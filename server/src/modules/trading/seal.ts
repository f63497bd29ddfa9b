/**
 * Sealing to a lot's key: X25519 with an ephemeral key, HKDF-SHA256, AES-256-GCM. Anyone may seal
 * with the public key; only the private key, released at close, opens (bidder links, 底价).
 */
import crypto from 'node:crypto';

export interface LotKeyPair { publicRaw: Buffer; privateDer: Buffer }

const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function newLotKeyPair(): LotKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { publicRaw: spki.subarray(SPKI_X25519_PREFIX.length), privateDer: privateKey.export({ type: 'pkcs8', format: 'der' }) };
}

function aesKey(shared: Buffer, ephRaw: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, ephRaw, 'sunland.trading.seal.v1', 32));
}

/** `v1.<eph>.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function seal(publicRaw: Buffer, plaintext: string): string {
  const eph = crypto.generateKeyPairSync('x25519');
  const ephRaw = eph.publicKey.export({ type: 'spki', format: 'der' }).subarray(SPKI_X25519_PREFIX.length);
  const recipient = crypto.createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, publicRaw]), format: 'der', type: 'spki' });
  const shared = crypto.diffieHellman({ privateKey: eph.privateKey, publicKey: recipient });
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', aesKey(shared, ephRaw), iv);
  const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return ['v1', ephRaw, iv, c.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function open(privateDer: Buffer, sealed: string): string {
  const [v, eph, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !eph || !iv || !tag || ct === undefined) throw new Error('trading seal: bad format');
  const ephRaw = Buffer.from(eph, 'base64url');
  const privateKey = crypto.createPrivateKey({ key: privateDer, format: 'der', type: 'pkcs8' });
  const shared = crypto.diffieHellman({ privateKey, publicKey: crypto.createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, ephRaw]), format: 'der', type: 'spki' }) });
  const d = crypto.createDecipheriv('aes-256-gcm', aesKey(shared, ephRaw), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}
