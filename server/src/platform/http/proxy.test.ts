/** Whose address is the client's: X-Forwarded-For counts only from a configured proxy. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHttp } from './server.ts';
import { loadEnv } from '../../env.ts';

async function clientIp(trustProxy: string[], headers: Record<string, string>, remoteAddress = '127.0.0.1') {
  const http = await createHttp({ logLevel: 'silent', bodyLimit: 1024, trustProxy });
  http.get('/ip', async (req) => ({ ip: req.ip }));
  try {
    const res = await http.inject({ method: 'GET', url: '/ip', headers, remoteAddress });
    return (res.json() as { ip: string }).ip;
  } finally {
    await http.close();
  }
}

describe('trusted proxies', () => {
  it('ignores X-Forwarded-For by default, so per-address limits cannot be dodged', async () => {
    assert.equal(await clientIp([], { 'x-forwarded-for': '203.0.113.9' }), '127.0.0.1');
  });

  it('believes X-Forwarded-For from a configured proxy only', async () => {
    assert.equal(await clientIp(['127.0.0.1'], { 'x-forwarded-for': '203.0.113.9' }), '203.0.113.9');
    assert.equal(await clientIp(['10.0.0.0/8'], { 'x-forwarded-for': '203.0.113.9' }, '192.0.2.7'), '192.0.2.7');
    assert.equal(await clientIp(['10.0.0.0/8'], { 'x-forwarded-for': '203.0.113.9' }, '10.1.2.3'), '203.0.113.9');
  });

  it('TRUST_PROXY takes addresses and CIDR ranges, and names itself when wrong', () => {
    assert.deepEqual(loadEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).TRUST_PROXY, ['127.0.0.1', '10.0.0.0/8', '::1']);
    assert.deepEqual(loadEnv({}).TRUST_PROXY, []);
    for (const bad of ['proxy.local', '10.0.0.0/33', '127.0.0.1/8/1']) {
      assert.throws(() => loadEnv({ TRUST_PROXY: bad }), /TRUST_PROXY: addresses or CIDR ranges/, bad);
    }
  });
});
