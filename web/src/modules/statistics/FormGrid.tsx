/**
 * The form as printed (表式): indicator name, code and unit, then the columns with the 栏次 row
 * (甲 乙 丙 1 2 …). Fillable cells are inputs — arrow keys and Enter move between them, a value
 * is committed on leaving the cell —, computed cells (合计, 比值) are grey, blank cells show ×.
 * Cells of a failing check are outlined (red: hard, orange: soft) with the message; cells the
 * level above commented on carry a blue mark; values from other modules are marked.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CellComment, CheckFailure, Definition } from './statistics-api.ts';

export interface FormGridProps {
  def: Definition;
  values: Record<string, number>;
  computed: readonly string[];
  editable?: boolean;
  onCommit?: (cell: string, value: string) => void;
  failures?: CheckFailure[];
  comments?: CellComment[];
  sources?: Record<string, { source: string; ref: string | null }>;
  changed?: ReadonlySet<string>;
  onCellClick?: (cell: string) => void;
  caption: string;
}

const fmt = (v: number | undefined, dec: number) => (v === undefined || v === null ? '' : Number.isInteger(v) && dec === 0 ? String(v) : String(Number(v.toFixed(Math.max(dec, 0)))));

export function FormGrid({ def, values, computed, editable, onCommit, failures = [], comments = [], sources = {}, changed, onCellClick, caption }: FormGridProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const [draft, setDraft] = useState<Record<string, string>>({});
  const table = useRef<HTMLTableElement>(null);
  const comp = new Set(computed);
  const blank = new Set(def.blank);
  const byCell = new Map<string, CheckFailure[]>();
  for (const f of failures) for (const c of f.cells) if (c.cell) byCell.set(c.cell, [...(byCell.get(c.cell) ?? []), f]);
  const commentOf = new Map(comments.map((c) => [c.cell, c.comment]));
  const label = (x: { name: string; nameEn?: string }) => (en && x.nameEn ? x.nameEn : x.name);
  const msg = (f: CheckFailure) => (en && f.messageEn ? f.messageEn : f.message);

  function move(e: KeyboardEvent<HTMLInputElement>, r: number, c: number) {
    const input = e.currentTarget;
    let dr = 0; let dc = 0;
    if (e.key === 'ArrowDown' || e.key === 'Enter') dr = 1;
    else if (e.key === 'ArrowUp') dr = -1;
    else if (e.key === 'ArrowRight' && input.selectionStart === input.value.length) dc = 1;
    else if (e.key === 'ArrowLeft' && input.selectionStart === 0) dc = -1;
    else return;
    // Next fillable cell in that direction.
    for (let rr = r + dr, cc = c + dc; rr >= 0 && rr < def.rows.length && cc >= 0 && cc < def.columns.length; rr += dr, cc += dc) {
      const next = table.current?.querySelector<HTMLInputElement>(`input[data-rc="${rr}:${cc}"]`);
      if (next) { e.preventDefault(); next.focus(); next.select(); return; }
      if (!dr && !dc) return;
    }
  }

  return (
    // Focusable so that a keyboard can scroll a wide form on a narrow screen.
    <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={caption}>
      <table ref={table} className="stat-form" style={{ borderCollapse: 'collapse', minWidth: '100%', fontSize: 13 }}>
        <caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600, padding: '4px 0' }}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" style={th}>{t('statistics.grid.indicator')}</th>
            <th scope="col" style={th}>{t('statistics.grid.code')}</th>
            <th scope="col" style={th}>{t('statistics.grid.unit')}</th>
            {def.columns.map((c) => (
              <th key={c.code} scope="col" style={th} title={c.explanation}>{label(c)}{c.unit ? <><br /><span style={{ fontWeight: 400 }}>（{c.unit}）</span></> : null}</th>
            ))}
          </tr>
          <tr>
            {['甲', '乙', '丙'].map((x) => <th key={x} scope="col" style={{ ...th, fontWeight: 400 }}>{x}</th>)}
            {def.columns.map((c) => <th key={c.code} scope="col" style={{ ...th, fontWeight: 400 }}>{c.code}</th>)}
          </tr>
        </thead>
        <tbody>
          {def.rows.map((row, ri) => (
            <tr key={row.code}>
              <th scope="row" style={{ ...td, whiteSpace: 'nowrap', textAlign: 'left', fontWeight: row.indent ? 400 : 600, paddingLeft: 8 + (row.indent ?? 0) * 16 }} title={row.explanation}>{label(row)}</th>
              <td style={{ ...td, textAlign: 'center' }}>{row.code}</td>
              <td style={{ ...td, textAlign: 'center' }}>{row.unit ?? ''}</td>
              {def.columns.map((col, ci) => {
                const cell = `${row.code}.${col.code}`;
                const dec = col.decimals ?? row.decimals ?? 2;
                const fails = byCell.get(cell) ?? [];
                const hard = fails.some((f) => f.level === 'hard');
                const soft = !hard && fails.length > 0;
                const comment = commentOf.get(cell);
                const src = sources[cell];
                const outline = hard ? '2px solid #cf1322' : soft ? '2px solid #d46b08' : changed?.has(cell) ? '2px solid #722ed1' : undefined;
                const tip = [...fails.map((f) => `${f.level === 'hard' ? t('statistics.checks.hard') : t('statistics.checks.soft')}：${msg(f)}`), comment ? `${t('statistics.review.comment')}：${comment}` : '', src ? t('statistics.grid.derived', { source: src.ref ?? src.source }) : ''].filter(Boolean).join('\n');
                const name = `${label(row)} ${label(col)}`;
                const mark = comment ? <span aria-hidden style={{ position: 'absolute', top: 0, right: 0, borderTop: '8px solid #1d5fc9', borderLeft: '8px solid transparent' }} /> : null;
                let content;
                if (blank.has(cell)) content = <span aria-label={t('statistics.grid.blank')}>×</span>;
                else if (comp.has(cell) || !editable) {
                  content = <span data-cell={cell} style={{ color: comp.has(cell) ? '#595959' : undefined }}>{fmt(values[cell], dec)}</span>;
                } else {
                  const shown = draft[cell] ?? fmt(values[cell], dec);
                  content = (
                    <input
                      data-rc={`${ri}:${ci}`} data-cell={cell} aria-label={name} aria-invalid={hard || undefined} inputMode="decimal"
                      value={shown} style={{ width: '100%', minWidth: 72, border: 'none', textAlign: 'right', background: 'transparent', font: 'inherit', padding: '4px 6px', fontStyle: src ? 'italic' : undefined }}
                      onChange={(e) => setDraft((d) => ({ ...d, [cell]: e.target.value }))}
                      onBlur={() => { if (draft[cell] !== undefined) { onCommit?.(cell, draft[cell]); setDraft((d) => { const n = { ...d }; delete n[cell]; return n; }); } }}
                      onKeyDown={(e) => move(e, ri, ci)}
                    />
                  );
                }
                const cellEl = (
                  <td key={col.code} data-testid={`cell-${cell}`} data-check={hard ? 'hard' : soft ? 'soft' : undefined}
                    onClick={onCellClick && !blank.has(cell) ? () => onCellClick(cell) : undefined}
                    style={{ ...td, position: 'relative', textAlign: 'right', outline, outlineOffset: -2, background: blank.has(cell) || comp.has(cell) ? '#f0f0f0' : undefined, cursor: onCellClick ? 'pointer' : undefined, padding: editable && !comp.has(cell) && !blank.has(cell) ? 0 : '4px 6px' }}>
                    {mark}{content}
                  </td>
                );
                return tip ? <Tooltip key={col.code} title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>}>{cellEl}</Tooltip> : cellEl;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const th = { border: '1px solid #8c8c8c', padding: '4px 6px', background: '#fafafa', textAlign: 'center' as const, fontWeight: 600, whiteSpace: 'nowrap' as const };
const td = { border: '1px solid #8c8c8c', padding: '4px 6px' };

/** The check report (审核报告): every failure with its cells. */
export function CheckList({ failures, explanations, onExplain }: { failures: CheckFailure[]; explanations?: Record<string, string>; onExplain?: (key: string, text: string) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  if (!failures.length) return <p role="status">{t('statistics.checks.none')}</p>;
  return (
    <ul style={{ paddingLeft: 18, margin: 0 }} aria-label={t('statistics.checks.title')}>
      {failures.map((f) => (
        <li key={f.key} style={{ marginBottom: 8 }}>
          <strong style={{ color: f.level === 'hard' ? '#cf1322' : '#ad4e00' }}>{f.level === 'hard' ? t('statistics.checks.hard') : t('statistics.checks.soft')}</strong>{' '}
          {en && f.messageEn ? f.messageEn : f.message}{' '}
          <code>{f.cells.map((c) => `${c.ref.replace(/^(lastyear|prev):/, (_m, p: string) => `${t(`statistics.checks.periods.${p}`)} `)}=${c.value ?? '—'}`).join(', ')}</code>
          {f.level === 'soft' && onExplain ? (
            <div>
              <label>
                {t('statistics.checks.explanation')}{' '}
                <input data-explain={f.key} style={{ width: '60%', minWidth: 200 }} value={explanations?.[f.key] ?? ''} onChange={(e) => onExplain(f.key, e.target.value)} />
              </label>
            </div>
          ) : f.level === 'soft' && explanations?.[f.key] ? <div>{t('statistics.checks.explanation')}：{explanations[f.key]}</div> : null}
        </li>
      ))}
    </ul>
  );
}
