import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp(process.env.H17_DEBUG ? { LOG_LEVEL: 'error' } : {});
let officer = '';

const SITE = {
  siteNo: '520304103-HP09', name: '苟江镇石门村滑坡', hazardType: 'landslide', townshipCode: '520304103', location: '石门村三组',
  lon: 106.9, lat: 27.45, scale: 'medium', volumeM3: 120000, stability: 'unstable', threatenedHouseholds: 9, threatenedPeople: 31,
  threatenedProperty: 150, riskLevel: 'high', measures: '搬迁避让', evacuationRoute: '沿机耕道向北撤离', shelter: '石门村小学操场', warningSignal: '鸣锣',
};

async function hazardFeature(code: string) {
  const res = await call(t, officer, 'GET', '/api/map/layers/hazard_sites/features?limit=10000');
  assert.equal(res.status, 200);
  return res.body.features.find((f: { properties: { zhdbh?: string } }) => f.properties.zhdbh === code);
}

function pdfText(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hazard-card-'));
  const file = path.join(dir, 'card.pdf');
  fs.writeFileSync(file, bytes);
  // Read as the reader sees it: rendered, then the text layer.
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
  assert.ok(fs.readdirSync(dir).some((f) => f.endsWith('.png')), 'the first page renders');
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  fs.rmSync(dir, { recursive: true, force: true });
  return text.replace(/\s+/g, '');
}

async function card(body: Record<string, unknown>, siteId: number) {
  const res = await t.inject({ method: 'POST', url: `/api/hazards/sites/${siteId}/cards`, headers: { cookie: officer }, payload: body });
  const isPdf = res.headers['content-type'] === 'application/pdf';
  return { status: res.statusCode, pdf: isPdf ? res.rawPayload : Buffer.alloc(0), error: isPdf ? null : JSON.parse(res.body).error };
}

before(async () => {
  officer = await loginAs(t, 'hazard_office');
});

