import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { REDACT_PATHS, redactUrl, redactedRequest } from './log-redact.ts';

describe('request log redaction', () => {
  it('takes tracking codes and tokens out of logged URLs', () => {
    assert.equal(redactUrl('/report/track?code=ABCD-EFGH-JKMN'), '/report/track?code=[redacted]');
    assert.equal(redactUrl('/x?lang=zh&trackingCode=ABCD&y=1'), '/x?lang=zh&trackingCode=[redacted]&y=1');
    assert.equal(redactUrl('/api/public/tipoffs/track/ABCDEFGHJKMN'), '/api/public/tipoffs/track/[redacted]');
    assert.equal(redactUrl('/api/public/tipoffs/track/dispute'), '/api/public/tipoffs/track/dispute');
    assert.equal(redactUrl('/api/approvals/cases?limit=5'), '/api/approvals/cases?limit=5');
  });

  it('writes no tracking code, cookie or password to the log of a real Fastify server', async () => {
    let out = '';
    const stream = new Writable({ write(chunk, _enc, cb) { out += String(chunk); cb(); } });
    const app = Fastify({ logger: { level: 'info', stream, serializers: { req: redactedRequest }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } } });
    app.get('/report/track', async (req) => {
      req.log.info({ body: { trackingCode: 'ABCD-EFGH-JKMN', password: 'Secret#2026' } }, 'seen');
      return {};
    });
    await app.inject({ method: 'GET', url: '/report/track?code=ABCD-EFGH-JKMN', headers: { cookie: 'sunland_session=abc' } });
    await app.close();
    assert.match(out, /incoming request/);
    assert.ok(!out.includes('ABCD-EFGH-JKMN'), out);
    assert.ok(!out.includes('Secret#2026'), out);
    assert.ok(!out.includes('sunland_session=abc'), out);
  });
});
