/**
 * After the sale (成交后): the transfer contract (出让合同) and the payment of the price in
 * instalments (首付款, 余款). Rules checked when the signed contract is registered, each refusal
 * naming its rule (trading.contract_rule, 422):
 * - signed within 10 working days of the close (成交确认书: 10个工作日内签订出让合同) — `sign_10_workdays`;
 * - the instalments add up to the price less the deposit that converts into it — `instalments_sum`;
 * - the first payment with the deposit is at least half the price, due within a month — `first_50_percent`,
 *   `first_within_1_month`; everything is paid within a year of signing — `balance_within_1_year`
 *   (财综〔2009〕74号: 首次缴纳比例不低于50%，分期缴纳期限原则上不超过1年);
 * - every due date is a working day of the platform calendar — `due_on_workday` (with the next one).
 * A daily job reminds the buyer 5 working days ahead and on the day, and flags overdue instalments.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser, Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { TodoItem } from '../../platform/todos/index.ts';
import type { TradingDeps } from './trading.deps.ts';
import { chinaDate, type Lot } from './lots.ts';

export interface ContractInput {
  contractNo: string;
  signedOn: string;
  instalments: { label: string; amount: number; dueDate: string }[];
}

const rule = (field: string, r: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('trading.contract_rule', `${field}: ${message}`, { field, rule: r, ...extra });
const addMonths = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};
const REMIND_WORKDAYS = 5;

export function createContractSteps(deps: TradingDeps, lockLot: (trx: Tx, lotNo: string) => Promise<Lot>) {
  async function remind(trx: Tx, userId: number, phone: string | null, key: string, subject: string, body: string, link: string) {
    if (!deps.notify) return;
    await deps.notify.enqueue(trx, { channel: 'inapp', to: String(userId), subject, body, data: { link }, dedupeKey: `${key}:inapp` });
    if (phone) await deps.notify.enqueue(trx, { channel: 'sms', to: phone, body: `【阳光国土】${body}`, dedupeKey: `${key}:sms` });
  }

  return {
    /** 登记出让合同: the signed contract and its payment plan, checked against the rules above. */
    async register(trx: Tx, actor: ActingUser, lotNo: string, input: ContractInput) {
      const lot = await lockLot(trx, lotNo);
      if (lot.status !== 'closed' || lot.outcome !== 'sold') throw new AppError('trading.lot_wrong_state', `lot ${lotNo} is not sold: a contract follows a sale`);
      const exists = await trx.selectFrom('trading.contracts').select('contractNo').where('lotId', '=', lot.id).executeTakeFirst();
      if (exists) throw new AppError('trading.contract_exists', `the contract ${exists.contractNo} of ${lotNo} is registered already`);
      const closedOn = chinaDate(lot.closedAt!);
      const signBy = await deps.calendar.addWorkdays(closedOn, 10);
      if (input.signedOn < closedOn || input.signedOn > signBy) {
        throw rule('signedOn', 'sign_10_workdays', `the contract is signed within 10 working days of the sale (${closedOn} – ${signBy}) (成交后10个工作日内签订)`, { latest: signBy });
      }
      const winner = await trx.selectFrom('trading.applications').select(['userId', 'depositPaid']).where('lotId', '=', lot.id).where('bidderNumber', '=', lot.winnerNumber!).executeTakeFirstOrThrow();
      const price = lot.finalPrice!;
      const due = price - winner.depositPaid;
      const sum = input.instalments.reduce((a, i) => a + i.amount, 0);
      if (sum !== due) throw rule('instalments', 'instalments_sum', `the instalments add up to ${due} yuan (price ${price} less the deposit ${winner.depositPaid} 转作价款), not ${sum}`, { expected: due });
      const first = input.instalments[0]!;
      if (first.amount + winner.depositPaid < Math.ceil(price / 2)) {
        throw rule('instalments.0.amount', 'first_50_percent', `the first payment with the deposit is at least half the price: ${Math.ceil(price / 2) - winner.depositPaid} yuan (首付款不低于50%)`);
      }
      if (first.dueDate > addMonths(input.signedOn, 1)) throw rule('instalments.0.dueDate', 'first_within_1_month', `the first payment is due within a month of signing (by ${addMonths(input.signedOn, 1)})`);
      for (const [i, x] of input.instalments.entries()) {
        if (x.dueDate < input.signedOn || (i > 0 && x.dueDate <= input.instalments[i - 1]!.dueDate)) throw invalid(`instalments.${i}.dueDate`, 'due dates follow the signing and each other', '不能早于合同签订日期，且须晚于上一期的缴款期限');
        if (x.dueDate > addMonths(input.signedOn, 12)) throw rule(`instalments.${i}.dueDate`, 'balance_within_1_year', `the whole price is paid within a year of signing (by ${addMonths(input.signedOn, 12)}) (分期缴纳不超过1年)`);
        if (!(await deps.calendar.isWorkday(x.dueDate))) {
          const next = await deps.calendar.addWorkdays(x.dueDate, 1);
          throw rule(`instalments.${i}.dueDate`, 'due_on_workday', `${x.dueDate} is not a working day of the calendar; the next is ${next}`, { next });
        }
      }
      const c = await trx.insertInto('trading.contracts').values({
        lotId: lot.id, orgPath: lot.orgPath, contractNo: input.contractNo, signedOn: input.signedOn, buyerUserId: winner.userId!, price, depositCredited: winner.depositPaid, registeredBy: actor.userId,
      }).returning(['id']).executeTakeFirstOrThrow();
      await trx.insertInto('trading.instalments').values(input.instalments.map((x, i) => ({ contractId: c.id, orgPath: lot.orgPath, seq: i + 1, label: x.label, amount: x.amount, dueDate: x.dueDate }))).execute();
      await deps.audit.record(trx, actor, { action: 'trading.contract.registered', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, contractNo: input.contractNo, instalments: input.instalments.length } });
      if (deps.notify) {
        const plan = input.instalments.map((x) => `${x.label} ${x.amount} 元（${x.dueDate} 前）`).join('；');
        await deps.notify.enqueue(trx, { channel: 'inapp', to: String(winner.userId), subject: `出让合同 ${input.contractNo} 缴款计划`, body: `${lot.lotNo}（${lot.title}）出让合同已登记。缴款计划：${plan}。`, data: { link: `/trading/${lot.lotNo}` }, dedupeKey: `trading:contract:${c.id}` });
      }
      return this.view(trx, lotNo);
    },

    /** 缴款登记: a payment towards an instalment (finance confirms the receipt). */
    async pay(trx: Tx, actor: ActingUser, lotNo: string, input: { seq: number; amount: number; paidOn: string }) {
      const lot = await lockLot(trx, lotNo);
      const c = await trx.selectFrom('trading.contracts').select('id').where('lotId', '=', lot.id).executeTakeFirst();
      if (!c) throw new AppError('trading.contract_not_found', `lotNo: no contract of ${lotNo} is registered`, { field: 'lotNo' });
      const i = await trx.selectFrom('trading.instalments').selectAll().where('contractId', '=', c.id).where('seq', '=', input.seq).forUpdate().executeTakeFirst();
      if (!i) throw invalid('seq', `no instalment ${input.seq}`, `没有第${input.seq}期缴款`);
      if (input.amount > i.amount - i.paid) throw invalid('amount', `at most the ${i.amount - i.paid} yuan still due on ${i.label}`, `不能超过${i.label}尚未缴纳的${i.amount - i.paid}元`);
      const paid = i.paid + input.amount;
      await trx.updateTable('trading.instalments').set({ paid, paidOn: paid === i.amount ? input.paidOn : null }).where('id', '=', i.id).execute();
      await deps.audit.record(trx, actor, { action: 'trading.payment.recorded', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, seq: input.seq, amount: input.amount, paidOn: input.paidOn } });
      return this.view(trx, lotNo);
    },

    async view(trx: Tx, lotNo: string) {
      const lot = await trx.selectFrom('trading.lots').select(['id']).where('lotNo', '=', lotNo).executeTakeFirst();
      if (!lot) throw new AppError('trading.lot_not_found', `lotNo: no lot ${lotNo}`, { field: 'lotNo' });
      const c = await trx.selectFrom('trading.contracts').selectAll().where('lotId', '=', lot.id).executeTakeFirst();
      if (!c) return null;
      const rows = await trx.selectFrom('trading.instalments').selectAll().where('contractId', '=', c.id).orderBy('seq').execute();
      const today = chinaDate(new Date());
      return {
        contractNo: c.contractNo, signedOn: c.signedOn, price: c.price, depositCredited: c.depositCredited,
        instalments: rows.map((r) => ({
          seq: r.seq, label: r.label, amount: r.amount, dueDate: r.dueDate, paid: r.paid, paidOn: r.paidOn, overdueSince: r.overdueSince,
          state: r.paidOn ? 'paid' : r.dueDate < today ? 'overdue' : 'open',
        })),
      };
    },

    /**
     * 我的出让合同: the buyer's own contract and payment plan, with the reminder rule. Anyone else —
     * another bidder, a stranger — gets the same "no contract" answer as for a lot without one.
     */
    async buyerView(trx: Tx, userId: number, lotNo: string) {
      const lot = await trx.selectFrom('trading.lots').select(['id']).where('lotNo', '=', lotNo).executeTakeFirst();
      const c = lot && await trx.selectFrom('trading.contracts').select(['buyerUserId']).where('lotId', '=', lot.id).executeTakeFirst();
      if (!c || c.buyerUserId !== userId) throw new AppError('trading.contract_not_found', `lotNo: you have no contract for lot ${lotNo}`, { field: 'lotNo' });
      return { ...(await this.view(trx, lotNo))!, remindWorkdays: REMIND_WORKDAYS };
    },

    /** Daily: reminders 5 working days before and on the due date; unpaid after it → flagged overdue and told. */
    async remindDue(trx: Tx, today: string) {
      const soon = await deps.calendar.addWorkdays(today, REMIND_WORKDAYS);
      const open = await trx.selectFrom('trading.instalments as i').innerJoin('trading.contracts as c', 'c.id', 'i.contractId').innerJoin('trading.lots as l', 'l.id', 'c.lotId')
        .select(['i.id', 'i.seq', 'i.label', 'i.amount', 'i.paid', 'i.dueDate', 'i.overdueSince', 'c.contractNo', 'c.buyerUserId', 'l.lotNo'])
        .where('i.paidOn', 'is', null).where('i.dueDate', '<=', soon).execute();
      let reminded = 0, flagged = 0;
      for (const i of open) {
        const { rows: [u] } = await sql<{ phone: string | null }>`select phone from identity.users where id = ${i.buyerUserId}`.execute(trx);
        const left = i.amount - i.paid;
        if (i.dueDate < today) {
          if (i.overdueSince) continue;
          await trx.updateTable('trading.instalments').set({ overdueSince: today }).where('id', '=', i.id).execute();
          await remind(trx, i.buyerUserId, u?.phone ?? null, `trading:overdue:${i.id}`, `【逾期】出让合同 ${i.contractNo} ${i.label}`,
            `出让合同 ${i.contractNo} 的${i.label} ${left} 元已于 ${i.dueDate} 到期未缴清，已逾期，请尽快缴纳；逾期将按合同约定计收违约金。`, `/trading/${i.lotNo}`);
          flagged++;
        } else {
          await remind(trx, i.buyerUserId, u?.phone ?? null, `trading:due:${i.id}:${i.dueDate === today ? 'today' : 'soon'}`, `出让合同 ${i.contractNo} ${i.label}缴款提醒`,
            `出让合同 ${i.contractNo} 的${i.label} ${left} 元应于 ${i.dueDate} 前缴纳${i.dueDate === today ? '，今天到期' : ''}。`, `/trading/${i.lotNo}`);
          reminded++;
        }
      }
      return { reminded, flagged };
    },
  };
}

