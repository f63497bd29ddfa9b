/** SITE_ROLE: internet | intranet | all (default); a single site (all) exchanges nothing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadEnv } from '../../env.ts';
import { AppError } from '../http/errors.ts';
import { createExchangeService, siteName } from './exchange.service.ts';
import { siteRoleGate } from './site-role.ts';

describe('SITE_ROLE', () => {
  it('is all by default, internet or intranet when set, and a clear error naming it otherwise', () => {
    assert.equal(loadEnv({}).SITE_ROLE, 'all');
    assert.equal(loadEnv({ SITE_ROLE: 'intranet' }).SITE_ROLE, 'intranet');
    assert.throws(() => loadEnv({ SITE_ROLE: 'dmz' }), /SITE_ROLE/);
    assert.throws(() => loadEnv({ EXCHANGE_SITE: 'Bad Name' }), /EXCHANGE_SITE/);
    assert.equal(siteName(loadEnv({ SITE_ROLE: 'internet' })), 'sunland-internet');
    assert.equal(siteName(loadEnv({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'bozhou-net' })), 'bozhou-net');
  });

  it('a single site (all) neither exports nor imports packages', async () => {
    const x = createExchangeService({ db: null as never, audit: null as never, site: 'sunland-all', role: 'all', packageDays: 7, readBlob: async () => undefined });
    for (const call of [() => x.exportPackage(null, 'peer-x'), () => x.importPackage(null, Buffer.from('SXP1'))]) {
      await assert.rejects(call(), (e: unknown) => e instanceof AppError && e.code === 'exchange.wrong_site_role');
    }
  });

  it('all serves every route; internet and intranet switch the other side’s off', () => {
    for (const role of ['all', 'internet', 'intranet'] as const) {
      const g = siteRoleGate(role);
      for (const url of ['/api/trading/lots', '/portal', '/api/exchange/status']) g.onRoute({ url, method: 'GET', handler: async () => ({}) } as never);
      assert.deepEqual(g.routes.map((r) => r.served), role === 'all' ? [true, true, true] : role === 'internet' ? [false, true, true] : [true, false, true], role);
    }
  });
});
