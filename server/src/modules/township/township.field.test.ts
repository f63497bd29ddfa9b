/**
 * The daily patrol in the offline field app (platform/field): the township's patrol areas are its
 * assignments, a synced record becomes one reported patrol entry (a replay changes nothing), bad
 * values are refused naming the field, and another township's clerk does not get the areas.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp();

describe('township patrol as a field form (乡镇日常巡查, 外业)', () => {
  it('areas as assignments; one record → one reported entry, exactly once; bad values refused naming the field', async () => {
    const clerk = await loginAs(t, 'township');
    const forms = await call(t, clerk, 'GET', '/api/field/forms');
    assert.ok((forms.body as { kind: string }[]).some((f) => f.kind === 'township-patrol'), JSON.stringify(forms.body));
    const areas = (await call(t, clerk, 'GET', '/api/field/assignments?kind=township-patrol')).body as { id: string; version: string; title: string }[];
    assert.equal(areas.length, 2);
    const other = (await call(t, await loginAs(t, 'township2'), 'GET', '/api/field/assignments?kind=township-patrol')).body as { id: string }[];
    assert.ok(other.length === 2 && other.every((a) => !areas.some((b) => b.id === a.id)));

    const record = {
      recordId: crypto.randomUUID(), kind: 'township-patrol', assignmentId: areas[0]!.id, baseVersion: areas[0]!.version,
      values: { finding: 'hazard_sign', place: '新街村大湾组', description: '边坡新裂缝约3米' },
      position: { lon: 106.791, lat: 27.512, accuracyM: 10 }, photos: [], signatureSha256: null, recordedAt: new Date().toISOString(),
    };
    const before = await t.testDb.owner.selectFrom('township.entries').select('id').execute();
    const bad = await call(t, clerk, 'POST', '/api/field/records', { ...record, recordId: crypto.randomUUID(), values: { ...record.values, finding: 'land_change' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'values.finding');
    const first = await call(t, clerk, 'POST', '/api/field/records', record);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const replay = await call(t, clerk, 'POST', '/api/field/records', record);
    assert.equal(replay.status, 200);
    const entries = await t.testDb.owner.selectFrom('township.entries').selectAll().where('fieldRecordId', '=', record.recordId).execute();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.status, 'reported');
    assert.equal(entries[0]!.finding, 'hazard_sign');
    assert.equal(entries[0]!.townshipCode, '520304102');
    assert.equal((await t.testDb.owner.selectFrom('township.entries').select('id').execute()).length, before.length + 1);
  });
});
