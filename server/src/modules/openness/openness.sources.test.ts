/**
 * The 阳光 board's wired sources (app.ts): a penalty decision published by enforcement, a lot sold
 * by trading and patches judged and rectified in patches show on /api/open/performance, the CSV
 * and /sunshine for their county and month. The rows are written as the owner the way the demo
 * seeds write them (a whole case, sale or batch through the APIs is the modules' own tests' job);
 * what is tested here is each module's public-figures query, the wiring and the board.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call } from './openness.test-helpers.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
const bureau = await db.selectFrom('orgs.org_units').select(['id', 'name', sql<string>`path::text`.as('path')]).where('code', '=', '520304-B').executeTakeFirstOrThrow();
const cst = (s: string) => new Date(`${s}+08:00`);

async function penaltyCase(caseNo: string, f: { decidedOn?: string; fine?: number; disclosure?: 'published' | 'changed' | 'withdrawn' }) {
  const c = await db.insertInto('enforcement.cases').values({
    caseNo, orgPath: bureau.path, orgUnitId: bureau.id, divisionCode: '520304102', title: '某公司非法占用土地案', summary: '巡查发现',
    status: f.decidedOn ? 'decided' : 'investigating', facts: '{}', decidedOn: f.decidedOn ?? null, fineAmount: f.fine ?? null,
  } as never).returning('id').executeTakeFirstOrThrow();
  if (f.disclosure) {
    await db.insertInto('enforcement.disclosures').values({
      caseId: c.id, orgPath: bureau.path, caseNo, partyKind: 'company', partyName: '某公司', facts: '非法占用土地', legalBasis: '《中华人民共和国土地管理法》第七十七条',
      penalty: `罚款人民币 ${f.fine} 元`, authority: bureau.name, decidedOn: f.decidedOn!, status: f.disclosure,
      ...(f.disclosure === 'published' ? {} : { statusReason: '行政复议决定', statusChangedAt: cst('2025-08-01T10:00:00') }),
    } as never).execute();
  }
}

async function lot(lotNo: string, f: { outcome: 'sold' | 'unsold'; finalPrice: number | null; closedAt: Date }) {
  await db.insertInto('trading.lots').values({
    lotNo, orgPath: bureau.path, kind: 'land', method: 'listing', title: `播州区 ${lotNo} 号商住用地`, areaM2: 10000, termYears: 70,
    indicators: '{}', conditions: '—', startPrice: 90_000_000, increment: 500_000, deposit: 18_000_000, minBidders: 1,
    listingStart: cst('2025-05-20T09:00:00'), listingEnd: cst('2025-06-15T10:00:00'), depositDeadline: cst('2025-06-13T17:00:00'),
    status: 'closed', outcome: f.outcome, finalPrice: f.finalPrice, closedAt: f.closedAt,
  } as never).execute();
}

async function batchWithPatches(batchNo: string, afterDate: string, patches: { tbbh: string; status: string; verdictClass: string | null; rectification?: string; rectifiedAt?: Date }[]) {
  const b = await db.insertInto('patches.batches').values({
    batchNo, name: `${batchNo} 卫片监测`, source: 'ministry', beforeDate: '2025-01-01', afterDate, deadline: '2025-07-31', status: 'open', orgPath: 'cn.p52',
  } as never).returning('id').executeTakeFirstOrThrow();
  for (const p of patches) {
    await db.insertInto('patches.patches').values({
      batchId: b.id, tbbh: p.tbbh, areaM2: 500, geom: JSON.stringify({ type: 'Point', coordinates: [106.83, 27.54] }), bbox: '((106.83,27.54),(106.831,27.541))',
      geomHash: `${batchNo}-${p.tbbh}`, lon: 106.83, lat: 27.54, countyCode: '520304', orgPath: bureau.path, status: p.status, verdictClass: p.verdictClass,
      rectification: p.rectification ?? 'none', rectifiedAt: p.rectifiedAt ?? null,
    } as never).execute();
  }
}

describe('阳光 board: penalties, sales and patches from their modules', () => {
  it('shows a published decision, a sale and judged patches for the county and month', async () => {
    await penaltyCase('ZF520304-2025-9001', { decidedOn: '2025-06-03', fine: 6000, disclosure: 'published' });
    await penaltyCase('ZF520304-2025-9002', { decidedOn: '2025-06-20', fine: 135000.5, disclosure: 'changed' });
    await penaltyCase('ZF520304-2025-9003', { decidedOn: '2025-06-21', fine: 50000, disclosure: 'withdrawn' }); // withdrawn on review: no longer counts
    await penaltyCase('ZF520304-2025-9004', {}); // still under investigation: nothing public
    await penaltyCase('ZF520304-2025-9005', { decidedOn: '2025-07-01', fine: 1000, disclosure: 'published' }); // next month
    await lot('TD2025-WB0001', { outcome: 'sold', finalPrice: 98_500_000, closedAt: cst('2025-06-15T10:30:00') });
    await lot('TD2025-WB0002', { outcome: 'unsold', finalPrice: null, closedAt: cst('2025-06-16T10:30:00') });
    await lot('TD2025-WB0003', { outcome: 'sold', finalPrice: 1_000_000, closedAt: cst('2025-07-01T06:00:00') }); // 1 July in China, 30 June in UTC
    await batchWithPatches('WP2025-WB01', '2025-06-10', [
      { tbbh: '0001', status: 'accepted', verdictClass: 'ILLEGAL_W', rectification: 'demolished', rectifiedAt: cst('2025-06-25T10:00:00') },
      { tbbh: '0002', status: 'accepted', verdictClass: 'ILLEGAL_B', rectification: 'pending' },
      { tbbh: '0003', status: 'accepted', verdictClass: 'LEGAL' },
      { tbbh: '0004', status: 'proposed', verdictClass: 'ILLEGAL_W' }, // not judged yet (not accepted)
    ]);

    const res = await call(t, null, 'GET', '/api/open/performance?from=2025-06&to=2025-07&under=520300');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.sources, ['approvals', 'tipoffs', 'penalties', 'sales', 'patches']);
    const at = (month: string) => res.body.rows.find((r: { countyCode: string; month: string }) => r.countyCode === '520304' && r.month === month);
    const june = at('2025-06');
    assert.ok(june, JSON.stringify(res.body.rows));
    assert.equal(june.countyName, '播州区');
    assert.deepEqual(june.penalties, { decided: 2, fines: 141000.5 });
    assert.deepEqual(june.sales, { sold: 1, price: 98_500_000 });
    assert.deepEqual(june.patches, { judged: 3, illegal: 2, rectified: 1 });
    const july = at('2025-07');
    assert.deepEqual(july?.penalties, { decided: 1, fines: 1000 });
    assert.deepEqual(july?.sales, { sold: 1, price: 1_000_000 });

    // Another city sees none of it.
    const other = await call(t, null, 'GET', '/api/open/performance?from=2025-06&to=2025-07&under=520100');
    assert.equal(other.status, 200);
    assert.equal(other.body.rows.filter((r: { countyCode: string }) => r.countyCode === '520304').length, 0);

    const csv = await t.inject({ method: 'GET', url: '/api/open/performance?from=2025-06&to=2025-06&format=csv' });
    assert.match(csv.body, /行政处罚决定 penalties\.decided,罚款（元） penalties\.fines,成交宗数 sales\.sold/);
    assert.match(csv.body, /2025-06,520304,播州区,(?:[^,\r\n]*,){10}2,141000\.5,1,98500000,3,2,1\r\n/);

    const zh = await t.inject({ method: 'GET', url: '/sunshine?from=2025-06&to=2025-06' });
    assert.equal(zh.statusCode, 200);
    for (const label of ['执法处罚', '行政处罚决定', '罚款（元）', '土地出让', '成交宗数', '成交价款（元）', '卫片图斑', '图斑审核通过', '其中违法', '违法图斑整改']) assert.ok(zh.body.includes(label), label);
    assert.match(zh.body, /<th scope="row">播州区<\/th>[\s\S]*?<td>2<\/td><td>141,000\.5<\/td><td>1<\/td><td>98,500,000<\/td><td>3<\/td><td>2<\/td><td>1<\/td><\/tr>/);
    const en = await t.inject({ method: 'GET', url: '/sunshine?from=2025-06&to=2025-06&lang=en-US' });
    for (const label of ['Penalty decisions', 'Fines (CNY)', 'Lots sold', 'Total price (CNY)', 'Patches judged', 'Of which illegal', 'Illegal patches rectified']) assert.ok(en.body.includes(label), label);
    assert.ok(!/penalties\.decided|sales\.sold|patches\.judged/.test(en.body), 'no raw figure keys on the page');
  });
});
