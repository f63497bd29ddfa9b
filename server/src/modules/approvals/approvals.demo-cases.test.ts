/**
 * Demo approvals cases (APPROVALS_DEMO_CASES): none in the test template; on a first demo start
 * every state, through the real use cases, with a red card, ratings and disclosures — and every
 * department of a seeded flow has a demo reviewer, so parallel reviews can pass.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, ensureMatters, login } from './approvals.test-helpers.ts';
import { DEMO_SCENARIOS, seedDemoCasesOnFirstStart } from './demo-cases.ts';
import { DEMO_MATTERS } from './matters.seed.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const db = t.testDb.owner;
const p = t.platform;
const deps = { db: p.db, audit: p.audit, calendar: p.calendar, files: p.files, notify: p.notify, documents: p.documents, orgs: p.orgs, identity: p.identity };

describe('demo approvals cases', () => {
  it('the test template has none (npm test sets APPROVALS_DEMO_CASES=0)', async () => {
    assert.equal(process.env.APPROVALS_DEMO_CASES, '0');
    const n = await sql<{ n: number }>`select count(*)::int as n from approvals.cases`.execute(db);
    assert.equal(n.rows[0]!.n, 0);
  });

  it('every department named in a seeded flow has a demo reviewer', async () => {
    for (const m of DEMO_MATTERS) {
      for (const st of m.flow) {
        for (const dept of st.departments) {
          const unitPath = dept === 'bureau' ? 'cn.p52.c5203.x520304.t520304102' : `cn.p52.c5203.x520304.${dept}`;
          const r = await sql<{ n: number }>`select count(*)::int as n from access.posts p join access.roles r on r.id = p.role_id
            join orgs.org_units u on u.id = p.org_unit_id join identity.users s on s.id = p.user_id
            where u.path = ${unitPath}::ltree and p.active and exists (select 1 from access.role_permissions rp where rp.role_id = r.id and rp.permission = 'approvals.case.review')
              and s.email like '%@demo.sunland.local'`.execute(db);
          assert.ok(r.rows[0]!.n >= 1, `${m.name}: nobody gives ${dept}'s opinion`);
        }
      }
    }
  });

  it('seeds every state once, through the use cases, with a red card, ratings and disclosures', async () => {
    const made = await seedDemoCasesOnFirstStart(deps, DEMO_SCENARIOS.length);
    assert.equal(made.length, 12);
    const byStatus = await sql<{ status: string; n: number }>`select status, count(*)::int as n from approvals.cases group by status order by status`.execute(db);
    const st = Object.fromEntries(byStatus.rows.map((r) => [r.status, r.n]));
    assert.deepEqual(st, { completed: 2, decided: 2, in_review: 4, pending_decision: 1, refused: 1, submitted: 1, supplement_requested: 1 });
    // 临时用地 passed its parallel review (耕地保护股 gave its opinion) and was completed.
    const temp = await sql<{ n: number }>`select count(*)::int as n from approvals.cases c join approvals.matters m on m.id = c.matter_id
      where m.code = '520304-XK-0004' and c.status = 'completed'`.execute(db);
    assert.equal(temp.rows[0]!.n, 1);
    const ratings = await sql<{ level: number }>`select level from approvals.ratings order by level`.execute(db);
    assert.deepEqual(ratings.rows.map((r) => r.level), [2, 5]);
    const rect = await sql<{ status: string }>`select status from approvals.rectifications`.execute(db);
    assert.deepEqual(rect.rows.map((r) => r.status), ['open']);

    // What the pages show at once.
    const sup = await call(t, await login(t, 'supervisor'), 'GET', '/api/approvals/supervision/warnings?open=true');
    assert.equal(sup.status, 200);
    assert.ok(sup.body.some((w: { level: string }) => w.level === 'red'), 'a red card');
    const disc = await call(t, null, 'GET', '/api/public/approvals/disclosures');
    assert.equal(disc.body.total, 4, 'three grants and a denial are public');
    const mine = await call(t, await login(t, '13885200001'), 'GET', '/api/public/approvals/my-cases');
    assert.ok(mine.body.length >= 5);
    assert.ok(mine.body.some((c: { asked: string[] }) => c.asked.includes('supplement')));
    const todos = await call(t, await login(t, 'farmland'), 'GET', '/api/todos');
    assert.ok(todos.body.some((x: { key: string; count: number }) => x.key === 'approvals.todos.review' && x.count >= 1), JSON.stringify(todos.body));
  });

  it('dates the timeline and the documents on the story\'s past days, not the seeding day', async () => {
    const day = (col: string) => sql.raw(`to_char(${col} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`);
    // Each submission, acceptance and decision event on the case's own submission, acceptance and decision day.
    const wrong = await sql<{ case_no: string; kind: string; on: string; want: string }>`
      select c.case_no, e.kind, ${day('e.at')} as on,
             case e.kind when 'submitted' then ${day('c.submitted_at')} when 'accepted' then c.accepted_on::text else c.decided_on::text end as want
        from approvals.case_events e join approvals.cases c on c.id = e.case_id
       where e.kind in ('submitted', 'accepted', 'decided')
         and ${day('e.at')} <> case e.kind when 'submitted' then ${day('c.submitted_at')} when 'accepted' then c.accepted_on::text else c.decided_on::text end`.execute(db);
    assert.deepEqual(wrong.rows, []);
    const n = await sql<{ n: number }>`select count(*)::int as n from approvals.case_events where kind in ('submitted', 'accepted', 'decided')`.execute(db);
    assert.ok(n.rows[0]!.n >= 12 + 9 + 4, String(n.rows[0]!.n));
    // The oldest story began 30 working days ago: its timeline starts then.
    const first = await sql<{ days: number }>`select (current_date - min(at)::date)::int as days from approvals.case_events`.execute(db);
    assert.ok(first.rows[0]!.days >= 30, `earliest event ${first.rows[0]!.days} days ago`);
    // Documents: the acceptance notice on the acceptance day, the decision on the decision day — in the
    // register (issued_at, printed on the PDF) and in the case's document list.
    const docs = await sql<{ case_no: string; kind: string; issued: string; listed: string; accepted: string | null; decided: string | null }>`
      select c.case_no, cd.kind, ${day('d.issued_at')} as issued, ${day('cd.created_at')} as listed, c.accepted_on::text as accepted, c.decided_on::text as decided
        from approvals.case_documents cd join approvals.cases c on c.id = cd.case_id join documents.documents d on d.id = cd.document_id`.execute(db);
    assert.ok(docs.rows.length >= 10, String(docs.rows.length));
    for (const d of docs.rows) {
      assert.equal(d.listed, d.issued, `${d.case_no} ${d.kind}: listed on its issue day`);
      if (d.kind === 'acceptance_notice') assert.equal(d.issued, d.accepted, `${d.case_no} acceptance notice`);
      if (d.kind === 'decision' || d.kind === 'licence') assert.equal(d.issued, d.decided, `${d.case_no} ${d.kind}`);
    }
    const today = await sql<{ n: number }>`select count(*)::int as n from documents.documents
      where (issued_at at time zone 'Asia/Shanghai')::date = (now() at time zone 'Asia/Shanghai')::date`.execute(db);
    assert.equal(today.rows[0]!.n, 0, 'no demo document is dated today');
  });

  it('does nothing once there are cases', async () => {
    assert.deepEqual(await seedDemoCasesOnFirstStart(deps, 12), []);
    const n = await sql<{ n: number }>`select count(*)::int as n from approvals.cases`.execute(db);
    assert.equal(n.rows[0]!.n, 12);
  });
});
