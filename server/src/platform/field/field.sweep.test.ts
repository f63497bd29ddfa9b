/**
 * The nightly sweep of unfinished field uploads (migration 0902): a `receiving` upload older than
 * the limit goes with its partial bytes; a fresh one, a completed photo and another user's
 * recent upload stay; only the system context may do it (an inspector's own post cannot delete
 * another inspector's upload, and a user context sees no one else's).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../db/context.ts';
import { loginAs } from '../identity/test-helpers.ts';
import { makePng, patchChunk, req, uploadPhoto } from './field.test-helpers.ts';

const t: TestApp = await startTestApp();
const part = (id: string) => path.join(t.env.dataDir, 'field-uploads', `${id}.part`);

describe('sweep of unfinished field uploads', () => {
  it('removes receiving uploads older than the limit and their bytes; keeps fresh and completed ones', async () => {
    const inspector = await loginAs(t, 'inspector');
    const png = makePng(5, 40, 30);
    const start = async () => {
      const b = await req(t, inspector, 'POST', '/api/field/uploads', { name: 'x.png', mime: 'image/png', size: png.length });
      assert.equal(b.status, 201);
      assert.equal((await patchChunk(t, inspector, b.body.id, 0, png.subarray(0, 10))).status, 200);
      return b.body.id as string;
    };
    const stale = await start();
    const fresh = await start();
    const done = await uploadPhoto(t, inspector, png);
    assert.equal(done.body.complete, true);
    const owner = t.testDb.owner;
    await sql`update field.uploads set created_at = now() - interval '3 days' where id in (${stale}, ${done.id})`.execute(owner);
    assert.ok(fs.existsSync(part(stale)), JSON.stringify([part(stale), fs.readdirSync(path.dirname(part(stale)))]));

    // A user context cannot sweep: the policy lets only the system context see others' unfinished uploads.
    const asUser = await withContext(t.platform.db, { userId: 999, scopes: ['cn'] }, (trx) => trx.deleteFrom('field.uploads').where('status', '=', 'receiving').returning('id').execute());
    assert.deepEqual(asUser, []);

    assert.equal(await t.platform.field.sweepStaleUploads(48), 1);
    const left = await owner.selectFrom('field.uploads').select(['id', 'status']).orderBy('createdAt').execute();
    assert.deepEqual(new Set(left.map((r) => r.id)), new Set([done.id, fresh]), 'the stale one went; the completed and the fresh one stay');
    assert.equal(fs.existsSync(part(stale)), false, 'its partial bytes are gone');
    assert.ok(fs.existsSync(part(fresh)));
    const gone = await req(t, inspector, 'GET', `/api/field/uploads/${stale}`);
    assert.equal(gone.status, 404, 'the phone starts it again');
    assert.equal(await t.platform.field.sweepStaleUploads(1), 0, 'never younger than a day, whatever the job asks');
  });
});
