import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../db/context.ts';
import { createAuditService } from './audit.service.ts';
import { GENESIS_HASH } from './audit.hash.ts';

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;
const DAY = 86_400_000;

const write = (svc: ReturnType<typeof createAuditService>, id: number) =>
  withContext(t.platform.db, { userId: 1, scopes: ['cn'] }, (trx) =>
    svc.record(trx, { userId: 1, username: 'u1' }, { action: 'test.item.changed', entityType: 'item', entityId: id, orgPath: 'cn' }));

before(async () => {
  // A fresh chain in this file's own database, so entries can be written with an old clock.
  await owner.transaction().execute(async (trx) => {
    await sql`alter table audit.entries disable trigger user`.execute(trx);
    await sql`delete from audit.entries`.execute(trx);
    await sql`update audit.chain_head set seq = 0, hash = ${GENESIS_HASH}`.execute(trx);
    await sql`alter table audit.entries enable trigger user`.execute(trx);
  });
  const past = createAuditService({ db: t.platform.db, now: () => new Date(Date.now() - 400 * DAY) });
  const recent = createAuditService({ db: t.platform.db, now: () => new Date(Date.now() - 170 * DAY) });
  for (const id of [1, 2, 3]) await write(past, id);
  await write(recent, 4);
  await write(t.platform.audit, 5);
});

describe('retention (网络安全法 art. 21: at least six months)', () => {
  it('removes only entries older than six months, whatever cutoff the job asks for, and anchors the chain', async () => {
    const third = await owner.selectFrom('audit.entries').select('hash').where('seq', '=', 3).executeTakeFirstOrThrow();
    const removed = await t.platform.audit.purgeExpired(new Date(Date.now() + DAY));
    assert.equal(removed, 3);
    const left = await owner.selectFrom('audit.entries').select('seq').orderBy('seq').execute();
    assert.deepEqual(left.map((r) => r.seq), [4, 5]);
    const anchor = await owner.selectFrom('audit.anchors').selectAll().executeTakeFirstOrThrow();
    assert.equal(anchor.seq, 3);
    assert.equal(anchor.hash, third.hash);
    assert.equal(anchor.removed, 3);
    assert.equal(await t.platform.audit.purgeExpired(new Date()), 0);
  });

  it('verifies the remaining chain from the anchor', async () => {
    const v = await t.platform.audit.verify();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.anchorSeq, 3);
    assert.equal(v.checked, 2);
  });

  it('still refuses to delete an entry younger than six months, even for the owner with the purge flag', async () => {
    await assert.rejects(owner.transaction().execute(async (trx) => {
      await sql`select set_config('sunland.audit_purge', 'on', true)`.execute(trx);
      await sql`delete from audit.entries where seq = 4`.execute(trx);
    }), /append-only/);
  });

  it('detects a deletion right after the anchor', async () => {
    await owner.transaction().execute(async (trx) => {
      await sql`alter table audit.entries disable trigger user`.execute(trx);
      await sql`delete from audit.entries where seq = 4`.execute(trx);
      await sql`alter table audit.entries enable trigger user`.execute(trx);
    });
    const v = await t.platform.audit.verify();
    assert.deepEqual(v.problems.map((p) => [p.seq, p.kind, p.count]), [[4, 'deleted', 1]]);
  });
});
