import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { verifyDraw, checkpointOf, verifyEntryInclusion, sourceOf, type DrawRecord } from '../../../../tools/verifier.ts';

const t: TestApp = await startTestApp();
const ROOT = path.resolve(import.meta.dirname, '../../../..');
let leader = '';
const ids: number[] = [];

function code(i: number) { return `91520300MA6${String(i).padStart(7, '0')}`; }

before(async () => {
  leader = await loginAs(t, 'leader');
  const agencies = [
    { name: '贵州地勘院地灾评估所', serviceTypes: ['geohazard_assessment', 'geological_survey'] },
    { name: '遵义地质灾害评估有限公司', serviceTypes: ['geohazard_assessment'] },
    { name: '黔北工程勘察院', serviceTypes: ['geohazard_assessment'] },
    { name: '播州测绘队', serviceTypes: ['surveying'] },
    { name: '业主关联评估公司', serviceTypes: ['geohazard_assessment'], relatedParties: ['遵义市播州区城投公司'] },
    { name: '资质过期评估所', serviceTypes: ['geohazard_assessment'], qualificationValidUntil: '2020-01-01' },
  ];
  for (const [i, a] of agencies.entries()) {
    const res = await call(t, leader, 'POST', '/api/selection/agencies', {
      code: code(i), qualification: '地质灾害危险性评估甲级', qualificationValidUntil: '2030-12-31', relatedParties: [], ...a,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
});

describe('a draw (随机抽取) for a 地质灾害危险性评估 project', () => {
  let drawNo = '';

  it('freezes a pool without suspended, expired or related agencies (回避) and logs it with the secret commitment before the draw', async () => {
    const s = await call(t, leader, 'POST', `/api/selection/agencies/${ids[2]}/status`, { status: 'suspended', reason: '整改期间', until: '2099-01-01' });
    assert.equal(s.status, 200);
    const res = await call(t, leader, 'POST', '/api/selection/draws', { projectName: '三岔镇滑坡隐患点治理工程地灾评估', projectOwner: '遵义市播州区城投公司', serviceType: 'geohazard_assessment', confirmHours: 24 });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    drawNo = res.body.drawNo;
    assert.deepEqual(res.body.pool.map((p: { agencyId: number }) => p.agencyId), [ids[0], ids[1]]);
    assert.deepEqual(res.body.excluded.map((e: { agencyId: number; reason: string }) => [e.agencyId, e.reason.slice(0, 2)]), [[ids[2], '暂停'], [ids[4], '与项'], [ids[5], '资质']]);
    assert.equal(res.body.secret, null, 'the secret stays hidden until the draw');
    const entry = await call(t, null, 'GET', `/api/transparency/entries/${res.body.poolEntryIdx}`);
    const logged = JSON.parse(entry.body.data);
    assert.equal(logged.kind, 'selection.draw.pool');
    assert.equal(logged.payload.secretCommitment, res.body.secretCommitment);
    assert.equal(logged.payload.poolHash, res.body.poolHash);
    assert.equal((await call(t, null, 'GET', `/api/public/selection/draws/${drawNo}`)).status, 404);
  });

  it('draws from a checkpoint signed after the commitment; the record verifies offline and a changed input changes the result', async () => {
    const res = await call(t, leader, 'POST', `/api/selection/draws/${drawNo}/draw`, { ownerNumber: '20261206' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'drawn');
    assert.ok(res.body.checkpoint.size > res.body.poolEntryIdx);
    const again = await call(t, leader, 'POST', `/api/selection/draws/${drawNo}/draw`, { ownerNumber: '1' });
    assert.equal(again.status, 409);
    const dl = await t.inject({ method: 'GET', url: `/api/public/selection/draws/${drawNo}/record.json` });
    assert.equal(dl.statusCode, 200);
    assert.match(dl.headers['content-disposition'] as string, /attachment/);
    const record = JSON.parse(dl.body) as DrawRecord;
    const vkey = (await t.inject({ method: 'GET', url: '/log/vkey' })).body;
    const ok = verifyDraw(record, vkey);
    assert.equal(ok.first, res.body.selectedAgencyId);
    // Any changed input gives another seed, and the verifier says which input disagrees.
    assert.throws(() => verifyDraw({ ...record, ownerNumber: '20261207' }), { code: 'draw.seed_mismatch' });
    assert.throws(() => verifyDraw({ ...record, checkpoint: { ...record.checkpoint, root: Buffer.alloc(32, 1).toString('base64') } }), { code: 'draw.seed_mismatch' });
    assert.throws(() => verifyDraw({ ...record, pool: [...record.pool].reverse() }), { code: 'draw.pool_changed' });
    assert.throws(() => verifyDraw({ ...record, secret: Buffer.alloc(32, 2).toString('hex') }), { code: 'draw.secret_mismatch' });
    assert.throws(() => verifyDraw({ ...record, order: [...record.order].reverse() }), { code: 'draw.order_mismatch' });
    // The result entry is in the log under a later checkpoint.
    await call(t, await loginAs(t, 'supervisor'), 'POST', '/api/transparency/checkpoints');
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.http.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/log`;
    const cp = checkpointOf((await t.inject({ method: 'GET', url: '/log/checkpoint' })).body, vkey);
    const inc = await verifyEntryInclusion(cp, sourceOf(base), res.body.resultEntryIdx);
    assert.equal(JSON.parse(inc.data).payload.seed, record.seed);
    // The CLI on the downloaded file agrees.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-draw-')), `${drawNo}.json`);
    fs.writeFileSync(file, dl.body);
    const out = await new Promise<string>((resolve, reject) => execFile(process.execPath, ['tools/verify.ts', 'draw', file], { cwd: ROOT, encoding: 'utf8' }, (e, so) => (e ? reject(e) : resolve(so))));
    assert.match(out, new RegExp(`^OK draw ${drawNo}: .*first drawn agency ${res.body.selectedAgencyId}`));
  });

  it('replaces an agency that declines, with the reason logged, then the next confirms', async () => {
    const before = (await call(t, leader, 'GET', `/api/selection/draws/${drawNo}`)).body;
    const declined = await call(t, leader, 'POST', `/api/selection/draws/${drawNo}/decline`, { reason: '人员不足，无法承接' });
    assert.equal(declined.status, 200);
    assert.equal(declined.body.selectedAgencyId, before.order[1]);
    const ev = declined.body.events.at(-1);
    assert.equal(ev.kind, 'declined');
    const logged = JSON.parse((await call(t, null, 'GET', `/api/transparency/entries/${ev.entryIdx}`)).body.data);
    assert.deepEqual(logged.payload, { drawNo, agencyId: before.order[0], reason: 'declined', note: '人员不足，无法承接', next: before.order[1] });
    const confirmed = await call(t, leader, 'POST', `/api/selection/draws/${drawNo}/confirm`, {});
    assert.equal(confirmed.body.status, 'confirmed');
    assert.equal((await call(t, leader, 'POST', `/api/selection/draws/${drawNo}/decline`, { reason: '晚了' })).status, 409);
  });

  it('an evaluation feeds the record; a failing quality suspends the agency and it leaves the next pool', async () => {
    const ev = await call(t, leader, 'POST', `/api/selection/agencies/${ids[1]}/evaluations`, { drawNo, quality: 1, timeliness: 2, note: '报告质量不合格' });
    assert.equal(ev.status, 200);
    assert.equal(ev.body.status, 'suspended');
    assert.equal(ev.body.evaluationCount, 1);
    assert.equal(Number(ev.body.evaluationScore), 1.5);
    const next = await call(t, leader, 'POST', '/api/selection/draws', { projectName: '第二个项目', projectOwner: '某公司', serviceType: 'geohazard_assessment' });
    assert.deepEqual(next.body.pool.map((p: { agencyId: number }) => p.agencyId), [ids[0], ids[4]]);
  });

  it('the staff pages\' calls: pool preview freezes nothing, an agency is edited (回避 takes effect), its evaluations are listed', async () => {
    const before = await t.testDb.owner.selectFrom('selection.draws').select('id').execute();
    const pv = await call(t, leader, 'GET', '/api/selection/pool-preview?serviceType=geohazard_assessment&projectOwner=' + encodeURIComponent('新业主'));
    assert.equal(pv.status, 200, JSON.stringify(pv.body));
    assert.ok(pv.body.pool.some((p: { agencyId: number }) => p.agencyId === ids[0]));
    assert.equal((await t.testDb.owner.selectFrom('selection.draws').select('id').execute()).length, before.length, 'a preview freezes no draw');
    const edited = await call(t, leader, 'PUT', `/api/selection/agencies/${ids[0]}`, {
      name: '贵州地勘院地灾评估所（更名）', serviceTypes: ['geohazard_assessment'], qualification: '地质灾害危险性评估甲级', qualificationValidUntil: '2031-06-30', relatedParties: ['新业主'],
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.name, '贵州地勘院地灾评估所（更名）');
    assert.equal(edited.body.code, code(0), 'the credit code stays');
    const pv2 = await call(t, leader, 'GET', '/api/selection/pool-preview?serviceType=geohazard_assessment&projectOwner=' + encodeURIComponent('新业主'));
    assert.ok(!pv2.body.pool.some((p: { agencyId: number }) => p.agencyId === ids[0]), 'tied to the owner: out of the pool');
    assert.match(pv2.body.excluded.find((e: { agencyId: number }) => e.agencyId === ids[0]).reason, /回避/);
    const evs = await call(t, leader, 'GET', `/api/selection/agencies/${ids[1]}/evaluations`);
    assert.equal(evs.status, 200);
    assert.deepEqual(evs.body.map((e: { quality: number; drawNo: string | null }) => [e.quality, e.drawNo]), [[1, drawNo]]);
    const badType = await call(t, leader, 'PUT', `/api/selection/agencies/${ids[0]}`, { name: 'x机构', serviceTypes: ['astrology'], qualification: '甲级', qualificationValidUntil: '2031-06-30', relatedParties: [] });
    assert.equal(badType.status, 400);
    assert.equal(badType.body.error.field, 'serviceTypes');
    assert.equal((await call(t, leader, 'PUT', '/api/selection/agencies/999999', { name: 'x机构', serviceTypes: ['surveying'], qualification: '甲级', qualificationValidUntil: '2031-06-30', relatedParties: [] })).status, 404);
    assert.equal((await call(t, leader, 'GET', '/api/selection/pool-preview?serviceType=astrology')).body.error.field, 'serviceType');
    const sup = await loginAs(t, 'supervisor');
    assert.equal((await call(t, sup, 'PUT', `/api/selection/agencies/${ids[0]}`, { name: '改名', serviceTypes: ['surveying'], qualification: '甲级', qualificationValidUntil: '2031-06-30', relatedParties: [] })).status, 403);
    assert.equal((await call(t, sup, 'GET', '/api/selection/pool-preview?serviceType=surveying')).status, 403);
    const after = await t.testDb.owner.selectFrom('selection.agencies').select('name').where('id', '=', ids[0]).executeTakeFirstOrThrow();
    assert.equal(after.name, '贵州地勘院地灾评估所（更名）', 'refused edits changed nothing');
  });

  it('names the field of bad input and changes nothing', async () => {
    const bad = await call(t, leader, 'POST', '/api/selection/draws', { projectName: '项目', projectOwner: '业主', serviceType: 'astrology' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'serviceType');
    const none = await call(t, leader, 'POST', '/api/selection/draws', { projectName: '项目', projectOwner: '业主', serviceType: 'planning' });
    assert.equal(none.status, 422);
    assert.equal(none.body.error.code, 'selection.pool_empty');
    const code18 = await call(t, leader, 'POST', '/api/selection/agencies', { code: 'short', name: '某机构', serviceTypes: ['surveying'], qualification: '乙级', qualificationValidUntil: '2030-01-01' });
    assert.equal(code18.status, 400);
    assert.equal(code18.body.error.field, 'code');
    const noReason = await call(t, leader, 'POST', `/api/selection/agencies/${ids[0]}/status`, { status: 'blacklisted' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.error.field, 'reason');
  });

  it('verifier: a draw record that is not one is refused clearly', () => {
    assert.throws(() => verifyDraw({} as DrawRecord), { code: 'draw.malformed' });
  });
});
