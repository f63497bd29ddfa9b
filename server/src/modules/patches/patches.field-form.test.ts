/**
 * The patch form of the field app (FieldFormProvider, platform/field/README.md), called directly until
 * field13's platform/field is merged; and the hand-over of a 违法 patch to enforcement through
 * the optional `openEnforcementCase` (see enforcement/README.md, Interfaces), here a recording stand-in for e14's module.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { call, loginAs, userId } from '../../platform/identity/test-helpers.ts';
import { createPatchFieldForm, type FieldRecordInput } from './field-form.ts';
import { createPatchesService } from './patches.service.ts';
import type { EnforcementSource } from './enforcement-port.ts';

const t: TestApp = await startTestApp();
const form = createPatchFieldForm({ maxPhotoDistanceM: 50 });
let inspector: Actor;
let other: Actor;
const SHA = 'a'.repeat(64);

function actor(id: number, name: string, scopePath: string, permissions: string[]): Actor {
  return { userId: id, username: name, displayName: name, kind: 'staff', sessionId: 'test', postId: null, orgUnitId: null, scopePath, roles: [], permissions: new Set(permissions) };
}
const inScope = <T>(a: Actor, fn: Parameters<typeof withContext<T>>[2]) => withContext(t.platform.db, { userId: a.userId, scopes: [a.scopePath!] }, fn);

function record(assignmentId: string, baseVersion: string, over: Partial<FieldRecordInput> = {}): FieldRecordInput {
  return {
    recordId: crypto.randomUUID(), assignmentId, baseVersion,
    values: { landUse: 'building', builder: '某村民', startDate: '2024-10-01', occupiesCropland: true, croplandM2: 320, approvalNo: null, note: '新建两层砖混房屋' },
    position: { lon: 106.83, lat: 27.54, accuracyM: 8 }, distanceM: 12,
    photos: [
      { sha256: SHA, takenAt: '2024-12-20T03:00:00Z', lon: 106.83, lat: 27.54, headingDeg: 90, distanceM: 12, far: false },
      { sha256: 'b'.repeat(64), takenAt: '2024-12-20T03:01:00Z', lon: 106.84, lat: 27.54, headingDeg: 180, distanceM: 900, far: true },
    ],
    signatureSha256: 'c'.repeat(64), recordedAt: '2024-12-20T03:05:00Z', ...over,
  };
}

before(async () => {
  inspector = actor(await userId(t, 'inspector'), '执法 陈静', 'cn.p52.c5203.x520304', ['patches.field.record']);
  other = actor(await userId(t, 'hc_inspector'), '汇川执法 吴刚', 'cn.p52.c5203.x520303', ['patches.field.record']);
});

describe('the patch form of the field app (外业核查)', () => {
  it('lists the patches of the inspector\'s county with geometry, pre-check and version; another county gets none', async () => {
    const mine = await inScope(inspector, (trx) => form.listAssignments(trx, inspector));
    assert.ok(mine.length >= 3);
    const a = mine[0]!;
    assert.match(a.title, /^图斑 5203042024Q4/);
    assert.equal(a.geometry.type, 'Polygon');
    assert.equal(a.version, '1');
    assert.equal(a.dueDate, '2025-02-28');
    assert.ok(a.details.some((d) => d.label['zh-CN'] === '预判类型' && d.value !== '—'));
    assert.equal(form.permission, 'patches.field.record');
    assert.deepEqual(await inScope(other, (trx) => form.listAssignments(trx, other)), []);
  });

  it('refuses bad values naming the field; stores a good record once (photos by sha256, far flags, signature); a replay changes nothing', async () => {
    const [a] = await inScope(inspector, (trx) => form.listAssignments(trx, inspector));
    const bad = async (over: Partial<FieldRecordInput>, field: string) => {
      await assert.rejects(inScope(inspector, (trx) => form.acceptRecord(trx, inspector, record(a!.id, a!.version, over))),
        (e: unknown) => e instanceof AppError && e.details?.field === field);
    };
    await bad({ values: { landUse: 'castle', occupiesCropland: true } }, 'values.landUse');
    await bad({ values: { landUse: 'building' } }, 'values.occupiesCropland');
    await bad({ values: { landUse: 'building', occupiesCropland: true, colour: 'red' } }, 'values.colour');
    await bad({ photos: [{ sha256: 'nope', takenAt: '2024-12-20T03:00:00Z', lon: null, lat: null, headingDeg: null, distanceM: null, far: false }] }, 'photos[0].sha256');
    const r = record(a!.id, a!.version);
    assert.deepEqual(await inScope(inspector, (trx) => form.acceptRecord(trx, inspector, r)), { status: 'accepted' });
    const stored = await t.testDb.owner.selectFrom('patches.patches').select(['fieldRecord', 'version', 'updatedAt']).where('id', '=', a!.id).executeTakeFirstOrThrow();
    const fr = stored.fieldRecord!;
    assert.equal(fr.recordId, r.recordId);
    assert.deepEqual(fr.photos.map((p) => [p.sha256.slice(0, 1), p.far]), [['a', false], ['b', true]]);
    assert.equal(fr.farPhotos, 1);
    assert.equal(fr.signatureSha256, 'c'.repeat(64));
    assert.equal(fr.values.croplandM2, 320);
    assert.equal(fr.inspector.displayName, '执法 陈静');
    assert.equal(stored.version, 1, 'a field record is not an office change');
    assert.deepEqual(await inScope(inspector, (trx) => form.acceptRecord(trx, inspector, r)), { status: 'accepted' });
    const again = await t.testDb.owner.selectFrom('patches.patches').select(['updatedAt']).where('id', '=', a!.id).executeTakeFirstOrThrow();
    assert.deepEqual(again.updatedAt, stored.updatedAt, 'the replay wrote nothing');
    const county = await loginAs(t, 'inspector');
    const view = await call(t, county, 'GET', `/api/patches/patches/${a!.id}`);
    assert.equal(view.body.fieldRecord.recordId, r.recordId);
  });

  it('answers conflict when the office changed the patch since the inspector\'s version; another county\'s inspector cannot reach it', async () => {
    const [, b] = await inScope(inspector, (trx) => form.listAssignments(trx, inspector));
    const county = await loginAs(t, 'inspector');
    assert.equal((await call(t, county, 'POST', `/api/patches/patches/${b!.id}/verdict`, { classCode: 'OTHER_FALSE', reason: '影像阴影，实地未变化' })).status, 200);
    const res = await inScope(inspector, (trx) => form.acceptRecord(trx, inspector, record(b!.id, b!.version)));
    assert.deepEqual(res, { status: 'conflict', currentVersion: String(Number(b!.version) + 1) });
    const p = await t.testDb.owner.selectFrom('patches.patches').select('fieldRecord').where('id', '=', b!.id).executeTakeFirstOrThrow();
    assert.equal(p.fieldRecord, null);
    await assert.rejects(inScope(other, (trx) => form.acceptRecord(trx, other, record(b!.id, '2'))),
      (e: unknown) => e instanceof AppError && e.code === 'patches.patch_not_found');
  });
});

describe('hand-over to enforcement (移送立案) through openEnforcementCase', () => {
  it('an accepted 违法 patch opens one case with the field record, photos and imagery attached; the case number is stored; a repeat opens none', async () => {
    const calls: EnforcementSource[] = [];
    const svc = createPatchesService({
      db: t.platform.db, audit: t.platform.audit,
      openEnforcementCase: async (_trx, _actor, source) => { calls.push(source); return { caseId: 'c-1', caseNo: '播自然资立〔2026〕7号', created: calls.length === 1 }; },
    });
    const [a] = await inScope(inspector, (trx) => form.listAssignments(trx, inspector));
    const county = actor(inspector.userId, inspector.displayName, inspector.scopePath!, []);
    const city = actor(await userId(t, 'supervisor'), '监察 刘洋', 'cn.p52.c5203', []);
    const batchNo = (await t.testDb.owner.selectFrom('patches.batches').select('batchNo').executeTakeFirstOrThrow()).batchNo;
    const all = await inScope(county, (trx) => svc.listPatches(trx, { batchNo }));
    for (const p of all) {
      if (p.status !== 'pending') continue;
      await inScope(county, (trx) => svc.propose(trx, county, p.id, p.id === a!.id
        ? { classCode: 'ILLEGAL_W', approvalNo: null, croplandM2: 300, basicFarmlandM2: 0, reason: '未批先建' }
        : { classCode: 'OTHER_FALSE', approvalNo: null, croplandM2: null, basicFarmlandM2: null, reason: '伪变化' }));
    }
    await inScope(county, (trx) => svc.submit(trx, county, batchNo, '520304'));
    const accepted = await inScope(city, (trx) => svc.review(trx, city, a!.id, { action: 'accept', comment: null }));
    assert.equal(accepted.enforcementCaseNo, '播自然资立〔2026〕7号');
    assert.equal(calls.length, 1);
    const s = calls[0]!;
    assert.equal(s.kind, 'patch');
    assert.equal(s.id, a!.id);
    assert.match(s.ref, /^5203042024Q4/);
    assert.match(s.divisionCode, /^520304/);
    assert.equal(s.croplandM2, 300);
    assert.ok(s.attachments.some((x) => x.sha256 === SHA), 'the field photo goes along');
    assert.ok(s.attachments.some((x) => x.label === '前时相影像' && x.url?.includes('/imagery/before/')));
    const again = await inScope(city, (trx) => svc.handOver(trx, city, a!.id));
    assert.deepEqual(again, { caseNo: '播自然资立〔2026〕7号', awaitingEnforcement: false });
    assert.equal(calls.length, 1, 'a stored case number is not asked again');
  });
});
