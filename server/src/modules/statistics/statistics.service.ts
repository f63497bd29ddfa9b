/**
 * Statistics direct reporting (统计直报). A unit fills its report of a form for a period within
 * the window, checks run (审核公式), it submits with its sign-off (单位负责人, 统计负责人) and the
 * level above accepts or returns it with comments on cells; roll-ups sum the reports by the
 * division hierarchy valid at the period's end. The level above never writes a unit's values:
 * the service refuses it and RLS (statistics.is_own) refuses it again.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { withContext, SYSTEM_CONTEXT, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { CellRef } from './expr.ts';
import { compileForm, computeAll, runChecks, FormError, type CheckFailure, type CompiledForm, type FormDefinition } from './forms.ts';
import { lastYearPeriod, parsePeriod, previousPeriod, reportingWindow, type PeriodInfo, type PeriodType } from './periods.ts';
import type { CellComment, ValueSource } from './statistics.tables.ts';
import { moduleDerivedProviders } from './derived.ts';

const REMIND_QUEUE = 'statistics.reminders';
export type RollupLevel = 'country' | 'province' | 'city' | 'county' | 'township';
const LEVEL_DEPTH: Record<RollupLevel, number> = { country: 1, province: 2, city: 3, county: 4, township: 5 };
const ROLLUP_CACHE_SIZE = 256;

export interface RollupResult {
  form: string; period: string; by: RollupLevel; version?: number; definition?: FormDefinition;
  groups: { code: string; name: string; units: number; values: Record<string, number> }[];
  total: { units: number; values: Record<string, number> };
}

/** Values another module knows (approvals by matter, tip-offs …), given through its index.ts. */
export type DerivedProvider = (trx: Tx, q: { divisionCode: string; orgPath: string; from: string; to: string; params: Record<string, string> }) => Promise<number>;

export interface StatisticsDeps {
  db: Db;
  audit: AuditService;
  notify: Pick<NotifyService, 'enqueue'>;
  /** Optional providers by source name, e.g. `tipoffs.received`; wired in app.ts. */
  derived?: Record<string, DerivedProvider>;
  now?: () => Date;
}

export interface SubmitInput {
  explanations: Record<string, string>;
  responsiblePerson: string;
  statistician: string;
  phone: string | null;
  /** The revision the unit saw; a second simultaneous submission fails on it. */
  expectedRevision?: number | undefined;
}

export interface ReviewInput { decision: 'accept' | 'return'; comment: string | null; cellComments: CellComment[] }

const day = (d: Date) => d.toISOString().slice(0, 10);
const parent = (path: string) => path.split('.').slice(0, -1).join('.');

interface CellError { cell: string; message: string; sheet?: string; address?: string }

