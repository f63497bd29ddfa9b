/**
 * SITE_ROLE switches routes off: walks the whole route table of an internet and an intranet site.
 * Every route has a side derived from the declarations; a route of the other side answers 404
 * exchange.not_served_here (before any handler, whoever asks); `all` serves every route.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { login, PERSON_LOGIN } from '../../modules/approvals/approvals.test-helpers.ts';
import { routeSide } from './site-role.ts';

const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'sr-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'sr-intranet' });

/** A concrete URL of a route pattern (parameters filled, the wildcard dropped). */
const concrete = (url: string) => url.replace(/:[A-Za-z_]+(\([^)]*\))?/g, '1').replace(/\*$/, 'x');
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

describe('SITE_ROLE switches routes off', () => {
  it('derives a side for every route of the table from the declarations', () => {
    const unknown = inet.siteRoutes.filter((r) => r.side === null).map((r) => r.url);
    assert.deepEqual(unknown, [], `declare these routes' schema (declarations.ts) or add the segment's alias in site-role.ts: ${unknown.join(', ')}`);
    assert.ok(inet.siteRoutes.length > 300, `the whole table (${inet.siteRoutes.length} routes)`);
  });

  it('names the expected side of the routes the issue lists', () => {
    const cases: [string, string][] = [
      ['/api/approvals/cases/:caseNo/opinions', 'intranet'], ['/api/approvals/cases/:caseNo/decide', 'intranet'], // review, decision
      ['/api/map/layers', 'intranet'], ['/tiles/:layer/:z/:x/:y', 'intranet'], ['/ogc/collections', 'intranet'], // map data
      ['/api/trading/lots', 'intranet'], ['/api/enforcement/cases', 'intranet'], ['/api/tipoffs/reports', 'intranet'], // confidential
      ['/api/public/approvals/applications', 'internet'], ['/api/public/tipoffs/reports', 'internet'], ['/api/public/register', 'internet'],
      ['/portal', 'internet'], ['/site/:code', 'internet'], ['/gk', 'internet'], ['/api/township/entries', 'internet'],
      ['/api/auth/login', 'both'], ['/api/exchange/status', 'both'], ['/pki/crl', 'both'], ['/healthz', 'both'], ['/*', 'both'],
    ];
    for (const [url, side] of cases) assert.equal(routeSide(url), side, url);
    // The public map's reads are served on both sides (public layers cross, kind map.public_layer); edits stay inside.
    for (const url of ['/api/map/layers', '/tiles/:layer/:z/:x/:y', '/ogc/collections/:collectionId/items']) assert.equal(routeSide(url, 'GET'), 'both', url);
    assert.equal(routeSide('/api/map/layers/:code/features', 'POST'), 'intranet');
    assert.equal(routeSide('/api/map/overlay', 'POST'), 'intranet');
  });

  for (const [name, t] of [['internet', inet], ['intranet', intra]] as const) {
    it(`on the ${name} side, every route of the other side answers 404 exchange.not_served_here, and only those`, async () => {
      const other = name === 'internet' ? 'intranet' : 'internet';
      let refused = 0;
      for (const r of t.siteRoutes) {
        assert.equal(r.served, r.side !== other, `${r.url} (${r.side})`);
        if (r.served) continue;
        for (const method of r.methods.filter((m) => METHODS.has(m))) {
          const res = await t.inject({ method: method as 'GET', url: concrete(r.url) });
          assert.equal(res.statusCode, 404, `${method} ${r.url}: ${res.body}`);
          const body = JSON.parse(res.body);
          if (Array.isArray(body)) {
            // Open311 answers in its own error format (GeoReport v2), through its own error handler.
            assert.match(body[0].description, new RegExp(`SITE_ROLE=${name}\\): .* is served on`), `${method} ${r.url}`);
          } else {
            assert.equal(body.error.code, 'exchange.not_served_here', `${method} ${r.url}: ${res.body}`);
            assert.equal(body.error.servedOn, other);
          }
          refused++;
        }
      }
      assert.ok(refused > 40, `${refused} routes refused`);
    });
  }

  it('serves what each side holds, to those allowed', async () => {
    // The internet side takes applications and public accounts; the intranet reviews.
    const person = await login(inet, PERSON_LOGIN);
    assert.equal((await inet.inject({ method: 'GET', url: '/api/public/approvals/matters', headers: { cookie: person } })).statusCode, 200);
    const reviewerIn = await login(intra, 'reviewer');
    assert.equal((await intra.inject({ method: 'GET', url: '/api/approvals/cases', headers: { cookie: reviewerIn } })).statusCode, 200);
    // The same staff account on the internet side: the review list is not served there, signed in or not.
    const reviewerOut = await login(inet, 'reviewer');
    const res = await inet.inject({ method: 'GET', url: '/api/approvals/cases', headers: { cookie: reviewerOut } });
    assert.equal(res.statusCode, 404);
    assert.equal(JSON.parse(res.body).error.code, 'exchange.not_served_here');
    // The intranet serves no public page or form.
    const portal = await intra.inject({ method: 'GET', url: '/portal' });
    assert.equal(portal.statusCode, 404);
    assert.equal(JSON.parse(portal.body).error.code, 'exchange.not_served_here');
    assert.equal((await intra.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});
