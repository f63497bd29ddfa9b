import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import jsQRModule from 'jsqr';
import { extractImages, extractText, getDocumentProxy } from 'unpdf';
import { startTestApp } from '../../../test/harness.ts';
import { withContext, type DbContext, type Tx } from '../db/context.ts';
import type { IssueInput } from './documents.service.ts';
import { defaultShortName, formatDocNo } from './documents.service.ts';

// jsqr is CommonJS whose typings declare an ES default export: at run time the import is the function.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

const t = await startTestApp({ PUBLIC_URL: 'https://gtj.example.gov.cn/' });
const { documents, orgs } = t.platform;

const bozhou = (await orgs.findOrgUnitByCode('520304-B'))!;
const window = (await orgs.findOrgUnitByCode('520304-WINDOW'))!;
const huichuan = (await orgs.findOrgUnitByCode('520303-B'))!;
const clerk = { userId: 4242, username: 'window_clerk_test' };
const bozhouCtx: DbContext = { userId: clerk.userId, scopes: [bozhou.scopePath] };
const huichuanCtx: DbContext = { userId: 4343, scopes: [huichuan.scopePath] };

function acceptance(subjectId: number, over: Partial<IssueInput> = {}): IssueInput {
  return {
    kind: 'acceptance_notice', orgUnitId: window.id, subject: { type: 'approvals.case', id: subjectId },
    body: {
      recipient: '张三丰',
      paragraphs: [
        '你于2026年7月1日提交的建设项目用地预审申请（办件编号：520304-20260701-0003），经审查，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。',
      ],
      fields: [{ label: '申请事项', value: '建设项目用地预审' }, { label: '受理人', value: '王小红' }, { label: '办理期限', value: '20个工作日' }],
      table: { caption: '收到的申请材料', columns: ['序号', '材料名称', '份数'], rows: [['1', '建设项目用地预审申请表', '1'], ['2', '建设项目可行性研究报告', '1']] },
    },
    ...over,
  };
}

const issueIn = (ctx: DbContext, input: IssueInput) => withContext(t.platform.db, ctx, (trx) => documents.issue(trx, clerk, input));

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

async function lastNo(kind = 'acceptance_notice'): Promise<number> {
  const r = await t.testDb.owner.selectFrom('documents.sequences').select('lastNo')
    .where('issuerOrgUnitId', '=', bozhou.id).where('kind', '=', kind).executeTakeFirst();
  return r?.lastNo ?? 0;
}