describe('the register of hazard sites (隐患点台账)', () => {
  let id = 0;

  it('registers a site, which appears on the map layer hazard_sites in the same transaction', async () => {
    const res = await call(t, officer, 'POST', '/api/hazards/sites', SITE);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    id = res.body.id;
    assert.equal(res.body.status, 'registered');
    assert.equal(res.body.version, 1);
    const f = await hazardFeature(SITE.siteNo);
    assert.ok(f, 'the site is a feature of hazard_sites');
    assert.deepEqual(f.geometry.coordinates, [106.9, 27.45]);
    assert.equal(f.properties.zhlx, '滑坡');
    assert.equal(f.properties.wxrs, 31);
  });

  it('refuses bad input naming the field and changes nothing', async () => {
    const before = await t.testDb.owner.selectFrom('hazards.sites').select('id').execute();
    const dup = await call(t, officer, 'POST', '/api/hazards/sites', SITE);
    assert.equal(dup.status, 409);
    assert.match(dup.body.error.message, /siteNo/);
    const badTown = await call(t, officer, 'POST', '/api/hazards/sites', { ...SITE, siteNo: '520304-X1', townshipCode: '520304000' });
    assert.equal(badTown.status, 400);
    assert.match(badTown.body.error.message, /townshipCode/);
    const badType = await call(t, officer, 'POST', '/api/hazards/sites', { ...SITE, siteNo: '520304-X2', hazardType: 'earthquake' });
    assert.equal(badType.status, 400);
    assert.match(JSON.stringify(badType.body), /hazardType/);
    const after = await t.testDb.owner.selectFrom('hazards.sites').select('id').execute();
    assert.equal(after.length, before.length);
  });

  it('keeps every version: a change records the fields changed and moves the map point', async () => {
    const stale = await call(t, officer, 'PATCH', `/api/hazards/sites/${id}`, { version: 9, threatenedPeople: 35 });
    assert.equal(stale.status, 409);
    const res = await call(t, officer, 'PATCH', `/api/hazards/sites/${id}`, { version: 1, threatenedPeople: 35, lon: 106.91 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.version, 2);
    const view = await call(t, officer, 'GET', `/api/hazards/sites/${id}`);
    assert.deepEqual(view.body.history.map((h: { version: number; change: string }) => [h.version, h.change]), [[2, 'updated'], [1, 'registered']]);
    assert.deepEqual([...view.body.history[0].changedFields].sort(), ['lon', 'threatenedPeople']);
    const f = await hazardFeature(SITE.siteNo);
    assert.deepEqual(f.geometry.coordinates, [106.91, 27.45]);
    assert.equal(f.properties.wxrs, 35);
  });

  it('keeps the 群测群防 roster and households and prints the 两卡一表 with them', async () => {
    assert.equal((await call(t, officer, 'POST', `/api/hazards/sites/${id}/people`, { role: 'monitor', name: '田茂林', phone: '13985201234' })).status, 201);
    assert.equal((await call(t, officer, 'POST', `/api/hazards/sites/${id}/people`, { role: 'village', name: '罗开富', phone: '13985205678' })).status, 201);
    const badPhone = await call(t, officer, 'POST', `/api/hazards/sites/${id}/people`, { role: 'monitor', name: '某某', phone: '12345' });
    assert.equal(badPhone.status, 400);
    assert.match(JSON.stringify(badPhone.body), /phone/);
    const h = await call(t, officer, 'POST', `/api/hazards/sites/${id}/households`, { headName: '龙德贵', members: 5, phone: '13985209999', address: '石门村三组12号' });
    assert.equal(h.status, 201);

    const work = await card({ card: 'work_card' }, id);
    assert.equal(work.status, 201);
    const workText = pdfText(work.pdf);
    for (const s of ['防灾工作明白卡', '苟江镇石门村滑坡', '田茂林', '13985201234', '沿机耕道向北撤离', '石门村小学操场', '35人']) assert.ok(workText.includes(s), `work card shows ${s}`);

    const noHousehold = await card({ card: 'avoid_card' }, id);
    assert.equal(noHousehold.status, 400);
    assert.match(noHousehold.error.message, /householdId/);
    const avoid = await card({ card: 'avoid_card', householdId: h.body.id }, id);
    assert.equal(avoid.status, 201);
    const avoidText = pdfText(avoid.pdf);
    for (const s of ['防灾避险明白卡', '龙德贵户', '家庭人数5人', '石门村三组12号', '田茂林13985201234', '鸣锣']) assert.ok(avoidText.includes(s), `avoid card shows ${s}`);

    const plan = await card({ card: 'plan' }, id);
    assert.equal(plan.status, 201);
    if (process.env.H17_KEEP_PDF) fs.writeFileSync(process.env.H17_KEEP_PDF, plan.pdf);
    const planText = pdfText(plan.pdf);
    for (const s of ['防御预案表', '罗开富', '龙德贵', '搬迁避让']) assert.ok(planText.includes(s), `plan shows ${s}`);
    const docs = await t.testDb.owner.selectFrom('documents.documents').select(['kind']).where('subjectType', 'in', ['hazards.site', 'hazards.household']).execute();
    assert.deepEqual(docs.map((d) => d.kind).sort(), ['hazard_avoid_card', 'hazard_plan', 'hazard_work_card']);
  });

  it('核销 takes the site off the map, states its reason and stays in the history', async () => {
    const noReason = await call(t, officer, 'POST', `/api/hazards/sites/${id}/status`, { status: 'cancelled' });
    assert.equal(noReason.status, 400);
    const res = await call(t, officer, 'POST', `/api/hazards/sites/${id}/status`, { status: 'cancelled', reason: '已完成搬迁避让，隐患消除' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'cancelled');
    assert.equal(await hazardFeature(SITE.siteNo), undefined);
    const edit = await call(t, officer, 'PATCH', `/api/hazards/sites/${id}`, { version: 3, name: '改名' });
    assert.equal(edit.status, 409);
    const view = await call(t, officer, 'GET', `/api/hazards/sites/${id}`);
    assert.deepEqual(view.body.history.map((x: { change: string }) => x.change), ['cancelled', 'updated', 'registered']);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('action').where('entityType', '=', 'hazards.site').where('entityId', '=', String(id)).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['hazards.site.registered', 'hazards.site.updated', 'hazards.site.person_added', 'hazards.site.person_added', 'hazards.site.household_added', 'hazards.site.cancelled']);
  });
});
