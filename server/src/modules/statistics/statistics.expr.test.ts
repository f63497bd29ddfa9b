import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExprError, evaluate, parse, refs } from './expr.ts';
import { compileForm, computeAll, runChecks, FormError } from './forms.ts';
import { SEED_FORMS } from './forms.seed.ts';
import { lastYearPeriod, parsePeriod, previousPeriod, reportingWindow } from './periods.ts';

const vals = (m: Record<string, number>) => (r: { row: string; col: string; period: string; form: string | null }) =>
  m[`${r.period === 'this' ? '' : `${r.period}:`}${r.form ? `${r.form}:` : ''}${r.row}.${r.col}`] ?? null;

describe('the check language (审核公式) parses by itself and never evaluates code', () => {
  it('reads the printed forms\' symbols, precedence, functions, percentages and the other period and form', () => {
    assert.equal(evaluate(parse('[01.2] ≤ [01.1]'), vals({ '01.1': 5, '01.2': 4 })), 1);
    assert.equal(evaluate(parse('[01.2] ≤ [01.1]'), vals({ '01.1': 5, '01.2': 6 })), 0);
    assert.equal(evaluate(parse('1 + 2 * 3 − 4 / 2'), vals({})), 5);
    assert.equal(evaluate(parse('[01.4] = prev[01.4] + [01.2] − [01.3]'), vals({ 'prev:01.4': 10, '01.2': 3, '01.3': 1, '01.4': 12 })), 1);
    assert.equal(evaluate(parse('abs([01.1] - lastyear[01.1]) <= 50% * lastyear[01.1]'), vals({ '01.1': 16, 'lastyear:01.1': 10 })), 0);
    assert.equal(evaluate(parse('[TDGY:01.2] >= 1 and not ([01.1] > 3)'), vals({ 'TDGY:01.2': 1, '01.1': 2 })), 1);
    assert.equal(evaluate(parse('if([01.1] = 0, 1, sum([01.1], 2, max(1, 3)))'), vals({ '01.1': 1 })), 6);
    assert.equal(evaluate(parse('[01.1] / [01.2]'), vals({ '01.1': 4 })), 0, 'a ratio over an empty base is 0');
    assert.deepEqual(refs(parse('prev[01.*] + [X:02.3]')).map((r) => [r.period, r.form, r.row, r.col]), [['prev', null, '01', '*'], ['this', 'X', '02', '3']]);
  });

  it('refuses anything else with the place of the mistake', () => {
    for (const bad of ['process.exit(1)', '[01.1] +', '[01.1] ; drop table x', 'constructor([01.1])', '[01]', '((1)', 'abs(1, 2)', '"a"']) {
      assert.throws(() => parse(bad), ExprError, bad);
    }
    assert.throws(() => parse('('.repeat(200) + '1' + ')'.repeat(200)), /nested too deeply/);
  });
});

describe('forms as data', () => {
  it('the four seeded forms compile; computed cells (合计, 比值) follow their formulas', () => {
    for (const f of SEED_FORMS) compileForm(f.definition);
    const gy = compileForm(SEED_FORMS[0]!.definition);
    const all = computeAll(gy, { '04.2': 1, '05.2': 2, '06.2': 3.5, '07.2': 0.5, '02.2': 4, '06.4': 700 });
    assert.equal(all['03.2'], 7);
    assert.equal(all['01.2'], 11);
    assert.equal(all['06.5'], 200, 'mean price = price / area');
    assert.equal(gy.inputCells.has('01.2'), false);
    assert.equal(gy.inputCells.has('02.4'), false, 'blank cell');
  });

  it('a check report names every failing check with its cells and values; spread checks apply per row', () => {
    const bg = compileForm(SEED_FORMS[1]!.definition);
    const all = computeAll(bg, { '02.1': 100, '02.2': 5, '02.3': 2, '02.4': 104, '03.1': 10, '03.4': 10, '06.2': 2, '06.3': 6 });
    const fails = runChecks(bg, all, (r) => (r.period === 'prev' && r.row === '03' && r.col === '4' ? 9 : null));
    const keys = fails.map((f) => f.key).sort();
    assert.deepEqual(keys, ['balance@01', 'balance@02', 'balance@06', 'carry-over@03', 'total-area'].sort());
    const b = fails.find((f) => f.key === 'balance@02')!;
    assert.equal(b.level, 'hard');
    assert.deepEqual(b.cells.map((c) => [c.cell, c.value]), [['02.4', 104], ['02.1', 100], ['02.2', 5], ['02.3', 2]]);
    assert.equal(fails.find((f) => f.key === 'carry-over@03')!.level, 'soft');
  });

  it('refuses a definition with an unknown cell, a cycle or a bad formula, naming the place', () => {
    const base = { rows: [{ code: '01', name: 'a' }, { code: '02', name: 'b' }], columns: [{ code: '1', name: 'x' }] };
    assert.throws(() => compileForm({ ...base, checks: [{ id: 'c', expr: '[03.1] <= 1', level: 'hard', message: 'm' }] }), (e: FormError) => e.field === 'definition.checks.0.expr');
    assert.throws(() => compileForm({ rows: [{ code: '01', name: 'a', formula: '[02.*]' }, { code: '02', name: 'b', formula: '[01.*]' }], columns: base.columns }), /refer to each other/);
    assert.throws(() => compileForm({ ...base, checks: [{ id: 'c', expr: '[01.1] <=', level: 'hard', message: 'm' }] }), (e: FormError) => e.field === 'definition.checks.0.expr');
  });
});

describe('periods', () => {
  it('monthly, quarterly, half-yearly and yearly codes, the period before, last year and the window', () => {
    const m = parsePeriod('202601', 'monthly')!;
    assert.equal(previousPeriod(m), '202512');
    assert.equal(lastYearPeriod(m), '202501');
    assert.deepEqual(reportingWindow(parsePeriod('202611', 'monthly')!, 10), { opensOn: '2026-12-01', dueOn: '2026-12-10' });
    assert.equal(parsePeriod('2026Q1', 'quarterly')!.end, '2026-03-31');
    assert.equal(previousPeriod(parsePeriod('2026S1', 'half_yearly')!), '2025S2');
    assert.equal(parsePeriod('2026', 'yearly')!.end, '2026-12-31');
    assert.equal(parsePeriod('202613', 'monthly'), null);
    assert.equal(parsePeriod('2026Q1', 'monthly'), null);
  });
});