describe('issuing a 受理通知书', async () => {
  const doc = await issueIn(bozhouCtx, acceptance(101));
  const latin = doc.bytes.toString('latin1');

  it('numbers it 播自然资受〔year〕n号 as the bureau above the window', () => {
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    assert.equal(doc.docNo, formatDocNo('播自然资受', year, 1));
  });

  it('is a PDF that embeds a subset of the Chinese font and stays small', () => {
    assert.equal(latin.slice(0, 5), '%PDF-');
    assert.match(latin, /\/FontFile[23]\b/);
    assert.match(latin, /\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    assert.match(latin, /\/BaseFont \/[A-Z]{6}\+NotoSansHans-Bold/);
    // The whole font is 8 MB; a subset of a few hundred glyphs is a small fraction of it.
    assert.ok(doc.bytes.length < 400_000, `PDF is ${doc.bytes.length} bytes`);
  });

  it('has extractable Chinese text: authority, title, number, addressee, body, table and the printed token', async () => {
    const text = (await pdfText(doc.bytes)).replace(/\s+/g, '');
    for (const s of ['遵义市播州区自然资源局', '受理通知书', doc.docNo, '张三丰：', '决定予以受理', '建设项目可行性研究报告', '王小红', doc.verifyToken, '印章示意']) {
      assert.ok(text.includes(s.replace(/\s+/g, '')), `missing ${s}`);
    }
  });

  it('carries a QR code that decodes to the public verification URL', async () => {
    assert.equal(doc.verifyUrl, `https://gtj.example.gov.cn/verify/${doc.verifyToken}`);
    const pdf = await getDocumentProxy(new Uint8Array(doc.bytes));
    const images = await extractImages(pdf, 1);
    const decoded = images.map((img) => {
      const rgba = new Uint8ClampedArray(img.width * img.height * 4);
      for (let p = 0; p < img.width * img.height; p++) {
        for (let c = 0; c < 3; c++) rgba[p * 4 + c] = img.data[p * img.channels + (img.channels >= 3 ? c : 0)];
        rgba[p * 4 + 3] = 255;
      }
      return jsQR(rgba, img.width, img.height)?.data;
    });
    assert.deepEqual(decoded.filter(Boolean), [doc.verifyUrl]);
  });

  it('registers it with hash, size, subject and scope, and serves the same bytes back', async () => {
    const row = await t.testDb.owner.selectFrom('documents.documents').selectAll().where('id', '=', doc.id).executeTakeFirstOrThrow();
    assert.equal(row.sha256, doc.sha256);
    assert.equal(row.size, doc.bytes.length);
    assert.equal(row.status, 'valid');
    assert.equal(row.subjectType, 'approvals.case');
    assert.equal(row.subjectId, '101');
    assert.equal(row.issuerOrgUnitId, bozhou.id);
    assert.equal(row.orgUnitId, window.id);
    assert.equal(row.orgPath, window.path);
    assert.equal(row.issuedBy, clerk.userId);
    const got = await withContext(t.platform.db, bozhouCtx, (trx) => documents.getPdf(trx, doc.id));
    assert.ok(got.bytes.equals(doc.bytes));
  });

  it('writes the audit entry in the same transaction', async () => {
    const rows = await t.testDb.owner.selectFrom('audit.entries').selectAll()
      .where('action', '=', 'documents.document.issued').where('entityId', '=', String(doc.id)).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].actorUserId, clerk.userId);
    assert.equal((rows[0].details as { docNo: string }).docNo, doc.docNo);
  });

  it('is invisible to another county (RLS) and to a mismatched subject', async () => {
    await assert.rejects(withContext(t.platform.db, huichuanCtx, (trx) => documents.getPdf(trx, doc.id)), { code: 'documents.not_found' });
    await assert.rejects(
      withContext(t.platform.db, bozhouCtx, (trx) => documents.getPdf(trx, doc.id, { expectSubject: { type: 'approvals.case', id: 999 } })),
      { code: 'documents.not_found' },
    );
  });
});

