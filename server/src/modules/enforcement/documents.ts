/**
 * The case documents as PDFs through platform/documents (numbering, QR verification, embedded
 * Chinese font): 立案呈批表, 询问笔录, 现场勘验笔录, 行政处罚告知书, 听证告知书, 行政处罚决定书,
 * 结案呈批表. Titles stay generic (they are public on the verification page); names go in the body.
 */
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import type { DocumentKind, IssueInput, IssuedDocument } from '../../platform/documents/index.ts';
import type { CaseRow, EnforcementDeps } from './enforcement.deps.ts';
import type { Proposal } from './discretion.ts';
import type { Penalty, RecordKind } from './enforcement.tables.ts';

export type CaseDocument = 'filing_form' | 'inquiry_record' | 'site_record' | 'penalty_notice' | 'hearing_notice' | 'decision' | 'closing_form';

const KIND: Record<CaseDocument, DocumentKind> = {
  filing_form: 'case_filing_form', inquiry_record: 'inquiry_record', site_record: 'site_record', penalty_notice: 'penalty_notice',
  hearing_notice: 'hearing_notice', decision: 'penalty_decision', closing_form: 'case_closing_form',
};

const REMEDY = '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。';

const money = (n: number) => `${n.toFixed(2)} 元`;
/** The facts as a sentence: no doubled full stop when the summary ends with one. */
const facts = (c: CaseRow) => `${c.summary.trim().replace(/[。.；;，,\s]+$/u, '')}。`;
const SIGN = '当事人（签收）：                    日期：      年    月    日';
const party = (c: CaseRow) => c.partyName ?? '（当事人待查明）';

interface Extra {
  opinion?: string;
  record?: { kind: Exclude<RecordKind, 'execution'>; recordedOn: string; title: string; content: string; values: Record<string, string | number | boolean | null> };
  photos?: number;
  servedOn?: string;
  actorName?: string;
  place?: string;
  defenceDue?: string;
  hearingDue?: string | null;
  penalty?: Penalty;
  penaltyText?: string;
  legalBasis?: string;
  note?: string;
}