/** Workbench to-dos (待办): contracts to sign after a sale, instalments due soon, overdue instalments. */
export async function tradingTodos(trx: Tx, actor: Actor): Promise<TodoItem[]> {
  if (!actor.permissions.has('trading.lot.read')) return [];
  const today = chinaDate(new Date());
  const week = chinaDate(new Date(Date.now() + 7 * 86400_000));
  const [unsigned, due, overdue] = await Promise.all([
    trx.selectFrom('trading.lots as l').leftJoin('trading.contracts as c', 'c.lotId', 'l.id').select((e) => e.fn.countAll<string>().as('n'))
      .where('l.outcome', '=', 'sold').where('c.id', 'is', null).executeTakeFirstOrThrow(),
    trx.selectFrom('trading.instalments').select((e) => e.fn.countAll<string>().as('n')).where('paidOn', 'is', null).where('dueDate', '>=', today).where('dueDate', '<=', week).executeTakeFirstOrThrow(),
    trx.selectFrom('trading.instalments').select((e) => e.fn.countAll<string>().as('n')).where('paidOn', 'is', null).where('dueDate', '<', today).executeTakeFirstOrThrow(),
  ]);
  return [
    { key: 'trading.todos.sign', link: '/app/trading', level: 'info', count: Number(unsigned.n) },
    { key: 'trading.todos.due', link: '/app/trading', level: 'warning', count: Number(due.n) },
    { key: 'trading.todos.overdue', link: '/app/trading', level: 'danger', count: Number(overdue.n) },
  ];
}
