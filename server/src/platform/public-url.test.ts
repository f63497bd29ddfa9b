/**
 * The QR code of a document links to where the server really is: without PUBLIC_URL, the
 * listening address (not http://localhost:3000 whatever the port), with a warning at start
 * outside demo mode.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import { startServer, type RunningServer } from '../../../e2e/server.ts';
import { DEMO_PASSWORD } from '../../test/harness.ts';
import { publicUrlFromListening, publicUrlWarning } from './public-url.ts';

describe('publicUrlFromListening', () => {
  it('uses the bound address and port, and a LAN address for a wildcard bind', () => {
    assert.equal(publicUrlFromListening({ address: '127.0.0.1', port: 8123, family: 'IPv4' }), 'http://127.0.0.1:8123');
    assert.equal(publicUrlFromListening({ address: '::1', port: 8123, family: 'IPv6' }), 'http://[::1]:8123');
    const lan = { eth0: [{ address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '', cidr: null }] } as any;
    assert.equal(publicUrlFromListening({ address: '0.0.0.0', port: 80, family: 'IPv4' }, lan), 'http://192.168.1.20:80');
    assert.equal(publicUrlFromListening({ address: '::', port: 3001, family: 'IPv6' }, {}), 'http://localhost:3001');
  });

  it('warns only when PUBLIC_URL is unset outside demo mode', () => {
    assert.match(publicUrlWarning({ DEMO: false }, 'http://10.0.0.5:3000') ?? '', /PUBLIC_URL is not set.*http:\/\/10\.0\.0\.5:3000/);
    assert.equal(publicUrlWarning({ DEMO: true }, 'http://10.0.0.5:3000'), null);
    assert.equal(publicUrlWarning({ DEMO: false, PUBLIC_URL: 'https://gtj.example.gov.cn' }, 'http://10.0.0.5:3000'), null);
  });
});

describe('a server without PUBLIC_URL on a random port', () => {
  let server: RunningServer | undefined;
  after(async () => { if (server) assert.equal(await server.stop(), 0); });

  it('prints its own address in the QR code of a receipt, and warns at start outside demo mode', { timeout: 120_000 }, async () => {
    server = await startServer({ DEMO: 'false', PUBLIC_URL: '', LOG_LEVEL: 'warn' });
    const s = server;
    assert.notEqual(new URL(s.url).port, '3000');
    assert.match(s.output(), /warning: PUBLIC_URL is not set/);
    assert.ok(s.output().includes(`documents link to ${s.url}`), s.output());

    const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'window', password: DEMO_PASSWORD }) });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const headers = { cookie, 'content-type': 'application/json', origin: s.url };
    const created = await fetch(`${s.url}/api/approvals/cases`, {
      method: 'POST', headers,
      body: JSON.stringify({ matterCode: '520304-GG-0002', applicant: { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' }, formData: { content: '2026年播州区土地利用年度计划', medium: '电子邮件' }, materials: {} }),
    });
    const body = await created.json() as any;
    assert.equal(created.status, 201, JSON.stringify(body));
    const pdf = await fetch(`${s.url}/api/approvals/cases/${body.caseNo}/documents/${body.receiptDocumentId}/pdf`, { headers });
    assert.equal(pdf.status, 200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true });
    assert.ok(text.replace(/\s+/g, '').includes(`${s.url}/verify/`), `the link on the receipt: ${text}`);
  });
});