function body(c: CaseRow, which: CaseDocument, x: Extra): IssueInput['body'] {
  const proposal = (c.proposal as { calculation: Proposal; fine: number } | null);
  const calc = proposal?.calculation;
  switch (which) {
    case 'filing_form':
      return {
        paragraphs: [`经初步核查，${facts(c).slice(0, -1)}，涉嫌违反土地、矿产资源管理法律法规，符合立案条件，拟予立案查处。`],
        fields: [
          { label: '案件编号', value: c.caseNo }, { label: '案由', value: c.title }, { label: '违法行为发生地', value: c.divisionCode },
          { label: '当事人', value: party(c) }, { label: '审批意见', value: x.opinion ?? '同意立案' }, { label: '审批人', value: x.actorName ?? '' },
        ],
      };
    case 'inquiry_record':
    case 'site_record': {
      const r = x.record!;
      const values = Object.entries(r.values).map(([k, v]) => ({ label: k, value: String(v ?? '') }));
      return {
        paragraphs: r.content.split(/\n+/).filter(Boolean),
        fields: [
          { label: '案件编号', value: c.caseNo }, { label: '案由', value: c.title }, { label: '标题', value: r.title }, { label: '时间', value: r.recordedOn },
          { label: '地点', value: x.place ?? c.divisionCode }, { label: which === 'inquiry_record' ? '询问人' : '勘验人', value: x.actorName ?? '' },
          ...values, ...(which === 'site_record' ? [{ label: '现场照片', value: `${x.photos ?? 0} 张（附后）` }] : []),
        ],
        closing: [
          which === 'inquiry_record' ? '以上笔录已向被询问人宣读（或由其阅读），确认无误。' : '以上勘验情况属实。',
          which === 'inquiry_record' ? '被询问人签名：                    询问人签名：' : '勘验人签名：                    当事人或见证人签名：',
        ],
      };
    }
    case 'penalty_notice':
      return {
        recipient: party(c),
        paragraphs: [
          `经查，${facts(c)}`,
          `依据${calc?.legalBasis ?? '有关法律法规'}，本机关拟对你（单位）作出如下行政处罚：${x.penaltyText ?? money(proposal?.fine ?? 0)}${calc ? `（裁量：${calc.violationName}·${calc.bandName}）` : ''}。`,
          `根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩，请于 ${x.defenceDue} 前提出；逾期视为放弃。`,
          ...(x.hearingDue ? [`根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证，请于 ${x.hearingDue} 前（告知后五日内）提出；逾期视为放弃。`] : []),
        ],
        fields: [{ label: '案件编号', value: c.caseNo }, { label: '送达日期', value: x.servedOn ?? '' }],
        closing: [SIGN],
      };
    case 'hearing_notice':
      return {
        recipient: party(c),
        paragraphs: [
          `本机关拟对你（单位）${c.title.replace(/案$/, '')}一案作出较大数额罚款或者没收、拆除等行政处罚。`,
          `根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证。如要求听证，应当在 ${x.hearingDue} 前（告知后五日内）向本机关提出；逾期未提出的，视为放弃听证权利。听证期间不计入办案期限。`,
        ],
        fields: [{ label: '案件编号', value: c.caseNo }, { label: '送达日期', value: x.servedOn ?? '' }],
        closing: [SIGN],
      };
    case 'decision':
      return {
        recipient: party(c),
        paragraphs: [
          `经查，${facts(c)}`,
          ...(c.defenceText ? [`当事人陈述申辩意见：${c.defenceText}`] : []),
          `依据${x.legalBasis}，本机关决定对你（单位）作出如下行政处罚：${x.penaltyText}。`,
          '罚款自收到本决定书之日起十五日内缴至指定银行。到期不缴纳的，每日按罚款数额的百分之三加处罚款。',
        ],
        fields: [
          { label: '案件编号', value: c.caseNo }, { label: '当事人', value: party(c) },
          ...(calc ? [{ label: '裁量依据', value: `${calc.violationName}·${calc.bandName}（规则 ${calc.ruleId}）` }] : []),
        ],
        legalNotice: [REMEDY, '逾期不申请行政复议、不提起行政诉讼又不履行的，本机关将依法申请人民法院强制执行。'],
        closing: [SIGN],
      };
    case 'closing_form':
      return {
        paragraphs: [`${c.title}，已于 ${c.decidedOn ?? '—'} 作出行政处罚决定，执行完毕，拟予结案。`],
        fields: [
          { label: '案件编号', value: c.caseNo }, { label: '当事人', value: party(c) }, { label: '罚款', value: money(Number(c.fineAmount ?? 0)) }, { label: '已缴罚款', value: money(Number(c.finePaid)) },
          { label: '拆除面积', value: `${Number(c.demolishedM2)} m²` }, { label: '退还土地', value: `${Number(c.landReturnedM2)} m²` },
          { label: '申请法院强制执行', value: c.courtAppliedOn ?? '否' }, { label: '结案意见', value: x.note ?? '' }, { label: '审批人', value: x.actorName ?? '' },
        ],
      };
  }
}

function input(c: CaseRow, which: CaseDocument, x: Extra): IssueInput {
  return { kind: KIND[which], orgUnitId: c.orgUnitId, subject: { type: 'enforcement.case', id: c.id }, body: body(c, which, x) };
}

async function placeOf(trx: Tx, c: CaseRow): Promise<string> {
  const d = await trx.selectFrom('orgs.divisions').select('name').where('code', '=', c.divisionCode).where('validTo', 'is', null).executeTakeFirst();
  return d?.name ?? c.divisionCode;
}

export async function issueCaseDocument(deps: EnforcementDeps, trx: Tx, actor: ActingUser, c: CaseRow, which: CaseDocument, x: Extra): Promise<IssuedDocument> {
  return deps.documents.issue(trx, actor, input(c, which, { actorName: actor.displayName, place: await placeOf(trx, c), ...x }));
}

/** Several documents of one step: all rendered first, then registered (documents README). */
export async function issueCaseDocuments(deps: EnforcementDeps, trx: Tx, actor: ActingUser, c: CaseRow, items: [CaseDocument, Extra][]): Promise<IssuedDocument[]> {
  const place = await placeOf(trx, c);
  return deps.documents.issueAll(trx, actor, items.map(([w, x]) => input(c, w, { actorName: actor.displayName, place, ...x })));
}