describe('document numbers', () => {
  it('are gapless and never shared when 20 issues run in parallel transactions', async () => {
    const before = await lastNo();
    const issued = await Promise.all(Array.from({ length: 20 }, (_, i) => issueIn(bozhouCtx, acceptance(1000 + i))));
    const seqs = issued.map((d) => Number(/〕(\d+)号$/.exec(d.docNo)![1])).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => before + 1 + i));
    assert.equal(new Set(issued.map((d) => d.verifyToken)).size, 20);
    assert.equal(await lastNo(), before + 20);
  });

  it('are given back by a rolled-back transaction, which leaves no registry row', async () => {
    const before = await lastNo();
    const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from documents.documents`.execute(t.testDb.owner)).rows[0].n);
    const rowsBefore = await count();
    let seen = '';
    await assert.rejects(withContext(t.platform.db, bozhouCtx, async (trx: Tx) => {
      const d = await documents.issue(trx, clerk, acceptance(555));
      seen = d.docNo;
      throw new Error('the caller’s change failed');
    }), /caller’s change failed/);
    assert.match(seen, new RegExp(`〕${before + 1}号$`));
    assert.equal(await count(), rowsBefore);
    assert.equal(await lastNo(), before);
    const next = await issueIn(bozhouCtx, acceptance(556));
    assert.match(next.docNo, new RegExp(`〕${before + 1}号$`));
  });

  it('use a configured prefix per authority and kind, and run per kind', async () => {
    await withContext(t.platform.db, bozhouCtx, (trx) =>
      documents.setNumberPrefix(trx, clerk, { issuerOrgUnitId: bozhou.id, kind: 'supplement_notice', prefix: '播自然资补正' }));
    const d = await issueIn(bozhouCtx, acceptance(700, { kind: 'supplement_notice' }));
    assert.match(d.docNo, /^播自然资补正〔\d{4}〕1号$/);
  });

  it('derive a default short name from the authority', () => {
    assert.equal(defaultShortName('遵义市播州区自然资源局'), '播自然资');
    assert.equal(defaultShortName('贵州省自然资源厅'), '贵自然资');
    assert.equal(defaultShortName('遵义市自然资源局'), '遵自然资');
    assert.equal(defaultShortName('三合镇国土资源所'), '三国土资');
  });
});

describe('refusal notices', () => {
  it('print the right to 行政复议 within 60 days and 行政诉讼 within 6 months by default', async () => {
    const d = await issueIn(bozhouCtx, acceptance(800, {
      kind: 'refusal_notice',
      body: { recipient: '李四', paragraphs: ['你申请的事项依法不属于本机关职权范围，决定不予受理。请向遵义市自然资源局申请。'] },
    }));
    const text = (await pdfText(d.bytes)).replace(/\s+/g, '');
    assert.ok(text.includes('不予受理通知书'));
    assert.ok(text.includes('六十日内依法申请行政复议'));
    assert.ok(text.includes('六个月内依法向人民法院提起行政诉讼'));
  });
});

describe('bad input', () => {
  it('names the field', async () => {
    await assert.rejects(issueIn(bozhouCtx, acceptance(1, { kind: 'love_letter' as never })), { code: 'validation.failed', details: { field: 'kind', reasonZh: '不是可选的文书类型：love_letter' } });
    await assert.rejects(issueIn(bozhouCtx, acceptance(1, { subject: { type: 'case', id: 1 } })), { code: 'validation.failed', details: { field: 'subject.type', reasonZh: '格式应为“模块.对象”，如 approvals.case' } });
    await assert.rejects(issueIn(bozhouCtx, acceptance(1, { orgUnitId: 99_999_999 })), { code: 'orgs.org_unit_not_found' });
  });

  it('cannot issue outside the actor’s scope (RLS WITH CHECK)', async () => {
    await assert.rejects(issueIn(huichuanCtx, acceptance(1)), /row-level security/);
  });
});

describe('issuing several documents of one transition (issueAll)', async () => {
  const licence: IssueInput = { kind: 'licence', orgUnitId: window.id, subject: { type: 'approvals.case', id: 202 }, body: { recipient: '张三丰', paragraphs: ['准予“土地抵押登记”。'] } };
  const decision: IssueInput = { ...licence, kind: 'decision', body: { recipient: '张三丰', paragraphs: ['决定准予行政许可。'] } };
  const [d, l] = await withContext(t.platform.db, bozhouCtx, (trx) => documents.issueAll(trx, clerk, [decision, licence]));

  it('numbers, registers and audits each, in order', async () => {
    assert.match(d!.docNo, /^播自然资许决〔\d{4}〕\d+号$/);
    assert.match(l!.docNo, /^播自然资许〔\d{4}〕\d+号$/);
    assert.ok(await pdfText(l!.bytes).then((s) => s.includes(l!.docNo)));
    const rows = await t.testDb.owner.selectFrom('audit.entries').select(['seq', 'entityId', 'occurredAt'])
      .where('action', '=', 'documents.document.issued').where('entityId', 'in', [String(d!.id), String(l!.id)]).orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => r.entityId), [String(d!.id), String(l!.id)]);
  });

  it('renders every PDF before the first audit entry takes the chain head', async () => {
    const first = await t.testDb.owner.selectFrom('audit.entries').select('occurredAt')
      .where('action', '=', 'documents.document.issued').where('entityId', '=', String(d!.id)).executeTakeFirstOrThrow();
    const lic = await t.testDb.owner.selectFrom('documents.documents').select('issuedAt').where('id', '=', l!.id).executeTakeFirstOrThrow();
    assert.ok(lic.issuedAt.getTime() <= first.occurredAt.getTime(), `licence prepared at ${lic.issuedAt.toISOString()}, first audit at ${first.occurredAt.toISOString()}`);
  });

  it('registers nothing when one of them is bad', async () => {
    const before = await lastNo('decision');
    await assert.rejects(withContext(t.platform.db, bozhouCtx, (trx) => documents.issueAll(trx, clerk, [decision, { ...licence, title: ''.padEnd(101, '证') }])), { code: 'validation.failed' });
    assert.equal(await lastNo('decision'), before);
  });
});
