/**
 * PKCS#12 (RFC 7292) writer for the DEMO download (演示用): a private key generated on the
 * server with its certificate, in the form OpenSSL 3 writes by default — the key as a PBES2
 * EncryptedPrivateKeyInfo (PBKDF2-HMAC-SHA256, AES-256-CBC, made by node:crypto), the certificate
 * in a plain SafeContents, and a SHA-256 MAC under the PKCS#12 key derivation (RFC 7292 B.2).
 * Browsers, operating systems and Node's `tls` (`pfx`) import it. Real staff keys never leave
 * the holder's side: they upload a CSR instead.
 */
import crypto from 'node:crypto';

// --- a minimal DER writer (only what PKCS#12 needs) ---
function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const explicit0 = (b: Buffer) => tlv(0xa0, b);
const nul = Buffer.from([0x05, 0x00]);
export function derInteger(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  if (!bytes.length || bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}
function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}
const bmpString = (s: string) => tlv(0x1e, Buffer.from(s, 'utf16le').swap16());

const OID = {
  data: '1.2.840.113549.1.7.1',
  keyBag: '1.2.840.113549.1.12.10.1.2', // pkcs8ShroudedKeyBag
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
};

/** RFC 7292 appendix B.2 key derivation with SHA-256 (u = 32, v = 64), for `n` ≤ 32 bytes (one round). */
export function pkcs12Kdf(password: string, salt: Buffer, id: 1 | 2 | 3, iterations: number, n: number): Buffer {
  const v = 64;
  const pw = Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
  const fill = (b: Buffer) => {
    if (!b.length) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(b.length / v));
    for (let i = 0; i < out.length; i++) out[i] = b[i % b.length]!;
    return out;
  };
  let a = Buffer.concat([Buffer.alloc(v, id), fill(salt), fill(pw)]);
  for (let i = 0; i < iterations; i++) a = crypto.createHash('sha256').update(a).digest();
  if (n > a.length) throw new Error('pkcs12Kdf: at most 32 bytes');
  return a.subarray(0, n);
}

const attributes = (keyId: Buffer, name: string) => set(
  seq(oid(OID.friendlyName), set(bmpString(name))),
  seq(oid(OID.localKeyId), set(octets(keyId))),
);

/**
 * A PKCS#12 file holding `privateKey` and its certificate (DER), protected by `password`.
 * `friendlyName` is what the browser's certificate picker shows.
 */
export function writePkcs12(input: { privateKey: crypto.KeyObject; certificateDer: Buffer; password: string; friendlyName: string; iterations?: number }): Buffer {
  const iterations = input.iterations ?? 2048;
  const keyId = crypto.createHash('sha1').update(input.certificateDer).digest();
  const encryptedKey = input.privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: input.password });
  const keyBag = seq(oid(OID.keyBag), explicit0(encryptedKey), attributes(keyId, input.friendlyName));
  const certBag = seq(oid(OID.certBag), explicit0(seq(oid(OID.x509Certificate), explicit0(octets(input.certificateDer)))), attributes(keyId, input.friendlyName));
  const dataInfo = (content: Buffer) => seq(oid(OID.data), explicit0(octets(content)));
  const authSafe = seq(dataInfo(seq(keyBag)), dataInfo(seq(certBag)));
  const salt = crypto.randomBytes(16);
  const macKey = pkcs12Kdf(input.password, salt, 3, iterations, 32);
  const mac = crypto.createHmac('sha256', macKey).update(authSafe).digest();
  const macData = seq(seq(seq(oid(OID.sha256), nul), octets(mac)), octets(salt), derInteger(iterations));
  return seq(derInteger(3), dataInfo(authSafe), macData);
}