export function createStatisticsService(deps: StatisticsDeps) {
  // Enforcement cases and satellite patches (derived.ts), unless the caller passes its own provider.
  const derivedProviders: Record<string, DerivedProvider> = { ...moduleDerivedProviders(deps.db), ...deps.derived };
  const now = () => (deps.now ? deps.now() : new Date());
  const compiled = new Map<number, CompiledForm>();
  // Roll-ups by (period, statuses, level, scopes), each with the stamp it was computed under.
  const rollupCache = new Map<string, { stamp: string; result: RollupResult }>();
  const rollupStats = { computed: 0, hits: 0 };

  async function audit(trx: Tx, actor: ActingUser | null, action: string, entityId: number, orgPath: string | null, details: Record<string, unknown>) {
    await deps.audit.record(trx, actor, { action: `statistics.report.${action}`, entityType: 'statistics.report', entityId, orgPath, details });
  }

  async function formByCode(trx: Tx, code: string) {
    const f = await trx.selectFrom('statistics.forms').selectAll().where('code', '=', code).executeTakeFirst();
    if (!f) throw new AppError('statistics.form_not_found', `form: no report form ${code}`, { field: 'form' });
    return f;
  }

  async function version(trx: Tx, versionId: number) {
    const v = await trx.selectFrom('statistics.form_versions').selectAll().where('id', '=', versionId).executeTakeFirstOrThrow();
    let c = compiled.get(v.id);
    if (!c) { c = compileForm(v.definition); compiled.set(v.id, c); }
    return { ...v, compiled: c };
  }

  async function latestVersion(trx: Tx, formId: number) {
    const v = await trx.selectFrom('statistics.form_versions').select('id').where('formId', '=', formId).orderBy('version', 'desc').executeTakeFirstOrThrow();
    return version(trx, v.id);
  }

  function periodInfo(code: string, type: PeriodType): PeriodInfo {
    const p = parsePeriod(code, type);
    if (!p) throw new AppError('statistics.period_invalid', `period: ${code} is not a ${type} period (202611, 2026Q3, 2026S1 or 2026)`, { field: 'period' });
    return p;
  }

  /** The period row; opened (with the form's newest version, which it then keeps) on first use. */
  async function periodRow(trx: Tx, form: { id: number; periodType: PeriodType; windowDays: number }, code: string) {
    const existing = await trx.selectFrom('statistics.periods').selectAll().where('formId', '=', form.id).where('period', '=', code).executeTakeFirst();
    if (existing) return existing;
    const p = periodInfo(code, form.periodType);
    if (p.start > day(now())) throw new AppError('statistics.period_not_started', `period: ${code} has not begun`, { field: 'period' });
    const v = await latestVersion(trx, form.id);
    const w = reportingWindow(p, form.windowDays);
    await trx.insertInto('statistics.periods').values({ formId: form.id, period: code, versionId: v.id, startsOn: p.start, endsOn: p.end, opensOn: w.opensOn, dueOn: w.dueOn })
      .onConflict((oc) => oc.columns(['formId', 'period']).doNothing()).execute();
    return trx.selectFrom('statistics.periods').selectAll().where('formId', '=', form.id).where('period', '=', code).executeTakeFirstOrThrow();
  }

  async function assignment(trx: Tx, formId: number, orgPath: string, onDate: string) {
    return trx.selectFrom('statistics.assignments').selectAll().where('formId', '=', formId).where('orgPath', '=', orgPath)
      .where('validFrom', '<=', onDate).where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', onDate)])).executeTakeFirst();
  }

  /** The unit's own report (created on first use); refuses a unit that does not report this form. */
  async function ownReport(trx: Tx, actor: ActingUser, formCode: string, periodCode: string) {
    if (!actor.scopePath) throw new AppError('access.forbidden', 'a staff post is needed');
    const form = await formByCode(trx, formCode);
    const period = await periodRow(trx, form, periodCode);
    const a = await assignment(trx, form.id, actor.scopePath, period.endsOn);
    if (!a) throw new AppError('statistics.not_a_reporting_unit', `form: your unit does not report ${formCode} for ${periodCode}`, { field: 'form' });
    let r = await trx.selectFrom('statistics.reports').selectAll().where('periodId', '=', period.id).where('orgPath', '=', actor.scopePath).executeTakeFirst();
    if (!r) {
      await trx.insertInto('statistics.reports').values({ periodId: period.id, formId: form.id, orgPath: a.orgPath, divisionCode: a.divisionCode, unitName: a.unitName })
        .onConflict((oc) => oc.columns(['periodId', 'orgPath']).doNothing()).execute();
      r = await trx.selectFrom('statistics.reports').selectAll().where('periodId', '=', period.id).where('orgPath', '=', actor.scopePath).executeTakeFirstOrThrow();
      await fillDerived(trx, actor, r.id);
    }
    return { form, period, report: r };
  }

  async function reportById(trx: Tx, id: number, lock = false) {
    let q = trx.selectFrom('statistics.reports').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw new AppError('statistics.report_not_found', `report: no report ${id}`, { field: 'report' });
    return r;
  }

  async function enteredValues(trx: Tx, reportId: number): Promise<Record<string, number>> {
    const rows = await trx.selectFrom('statistics.report_values').select(['cell', 'value']).where('reportId', '=', reportId).execute();
    return Object.fromEntries(rows.map((r) => [r.cell, Number(r.value)]));
  }

  /** Values of the same unit in another period or form, for checks (null = not reported). */
  async function lookupFor(trx: Tx, report: { orgPath: string; formId: number }, period: { period: string }, formType: PeriodType, c: CompiledForm) {
    const p = periodInfo(period.period, formType);
    const want = new Map<string, { form: string | null; period: string }>();
    for (const ch of c.checks) for (const r of ch.cells) {
      if (!r.form && r.period === 'this') continue;
      const pc = r.period === 'prev' ? previousPeriod(p) : r.period === 'lastyear' ? lastYearPeriod(p) : p.code;
      want.set(`${r.form ?? ''}|${pc}`, { form: r.form, period: pc });
    }
    const cache = new Map<string, Record<string, number> | null>();
    for (const [k, w] of want) {
      const q = trx.selectFrom('statistics.reports as r').innerJoin('statistics.periods as p', 'p.id', 'r.periodId').innerJoin('statistics.forms as f', 'f.id', 'r.formId')
        .select(['r.id', 'p.versionId']).where('r.orgPath', '=', report.orgPath).where('p.period', '=', w.period);
      const other = await (w.form ? q.where('f.code', '=', w.form) : q.where('r.formId', '=', report.formId)).executeTakeFirst();
      if (!other) { cache.set(k, null); continue; }
      const v = await version(trx, other.versionId);
      cache.set(k, computeAll(v.compiled, await enteredValues(trx, other.id)));
    }
    return (r: CellRef) => {
      const pc = r.period === 'prev' ? previousPeriod(p) : r.period === 'lastyear' ? lastYearPeriod(p) : p.code;
      const vals = cache.get(`${r.form ?? ''}|${pc}`);
      return vals ? vals[`${r.row}.${r.col}`] ?? null : null;
    };
  }

  async function checkReport(trx: Tx, report: { id: number; orgPath: string; formId: number }, period: { period: string; versionId: number }, formType: PeriodType) {
    const v = await version(trx, period.versionId);
    const all = computeAll(v.compiled, await enteredValues(trx, report.id));
    const lookup = await lookupFor(trx, report, period, formType, v.compiled);
    return { values: all, failures: runChecks(v.compiled, all, lookup) };
  }

  function windowOpen(period: { opensOn: string; dueOn: string; startsOn: string }, report: { reopenedUntil: string | null }) {
    const today = day(now());
    if (today <= period.dueOn) return true;
    return !!report.reopenedUntil && today <= report.reopenedUntil;
  }

  function assertWritable(actor: ActingUser, period: { dueOn: string; opensOn: string; startsOn: string }, report: { orgPath: string; status: string; reopenedUntil: string | null }, cell?: string) {
    // 四条红线: only the unit itself fills or changes its data; the level above never does.
    if (actor.scopePath !== report.orgPath) throw new AppError('statistics.not_own_unit', 'only the reporting unit itself may change its values (上级不得代填代改)', { field: cell ?? 'report' });
    if (report.status === 'submitted' || report.status === 'accepted') {
      throw new AppError('statistics.report_wrong_state', `${cell ? `${cell}: ` : ''}the report is ${report.status}; it can be changed only after it is returned`, { field: cell ?? 'report', status: report.status });
    }
    if (!windowOpen(period, report)) {
      throw new AppError('statistics.window_closed', `${cell ? `${cell}: ` : ''}the window closed on ${period.dueOn}; only the level above can reopen it`, { field: cell ?? 'report', dueOn: period.dueOn });
    }
  }

  /** Parses and validates values; every problem is named by its cell. */
  function validateValues(c: CompiledForm, input: Record<string, unknown>): { values: Map<string, number | null>; errors: CellError[] } {
    const values = new Map<string, number | null>();
    const errors: CellError[] = [];
    for (const [cell, raw] of Object.entries(input)) {
      const info = c.cellInfo(cell);
      if (!info) { errors.push({ cell, message: `${cell}: no such cell in this form` }); continue; }
      if (!c.inputCells.has(cell)) { errors.push({ cell, message: `${cell}: ${c.computed.has(cell) ? 'is computed' : 'is left blank on this form'}, it takes no value` }); continue; }
      if (raw === null || raw === '') { values.set(cell, null); continue; }
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw.replace(/,/g, '')) ? Number(raw.replace(/,/g, '')) : NaN;
      if (!Number.isFinite(n)) { errors.push({ cell, message: `${cell}: "${String(raw).slice(0, 40)}" is not a number` }); continue; }
      if (n < 0) { errors.push({ cell, message: `${cell}: must not be negative` }); continue; }
      const dec = info.col.decimals ?? info.row.decimals ?? 4;
      if (Math.abs(n * 10 ** dec - Math.round(n * 10 ** dec)) > 1e-6) { errors.push({ cell, message: `${cell}: at most ${dec} decimals (${info.col.unit ?? info.row.unit ?? ''})` }); continue; }
      if (Math.abs(n) >= 1e13) { errors.push({ cell, message: `${cell}: too large` }); continue; }
      values.set(cell, n);
    }
    return { values, errors };
  }

  async function writeValues(trx: Tx, actor: ActingUser, report: { id: number; orgPath: string }, values: Map<string, number | null>, source: ValueSource, sourceRef: string | null = null) {
    for (const [cell, v] of values) {
      if (v === null) {
        await trx.deleteFrom('statistics.report_values').where('reportId', '=', report.id).where('cell', '=', cell).execute();
        continue;
      }
      await trx.insertInto('statistics.report_values').values({ reportId: report.id, orgPath: report.orgPath, cell, value: v, source, sourceRef, updatedBy: actor.userId })
        .onConflict((oc) => oc.columns(['reportId', 'cell']).doUpdateSet({ value: v, source, sourceRef, updatedAt: new Date(), updatedBy: actor.userId })).execute();
    }
    await trx.updateTable('statistics.reports').set({ updatedAt: new Date() }).where('id', '=', report.id).execute();
  }

  /** Fills the cells other modules know (marked `derived`); the unit may still overwrite them. */
  async function fillDerived(trx: Tx, actor: ActingUser, reportId: number) {
    const r = await reportById(trx, reportId);
    const period = await trx.selectFrom('statistics.periods').selectAll().where('id', '=', r.periodId).executeTakeFirstOrThrow();
    const v = await version(trx, period.versionId);
    const filled: string[] = [];
    for (const d of v.compiled.def.derived) {
      const provider = derivedProviders[d.source];
      if (!provider) continue;
      const n = await provider(trx, { divisionCode: r.divisionCode, orgPath: r.orgPath, from: period.startsOn, to: period.endsOn, params: d.params ?? {} });
      await writeValues(trx, actor, r, new Map([[d.cell, n]]), 'derived', d.source);
      filled.push(d.cell);
    }
    return filled;
  }

  async function view(trx: Tx, reportId: number) {
    const r = await reportById(trx, reportId);
    const period = await trx.selectFrom('statistics.periods').selectAll().where('id', '=', r.periodId).executeTakeFirstOrThrow();
    const form = await trx.selectFrom('statistics.forms').selectAll().where('id', '=', r.formId).executeTakeFirstOrThrow();
    const v = await version(trx, period.versionId);
    const { values, failures } = await checkReport(trx, r, period, form.periodType);
    const sources = await trx.selectFrom('statistics.report_values').select(['cell', 'source', 'sourceRef']).where('reportId', '=', r.id).where('source', '!=', 'entered').execute();
    const events = await trx.selectFrom('statistics.events').select(['kind', 'revision', 'actorName', 'comment', 'cellComments', 'at']).where('reportId', '=', r.id).orderBy('id').execute();
    const lastReturn = [...events].reverse().find((e) => e.kind === 'returned');
    return {
      report: { ...r, windowOpen: windowOpen(period, r) },
      form: { code: form.code, tableNo: form.tableNo, name: form.name, nameEn: form.nameEn, authority: form.authority, approvalNo: form.approvalNo, validUntil: form.validUntil, periodType: form.periodType, simplified: form.simplified },
      period: { period: period.period, startsOn: period.startsOn, endsOn: period.endsOn, opensOn: period.opensOn, dueOn: period.dueOn, version: v.version },
      definition: v.definition,
      values,
      computed: [...v.compiled.computed.keys()],
      sources: Object.fromEntries(sources.map((s) => [s.cell, { source: s.source, ref: s.sourceRef }])),
      checks: failures,
      cellComments: lastReturn && r.status !== 'accepted' ? lastReturn.cellComments : [],
      events,
    };
  }

  async function saveValuesOn(trx: Tx, actor: ActingUser, r: { id: number; orgPath: string; status: string; reopenedUntil: string | null }, period: { dueOn: string; opensOn: string; startsOn: string; versionId: number }, input: Record<string, unknown>, source: ValueSource, errorsPrefix: CellError[] = []) {
    assertWritable(actor, period, r, Object.keys(input)[0]);
    const v = await version(trx, period.versionId);
    const { values, errors } = validateValues(v.compiled, input);
    const all = [...errorsPrefix, ...errors];
    if (all.length) throw new AppError('statistics.values_invalid', all.map((e) => e.message).join('; '), { field: all[0]!.cell, errors: all });
    await writeValues(trx, actor, r, values, source);
    return values.size;
  }

  const service = {
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    async listForms(trx: Tx) {
      const forms = await trx.selectFrom('statistics.forms').selectAll().orderBy('id').execute();
      const versions = await trx.selectFrom('statistics.form_versions').select(['formId', sql<number>`max(version)`.as('version')]).groupBy('formId').execute();
      const vmap = new Map(versions.map((v) => [v.formId, Number(v.version)]));
      return forms.map((f) => ({ ...f, version: vmap.get(f.id) ?? 1 }));
    },

    async getForm(trx: Tx, code: string, ver?: number) {
      const form = await formByCode(trx, code);
      const v = ver
        ? await trx.selectFrom('statistics.form_versions').selectAll().where('formId', '=', form.id).where('version', '=', ver).executeTakeFirst()
        : await trx.selectFrom('statistics.form_versions').selectAll().where('formId', '=', form.id).orderBy('version', 'desc').executeTakeFirst();
      if (!v) throw new AppError('statistics.form_not_found', `version: form ${code} has no version ${ver}`, { field: 'version' });
      return { ...form, version: v.version, definition: v.definition, note: v.note };
    },

    /** A new version of a form's body; periods opened before keep theirs. */
    async addVersion(trx: Tx, actor: ActingUser, code: string, definition: unknown, note: string | null) {
      const form = await formByCode(trx, code);
      try { compileForm(definition); } catch (e) {
        if (e instanceof FormError) throw invalid(e.field, e.message);
        throw e;
      }
      // The form row is the lock: two versions at once get consecutive numbers.
      await trx.selectFrom('statistics.forms').select('id').where('id', '=', form.id).forUpdate().execute();
      const last = await trx.selectFrom('statistics.form_versions').select('version').where('formId', '=', form.id).orderBy('version', 'desc').executeTakeFirstOrThrow();
      const v = await trx.insertInto('statistics.form_versions').values({ formId: form.id, version: last.version + 1, definition: JSON.stringify(definition), note, createdBy: actor.userId })
        .returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'statistics.form.versioned', entityType: 'statistics.form', entityId: form.id, orgPath: null, details: { code, version: v.version, note } });
      return { code, version: v.version };
    },

    /** Names the units that report a form from a day on (报送单位). */
    async assign(trx: Tx, actor: ActingUser, code: string, input: { orgPath: string; divisionCode: string; unitName: string; validFrom: string }) {
      const form = await formByCode(trx, code);
      const a = await trx.insertInto('statistics.assignments').values({ formId: form.id, ...input }).returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'statistics.form.assigned', entityType: 'statistics.form', entityId: form.id, orgPath: input.orgPath, details: input });
      return a;
    },

    /** The forms the actor's unit reports, with the status of recent periods. */
    async myForms(trx: Tx, actor: ActingUser) {
      if (!actor.scopePath) return [];
      const today = day(now());
      const rows = await trx.selectFrom('statistics.assignments as a').innerJoin('statistics.forms as f', 'f.id', 'a.formId')
        .select(['f.code', 'f.tableNo', 'f.name', 'f.nameEn', 'f.periodType', 'f.windowDays']).where('a.orgPath', '=', actor.scopePath)
        .where((eb) => eb.or([eb('a.validTo', 'is', null), eb('a.validTo', '>', today)])).orderBy('f.id').execute();
      const reports = await trx.selectFrom('statistics.reports as r').innerJoin('statistics.periods as p', 'p.id', 'r.periodId').innerJoin('statistics.forms as f', 'f.id', 'r.formId')
        .select(['f.code', 'p.period', 'p.dueOn', 'r.id', 'r.status', 'r.revision']).where('r.orgPath', '=', actor.scopePath).orderBy('p.endsOn', 'desc').execute();
      return rows.map((f) => ({ ...f, reports: reports.filter((r) => r.code === f.code).slice(0, 6) }));
    },

    async openOwn(trx: Tx, actor: ActingUser, formCode: string, periodCode: string) {
      const { report } = await ownReport(trx, actor, formCode, periodCode);
      return view(trx, report.id);
    },

    view,

    /** Saves values (auto-save of the grid); all or nothing, every bad cell named. */
    async saveValues(trx: Tx, actor: ActingUser, formCode: string, periodCode: string, input: Record<string, unknown>, source: ValueSource = 'entered') {
      const { report, period } = await ownReport(trx, actor, formCode, periodCode);
      const r = await reportById(trx, report.id, true);
      const saved = await saveValuesOn(trx, actor, r, period, input, source);
      const { failures } = await checkReport(trx, r, period, (await formByCode(trx, formCode)).periodType);
      return { saved, checks: failures };
    },

    /** Tries to write into a report by id: only the unit itself may (the level above gets 403). */
    async saveValuesById(trx: Tx, actor: ActingUser, reportId: number, input: Record<string, unknown>) {
      const r = await reportById(trx, reportId, true);
      const period = await trx.selectFrom('statistics.periods').selectAll().where('id', '=', r.periodId).executeTakeFirstOrThrow();
      return { saved: await saveValuesOn(trx, actor, r, period, input, 'entered') };
    },

    async refreshDerived(trx: Tx, actor: ActingUser, formCode: string, periodCode: string) {
      const { report, period } = await ownReport(trx, actor, formCode, periodCode);
      assertWritable(actor, period, report);
      return { filled: await fillDerived(trx, actor, report.id) };
    },

    /**
     * Submits (审核报送): hard failures block; each soft failure needs its explanation (上报说明).
     * Locks the report row: of two simultaneous submissions exactly one wins.
     */
    async submit(trx: Tx, actor: ActingUser, formCode: string, periodCode: string, input: SubmitInput) {
      const { report: r0, period, form } = await ownReport(trx, actor, formCode, periodCode);
      const r = await reportById(trx, r0.id, true);
      if (input.expectedRevision !== undefined && input.expectedRevision !== r.revision) {
        throw new AppError('statistics.report_changed', `report: it was submitted meanwhile (revision ${r.revision}, you saw ${input.expectedRevision})`, { field: 'expectedRevision' });
      }
      assertWritable(actor, period, r);
      const { values, failures } = await checkReport(trx, r, period, form.periodType);
      const hard = failures.filter((f) => f.level === 'hard');
      const named = (f: CheckFailure) => `${f.message} (${f.cells.map((c) => `${c.ref}=${c.value ?? '空'}`).join(', ')})`;
      if (hard.length) throw new AppError('statistics.check_failed', `checks: ${hard.length} hard check(s) fail: ${hard.map(named).join('; ')}`, { field: 'checks', failures });
      const soft = failures.filter((f) => f.level === 'soft');
      const unexplained = soft.filter((f) => !input.explanations[f.key]?.trim());
      if (unexplained.length) throw new AppError('statistics.explanation_required', `explanations.${unexplained[0]!.key}: a soft check fails and needs an explanation (上报说明): ${unexplained.map(named).join('; ')}`, { field: `explanations.${unexplained[0]!.key}`, failures: unexplained });
      const explanations = Object.fromEntries(soft.map((f) => [f.key, input.explanations[f.key]!.trim()]));
      const revision = r.revision + 1;
      const at = now();
      const entered = await enteredValues(trx, r.id);
      await trx.insertInto('statistics.revisions').values({
        reportId: r.id, orgPath: r.orgPath, revision, values: JSON.stringify(entered), explanations: JSON.stringify(explanations),
        checkReport: JSON.stringify(failures), responsiblePerson: input.responsiblePerson, statistician: input.statistician, submittedBy: actor.userId,
      }).execute();
      await trx.updateTable('statistics.reports').set({
        status: 'submitted', revision, explanations: JSON.stringify(explanations), responsiblePerson: input.responsiblePerson, statistician: input.statistician, phone: input.phone,
        submittedAt: at, submittedBy: actor.userId, firstSubmittedAt: r.firstSubmittedAt ?? at, updatedAt: at,
      }).where('id', '=', r.id).execute();
      await trx.insertInto('statistics.events').values({ reportId: r.id, orgPath: r.orgPath, kind: 'submitted', revision, actorId: actor.userId, actorName: actor.displayName, comment: null, cellComments: '[]' }).execute();
      await audit(trx, actor, 'submitted', r.id, r.orgPath, { form: formCode, period: periodCode, revision, softExplained: Object.keys(explanations), responsiblePerson: input.responsiblePerson, statistician: input.statistician });
      return { id: r.id, status: 'submitted' as const, revision, values };
    },

    /** The level directly above accepts, or returns with comments on cells (退回, 核实订正). */
    async review(trx: Tx, actor: ActingUser, reportId: number, input: ReviewInput) {
      const r = await reportById(trx, reportId, true);
      if (!actor.scopePath || parent(r.orgPath) !== actor.scopePath) throw new AppError('statistics.not_reviewer', 'report: only the level directly above reviews this report', { field: 'report' });
      if (r.status !== 'submitted') throw new AppError('statistics.report_wrong_state', `report: it is ${r.status}, not waiting for review`, { field: 'report', status: r.status });
      const period = await trx.selectFrom('statistics.periods').selectAll().where('id', '=', r.periodId).executeTakeFirstOrThrow();
      const v = await version(trx, period.versionId);
      for (const [i, c] of input.cellComments.entries()) {
        if (!v.compiled.cellInfo(c.cell)) throw invalid(`cellComments.${i}.cell`, `no cell ${c.cell} in this form`, `本报表没有单元格 ${c.cell}`);
      }
      if (input.decision === 'return' && !input.comment?.trim() && input.cellComments.length === 0) throw invalid('comment', 'a return states what to correct', '退回时须说明需要修改的内容');
      const at = now();
      await trx.updateTable('statistics.reports').set(input.decision === 'accept'
        ? { status: 'accepted', reviewedAt: at, reviewedBy: actor.userId, acceptedAt: at, acceptedBy: actor.userId, updatedAt: at }
        : { status: 'returned', reviewedAt: at, reviewedBy: actor.userId, updatedAt: at }).where('id', '=', r.id).execute();
      const kind = input.decision === 'accept' ? 'accepted' as const : 'returned' as const;
      await trx.insertInto('statistics.events').values({ reportId: r.id, orgPath: r.orgPath, kind, revision: r.revision, actorId: actor.userId, actorName: actor.displayName, comment: input.comment, cellComments: JSON.stringify(input.cellComments) }).execute();
      await audit(trx, actor, kind, r.id, r.orgPath, { revision: r.revision, comment: input.comment, cells: input.cellComments.map((c) => c.cell) });
      return { id: r.id, status: kind === 'accepted' ? 'accepted' : 'returned' };
    },

    /** Reopens a locked window for one unit (重新开放), by the level above, with a reason. */
    async reopen(trx: Tx, actor: ActingUser, input: { form: string; period: string; orgPath: string; reason: string; days: number }) {
      if (!actor.scopePath || parent(input.orgPath) !== actor.scopePath) throw new AppError('statistics.not_reviewer', 'orgPath: only the level directly above reopens a unit\'s window', { field: 'orgPath' });
      const form = await formByCode(trx, input.form);
      const period = await periodRow(trx, form, input.period);
      const a = await assignment(trx, form.id, input.orgPath, period.endsOn);
      if (!a) throw new AppError('statistics.not_a_reporting_unit', `orgPath: ${input.orgPath} does not report ${input.form}`, { field: 'orgPath' });
      await trx.insertInto('statistics.reports').values({ periodId: period.id, formId: form.id, orgPath: a.orgPath, divisionCode: a.divisionCode, unitName: a.unitName })
        .onConflict((oc) => oc.columns(['periodId', 'orgPath']).doNothing()).execute();
      const r = await trx.selectFrom('statistics.reports').selectAll().where('periodId', '=', period.id).where('orgPath', '=', a.orgPath).forUpdate().executeTakeFirstOrThrow();
      if (r.status === 'accepted') throw new AppError('statistics.report_wrong_state', 'report: it is accepted', { field: 'report', status: r.status });
      const until = day(new Date(now().getTime() + (input.days - 1) * 86400_000));
      await trx.updateTable('statistics.reports').set({ reopenedUntil: until, reopenReason: input.reason, updatedAt: now() }).where('id', '=', r.id).execute();
      await trx.insertInto('statistics.events').values({ reportId: r.id, orgPath: r.orgPath, kind: 'reopened', revision: r.revision, actorId: actor.userId, actorName: actor.displayName, comment: input.reason, cellComments: '[]' }).execute();
      await audit(trx, actor, 'reopened', r.id, r.orgPath, { until, reason: input.reason });
      return { id: r.id, reopenedUntil: until };
    },

    /** Differences between two submissions (or the last submission and the current values). */
    async diff(trx: Tx, reportId: number, from: number, to: number | null) {
      const r = await reportById(trx, reportId);
      const revs = await trx.selectFrom('statistics.revisions').select(['revision', 'values']).where('reportId', '=', r.id).execute();
      const a = revs.find((x) => x.revision === from);
      if (!a) throw invalid('from', `no submission ${from}`, `没有第${from}次上报的数据`);
      const bVals = to === null ? await enteredValues(trx, r.id) : revs.find((x) => x.revision === to)?.values;
      if (!bVals) throw invalid('to', `no submission ${to}`, to === null ? '没有当前填报的数据' : `没有第${to}次上报的数据`);
      const cells = new Set([...Object.keys(a.values), ...Object.keys(bVals)]);
      const changes = [...cells].sort().filter((c) => (a.values[c] ?? null) !== (bVals[c] ?? null)).map((c) => ({ cell: c, before: a.values[c] ?? null, after: bVals[c] ?? null }));
      return { from, to, changes, revisions: revs.map((x) => x.revision).sort((p, q) => p - q) };
    },

    /** Reports of the units directly below the actor (or in the subtree), for review lists. */
    async listReports(trx: Tx, f: { form?: string | undefined; period?: string | undefined; status?: string | undefined }) {
      let q = trx.selectFrom('statistics.reports as r').innerJoin('statistics.periods as p', 'p.id', 'r.periodId').innerJoin('statistics.forms as f', 'f.id', 'r.formId')
        .select(['r.id', 'f.code as form', 'f.name as formName', 'p.period', 'p.dueOn', 'r.orgPath', 'r.divisionCode', 'r.unitName', 'r.status', 'r.revision', 'r.submittedAt', 'r.firstSubmittedAt', 'r.acceptedAt', 'r.reopenedUntil'])
        .orderBy('p.endsOn', 'desc').orderBy('r.divisionCode').limit(500);
      if (f.form) q = q.where('f.code', '=', f.form);
      if (f.period) q = q.where('p.period', '=', f.period);
      if (f.status) q = q.where('r.status', '=', f.status as 'draft');
      return q.execute();
    },

    /**
     * Roll-up (汇总) of a form and period, grouped by divisions of `by` level as the hierarchy
     * stood on the period's last day; only reports the actor's scope sees (RLS). Computed cells
     * are recomputed from the sums (a ratio of totals).
     *
     * The result is kept (`rollupCache`) under its stamp: the count and the
     * highest change number of the reports and values it summed, the hierarchy's change number and
     * the actor's scopes (migration 0970). A later roll-up reads the stamp (one index range scan)
     * and, unchanged, answers from the cache; a submit, acceptance, return or 撤县设区 changes it.
     */
    async rollup(trx: Tx, formCode: string, periodCode: string, by: RollupLevel, statuses: ('submitted' | 'accepted')[] = ['submitted', 'accepted']): Promise<RollupResult> {
      const form = await formByCode(trx, formCode);
      const period = await trx.selectFrom('statistics.periods').selectAll().where('formId', '=', form.id).where('period', '=', periodCode).executeTakeFirst();
      if (!period) return { form: formCode, period: periodCode, by, groups: [], total: { units: 0, values: {} } };
      const stampRow = await sql<{ stamp: string; scopes: string }>`
        select concat_ws('.', count(*), max(r.changed_seq), max(c.changed_seq), (select stamp from statistics.hierarchy_stamp)) as stamp, platform.current_scopes()::text as scopes
          from statistics.reports r left join statistics.report_cells c on c.report_id = r.id
         where r.period_id = ${period.id} and r.status = any(${statuses}::text[])`.execute(trx);
      const { stamp, scopes } = stampRow.rows[0]!;
      const key = `${period.id}|${statuses.join(',')}|${by}|${scopes}`;
      const hit = rollupCache.get(key);
      if (hit && hit.stamp === stamp) {
        rollupStats.hits++;
        rollupCache.delete(key); rollupCache.set(key, hit); // most recently used last
        return hit.result;
      }
      rollupStats.computed++;
      const v = await version(trx, period.versionId);
      // 1. The divisions that reported (visible under RLS), and how many units each.
      //    With the part (city-level org path, migration 0971) each report's sums are kept under.
      const leafRows = await sql<{ code: string; part: string; name: string; units: number }>`
        select division_code as code, statistics.rollup_part_of(org_path)::text as part, min(unit_name) as name, count(*)::int as units from statistics.reports
         where period_id = ${period.id} and status = any(${statuses}::text[]) group by 1, 2`.execute(trx);
      const leafs = [...new Set(leafRows.rows.map((l) => l.code))];
      // 2. Each one's ancestor at the level asked, in the hierarchy valid on the period's last day.
      const anc = await sql<{ leaf: string; code: string; name: string }>`
        with recursive anc as (
          select d.code as leaf, d.code, d.parent_code, d.level, d.name, 0 as depth
            from orgs.divisions d where d.code = any(${leafs}::text[]) and d.valid_from <= ${period.endsOn}::date and (d.valid_to is null or d.valid_to > ${period.endsOn}::date)
          union all
          select anc.leaf, p.code, p.parent_code, p.level, p.name, anc.depth + 1
            from anc join orgs.divisions p on p.code = anc.parent_code and p.valid_from <= ${period.endsOn}::date and (p.valid_to is null or p.valid_to > ${period.endsOn}::date)
           where anc.level <> ${by} and anc.depth < 6
        ) select leaf, code, name from anc where level = ${by}`.execute(trx);
      const groupOf = new Map(anc.rows.map((x) => [x.leaf, x]));
      const byCode = new Map<string, { code: string; name: string; units: number; values: Record<string, number> }>();
      for (const l of leafRows.rows) {
        const g = groupOf.get(l.code) ?? l; // a division not in the table stays under itself
        const entry = byCode.get(g.code) ?? { code: g.code, name: g.name, units: 0, values: {} };
        entry.units += l.units;
        byCode.set(g.code, entry);
      }
      // 3. Sums per group and cell, exact (numeric) in one statement. A part whose reporting
      //    divisions all fall in one group is read from the sums kept per part
      //    (statistics.rollup_parts, migration 0971: ~330 parts × cells nationally) when the actor
      //    sees the whole part (RLS) and it holds as many reports as counted here (`ok`); the
      //    reports of every other part are summed one by one from their packed values
      //    (statistics.report_cells), the leaf → group map joined as an array.
      const groupCode = (leaf: string) => groupOf.get(leaf)?.code ?? leaf;
      const partGroups = new Map<string, { groups: Set<string>; units: number }>();
      for (const l of leafRows.rows) {
        const e = partGroups.get(l.part) ?? { groups: new Set<string>(), units: 0 };
        e.groups.add(groupCode(l.code)); e.units += l.units;
        partGroups.set(l.part, e);
      }
      const uniform = [...partGroups].filter(([, e]) => e.groups.size === 1);
      const ok = uniform.length ? (await sql<{ part: string }>`
        select m.part::text as part
          from unnest(${uniform.map(([p]) => p)}::ltree[], ${uniform.map(([, e]) => e.units)}::int[]) as m(part, units)
          join statistics.rollup_parts rp on rp.part_path = m.part and rp.cell = ''
         where rp.period_id = ${period.id} and rp.status = any(${statuses}::text[])
         group by m.part, m.units having sum(rp.total) = m.units`.execute(trx)).rows.map((x) => x.part) : [];
      const okSet = new Set(ok);
      const rest = [...partGroups.keys()].filter((x) => !okSet.has(x));
      const sums = await sql<{ grp: string; cell: string; total: string }>`
        select grp, cell, sum(total)::text as total from (
          select m.grp, rp.cell, rp.total
            from unnest(${ok}::ltree[], ${ok.map((x) => [...partGroups.get(x)!.groups][0]!)}::text[]) as m(part, grp)
            join statistics.rollup_parts rp on rp.part_path = m.part
           where rp.period_id = ${period.id} and rp.status = any(${statuses}::text[]) and rp.cell <> ''
          union all
          select g.grp, kv.key, kv.value::numeric
            from statistics.reports r
            join unnest(${leafs}::text[], ${leafs.map(groupCode)}::text[]) as g(leaf, grp) on g.leaf = r.division_code
            join statistics.report_cells c on c.report_id = r.id
            cross join lateral jsonb_each_text(c.cells) kv
           where ${rest.length > 0} and r.period_id = ${period.id} and r.status = any(${statuses}::text[])
             and statistics.rollup_part_of(r.org_path) = any(${rest}::ltree[])
        ) x group by grp, cell`.execute(trx);
      for (const row of sums.rows) byCode.get(row.grp)!.values[row.cell] = Number(row.total);
      const total: Record<string, number> = {};
      let units = 0;
      const groups = [...byCode.values()].sort((x, y) => x.code.localeCompare(y.code)).map((g) => {
        units += g.units;
        for (const [c, x] of Object.entries(g.values)) total[c] = (total[c] ?? 0) + x;
        return { ...g, values: computeAll(v.compiled, g.values) };
      });
      const result: RollupResult = { form: formCode, period: periodCode, by, version: v.version, definition: v.definition, groups, total: { units, values: computeAll(v.compiled, total) } };
      rollupCache.set(key, { stamp, result });
      while (rollupCache.size > ROLLUP_CACHE_SIZE) rollupCache.delete(rollupCache.keys().next().value!);
      return result;
    },

    /** How many roll-ups were computed and how many answered from the cache (tests, metrics). */
    rollupStats(): { computed: number; hits: number } {
      return { ...rollupStats };
    },

    /**
     * Completeness and timeliness (报送率, 及时率, 审核通过率) per group of `by` level: units
     * expected (assignments valid at the period's end), submitted, on time, accepted; and the
     * overdue list (units that have not submitted after the deadline).
     */
    async completeness(trx: Tx, formCode: string, periodCode: string, by: RollupLevel) {
      const form = await formByCode(trx, formCode);
      const p = periodInfo(periodCode, form.periodType);
      const period = await trx.selectFrom('statistics.periods').selectAll().where('formId', '=', form.id).where('period', '=', periodCode).executeTakeFirst();
      const dueOn = period?.dueOn ?? reportingWindow(p, form.windowDays).dueOn;
      const depth = LEVEL_DEPTH[by];
      const units = await sql<{ orgPath: string; divisionCode: string; unitName: string; status: string | null; firstSubmittedAt: Date | null; groupPath: string }>`
        select a.org_path::text as "orgPath", a.division_code as "divisionCode", a.unit_name as "unitName", r.status, r.first_submitted_at as "firstSubmittedAt",
               (case when nlevel(a.org_path) >= ${depth} then subpath(a.org_path, 0, ${depth}) else a.org_path end)::text as "groupPath"
          from statistics.assignments a
          left join statistics.reports r on r.org_path = a.org_path and r.period_id = ${period?.id ?? -1}
         where a.form_id = ${form.id} and a.valid_from <= ${p.end}::date and (a.valid_to is null or a.valid_to > ${p.end}::date)
         order by a.division_code`.execute(trx);
      const today = day(now());
      const names = await trx.selectFrom('orgs.divisions').select(['path', 'name']).where('path', 'in', [...new Set(units.rows.map((u) => u.groupPath)), '__none__'])
        .where('validFrom', '<=', p.end).where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', p.end)])).execute();
      const nameOf = new Map(names.map((n) => [n.path, n.name]));
      const groups = new Map<string, { path: string; name: string; expected: number; submitted: number; onTime: number; accepted: number }>();
      const overdue: { orgPath: string; divisionCode: string; unitName: string; status: string }[] = [];
      for (const u of units.rows) {
        const g = groups.get(u.groupPath) ?? { path: u.groupPath, name: nameOf.get(u.groupPath) ?? u.unitName, expected: 0, submitted: 0, onTime: 0, accepted: 0 };
        groups.set(u.groupPath, g);
        g.expected++;
        const sent = !!u.firstSubmittedAt;
        if (sent) g.submitted++;
        if (sent && day(new Date(u.firstSubmittedAt!)) <= dueOn) g.onTime++;
        if (u.status === 'accepted') g.accepted++;
        if (!sent && today > dueOn) overdue.push({ orgPath: u.orgPath, divisionCode: u.divisionCode, unitName: u.unitName, status: u.status ?? 'not_started' });
      }
      const list = [...groups.values()];
      const sum = (k: 'expected' | 'submitted' | 'onTime' | 'accepted') => list.reduce((s, g) => s + g[k], 0);
      return { form: formCode, period: periodCode, dueOn, by, groups: list, total: { expected: sum('expected'), submitted: sum('submitted'), onTime: sum('onTime'), accepted: sum('accepted') }, overdue };
    },

    /** Machine API shaped like DHIS2's dataValueSets: all or nothing, conflicts named per value. */
    async importDataValueSet(trx: Tx, actor: ActingUser, input: { dataSet: string; period: string; orgUnit?: string | undefined; dryRun: boolean; dataValues: { dataElement: string; categoryOptionCombo?: string | undefined; value: string | number | null }[] }) {
      const { report, period } = await ownReport(trx, actor, input.dataSet, input.period);
      if (input.orgUnit && input.orgUnit !== report.divisionCode) throw invalid('orgUnit', `${input.orgUnit} is not your unit (${report.divisionCode})`, `${input.orgUnit} 不是本单位（${report.divisionCode}）`);
      const values: Record<string, unknown> = {};
      const conflicts: { object: string; value: string }[] = [];
      input.dataValues.forEach((dv, i) => {
        const cell = dv.categoryOptionCombo ? `${dv.dataElement}.${dv.categoryOptionCombo}` : dv.dataElement;
        if (cell in values) conflicts.push({ object: cell, value: `dataValues.${i}: the cell appears twice` });
        values[cell] = dv.value;
      });
      const r = await reportById(trx, report.id, true);
      const v = await version(trx, period.versionId);
      const { errors } = validateValues(v.compiled, values);
      for (const e of errors) conflicts.push({ object: e.cell, value: e.message });
      if (!conflicts.length && !input.dryRun) await saveValuesOn(trx, actor, r, period, values, 'api');
      else if (!conflicts.length) assertWritable(actor, period, r);
      const count = Object.keys(values).length;
      return {
        status: conflicts.length ? 'ERROR' : 'SUCCESS', dryRun: input.dryRun,
        importCount: { imported: conflicts.length || input.dryRun ? 0 : count, updated: 0, ignored: conflicts.length ? count : 0, deleted: 0 },
        conflicts,
      };
    },

    /** Values parsed from an Excel upload: saved all together, or none with every error named. */
    async importCells(trx: Tx, actor: ActingUser, formCode: string, periodCode: string, cells: Record<string, unknown>, sheetErrors: CellError[], addressOf: Record<string, string>, dryRun: boolean) {
      const { report, period } = await ownReport(trx, actor, formCode, periodCode);
      const r = await reportById(trx, report.id, true);
      assertWritable(actor, period, r);
      const v = await version(trx, period.versionId);
      const { errors } = validateValues(v.compiled, cells);
      const all = [...sheetErrors, ...errors.map((e) => ({ ...e, sheet: addressOf[e.cell]?.split('!')[0], address: addressOf[e.cell]?.split('!')[1] }))];
      if (all.length) {
        if (dryRun) return { ok: false, dryRun, errors: all, values: Object.keys(cells).length };
        throw new AppError('statistics.excel_invalid', `${all[0]!.sheet ?? ''}${all[0]!.address ? `!${all[0]!.address}` : ''} ${all[0]!.message}`.trim(), { field: 'file', errors: all });
      }
      if (dryRun) return { ok: true, dryRun, errors: [], values: Object.keys(cells).length };
      await saveValuesOn(trx, actor, r, period, cells, 'excel');
      const { failures } = await checkReport(trx, r, period, (await formByCode(trx, formCode)).periodType);
      return { ok: true, dryRun, errors: [], values: Object.keys(cells).length, checks: failures };
    },

    /** Form, version and period of the unit's report, for the Excel template. */
    async templateOf(trx: Tx, actor: ActingUser, formCode: string, periodCode: string) {
      const { report, period, form } = await ownReport(trx, actor, formCode, periodCode);
      const v = await version(trx, period.versionId);
      return { form, period, version: v.version, compiled: v.compiled, report, values: computeAll(v.compiled, await enteredValues(trx, report.id)) };
    },

    /** Reminds units that have not submitted, `remindDays` before the deadline (催报), once. */
    async sendReminders() {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const today = day(now());
        const due = await sql<{ periodId: number; orgPath: string; unitName: string; name: string; period: string; dueOn: string }>`
          select p.id as "periodId", a.org_path::text as "orgPath", a.unit_name as "unitName", f.name, p.period, p.due_on::text as "dueOn"
            from statistics.periods p join statistics.forms f on f.id = p.form_id
            join statistics.assignments a on a.form_id = f.id and a.valid_from <= p.ends_on and (a.valid_to is null or a.valid_to > p.ends_on)
            left join statistics.reports r on r.period_id = p.id and r.org_path = a.org_path
            left join statistics.reminders m on m.period_id = p.id and m.org_path = a.org_path
           where ${today}::date between p.due_on - f.remind_days and p.due_on
             and (r.id is null or r.first_submitted_at is null) and m.period_id is null`.execute(trx);
        let sent = 0;
        for (const d of due.rows) {
          const users = await sql<{ userId: number }>`
            select distinct p.user_id as "userId" from access.posts p join access.role_permissions rp on rp.role_id = p.role_id
             where p.active and p.scope_path = ${d.orgPath}::ltree and rp.permission = 'statistics.report.fill'`.execute(trx);
          for (const u of users.rows) {
            await deps.notify.enqueue(trx, {
              channel: 'inapp', to: String(u.userId), subject: `催报：${d.name}（${d.period}）`,
              body: `${d.unitName}：${d.name} ${d.period} 报送截止日为 ${d.dueOn}，请按时填报上报。`,
              data: { link: `/statistics` }, dedupeKey: `statistics.remind.${d.periodId}.${d.orgPath}.${u.userId}`,
            });
            sent++;
          }
          await trx.insertInto('statistics.reminders').values({ periodId: d.periodId, orgPath: d.orgPath }).onConflict((oc) => oc.doNothing()).execute();
        }
        return sent;
      });
    },

    async registerJobs(jobs: Jobs) {
      await jobs.work(REMIND_QUEUE, async () => { await service.sendReminders(); });
      await jobs.schedule(REMIND_QUEUE, '0 8 * * *');
    },
  };
  return service;
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
export type { CheckFailure, FormDefinition };
