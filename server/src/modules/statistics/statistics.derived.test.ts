import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { openPeriod } from './statistics.test-helpers.ts';

const t: TestApp = await startTestApp();
let county: string;

before(async () => {
  county = await loginAs(t, 'bz_stat');
});

describe('土地执法情况 takes enforcement cases and satellite patches from their modules', () => {
  it('fills 立案, 结案 and 罚没款 (land / mineral) from the county bureau\'s cases and 发现 / 面积 from the accepted 违法 patches of the quarter, marked derived', async () => {
    const db = t.testDb.owner;
    const bz = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520304-B').executeTakeFirstOrThrow();
    const hc = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520303-B').executeTakeFirstOrThrow();
    const user = await db.selectFrom('identity.users').select('id').where('username', '=', 'bz_stat').executeTakeFirstOrThrow();
    let n = 0;
    const kase = async (unit: { id: number; path: string }, c: { kind?: string; filedOn?: string; decidedOn?: string; fine?: number; closedAt?: string; withdrawn?: boolean }) => {
      n++;
      const row = await db.insertInto('enforcement.cases').values({
        caseNo: `TEST-ZF-${n}`, orgPath: unit.path, orgUnitId: unit.id, divisionCode: unit.path.slice(-6), title: `测试案件${n}`, summary: '统计取数测试',
        status: c.closedAt ? 'closed' : c.decidedOn ? 'decided' : 'investigating', violationKind: c.kind ?? null, filedOn: c.filedOn ?? null,
        decidedOn: c.decidedOn ?? null, fineAmount: c.fine ?? null, closedAt: c.closedAt ? new Date(c.closedAt) : null, closedBy: c.closedAt ? user.id : null,
      } as never).returning('id').executeTakeFirstOrThrow();
      if (c.withdrawn) {
        await db.insertInto('enforcement.disclosures').values({
          caseId: row.id, orgPath: unit.path, caseNo: `TEST-ZF-${n}`, partyName: '某公司', partyKind: 'company', facts: '事实', legalBasis: '依据', penalty: '罚款',
          authority: '播州区自然资源局', decidedOn: c.decidedOn!, status: 'withdrawn', statusReason: '复议撤销',
        } as never).execute();
      }
    };
    await kase(bz, { filedOn: '2024-04-10' }); // land: filed
    await kase(bz, { kind: 'illegal_occupation', filedOn: '2024-03-20', decidedOn: '2024-05-06', fine: 120000, closedAt: '2024-06-30T16:30:00Z' }); // fine counts; closed on 07-01 in Shanghai: not this quarter
    await kase(bz, { kind: 'illegal_transfer', filedOn: '2024-05-01', decidedOn: '2024-06-01', fine: 30000, closedAt: '2024-06-20T02:00:00Z' }); // filed, closed, fine
    await kase(bz, { kind: 'illegal_occupation', filedOn: '2024-01-05', decidedOn: '2024-05-10', fine: 50000, withdrawn: true }); // decision withdrawn: no fine
    await kase(bz, { kind: 'illegal_mining', filedOn: '2024-06-30', decidedOn: '2024-06-30', fine: 8765.43 }); // mineral: filed, fine
    await kase(bz, { kind: 'cross_boundary_mining', filedOn: '2023-11-02', decidedOn: '2024-01-10', fine: 1000, closedAt: '2024-04-02T01:00:00Z' }); // mineral: closed
    await kase(hc, { filedOn: '2024-04-11', decidedOn: '2024-05-01', fine: 99999 }); // another county
    await kase(bz, { filedOn: '2024-07-01' }); // next quarter

    const batch = async (no: string, afterDate: string) => (await db.insertInto('patches.batches').values({
      batchNo: no, name: `测试批次${no}`, source: 'ministry', beforeDate: '2023-12-01', afterDate, deadline: '2024-12-31', orgPath: 'cn.p52',
    } as never).returning('id').executeTakeFirstOrThrow()).id;
    const q2 = await batch('TEST-2024Q2', '2024-05-15');
    const q3 = await batch('TEST-2024Q3', '2024-07-02');
    let m = 0;
    const patch = async (batchId: number, countyCode: string, verdictClass: string, areaM2: number, status = 'accepted') => {
      m++;
      await db.insertInto('patches.patches').values({
        batchId, tbbh: `T${m}`, areaM2, geom: JSON.stringify({ type: 'Point', coordinates: [106.8, 27.5] }), bbox: sql`box(point(106.8, 27.5), point(106.8, 27.5))`,
        geomHash: `h${m}`, lon: 106.8, lat: 27.5, countyCode, orgPath: `cn.p52.c5203.x${countyCode}`,
        status, verdictClass,
      } as never).execute();
    };
    await patch(q2, '520304', 'ILLEGAL', 1234.56);
    await patch(q2, '520304', 'ILLEGAL_B', 2000);
    await patch(q2, '520304', 'ILLEGAL', 999, 'submitted'); // not accepted yet
    await patch(q2, '520304', 'LEGAL', 5000); // legal
    await patch(q2, '520303', 'ILLEGAL', 700); // another county
    await patch(q3, '520304', 'ILLEGAL', 800); // next quarter's batch

    await openPeriod(t, 'TDZF', '2024Q2');
    const view = await call(t, county, 'GET', '/api/statistics/my/TDZF/2024Q2');
    assert.equal(view.status, 200, JSON.stringify(view.body));
    const v = view.body.values as Record<string, number>;
    assert.deepEqual(
      { found: v['02.1'], area: v['02.5'], filed: v['02.3'], closed: v['02.4'], fines: v['02.6'], mFiled: v['03.3'], mClosed: v['03.4'], mFines: v['03.6'] },
      { found: 2, area: 0.3235, filed: 2, closed: 1, fines: 15, mFiled: 1, mClosed: 1, mFines: 0.88 },
    );
    assert.deepEqual(view.body.sources['02.3'], { source: 'derived', ref: 'enforcement.cases' });
    assert.deepEqual(view.body.sources['02.5'], { source: 'derived', ref: 'patches.illegal' });
    // The totals row (合计) adds them up like any value.
    assert.equal(v['01.3'], 3);
  });
});
