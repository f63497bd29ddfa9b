/**
 * The check and formula language of report forms (审核公式/计算公式). Parsed here by a small
 * recursive-descent parser into a tree and evaluated over cell values: never `eval`.
 *
 *   expr    := or
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | cmp
 *   cmp     := add (('<=' | '>=' | '<' | '>' | '=' | '!=') add)?
 *   add     := mul (('+' | '-') mul)*
 *   mul     := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | ref | name '(' expr (',' expr)* ')' | '(' expr ')'
 *   ref     := ('prev' | 'lastyear')? '[' (FORM ':')? ROW '.' COL ']'
 *
 * ROW or COL may be `*`, replaced by a concrete code when a check is spread over rows or columns.
 * The printed forms' symbols ≤ ≥ ≠ − × ÷ are accepted too. An empty cell counts as 0.
 */

export type Period = 'this' | 'prev' | 'lastyear';
export interface CellRef { form: string | null; row: string; col: string; period: Period }
export type Node =
  | { t: 'num'; v: number }
  | { t: 'ref'; ref: CellRef }
  | { t: 'neg'; e: Node }
  | { t: 'not'; e: Node }
  | { t: 'bin'; op: '+' | '-' | '*' | '/' | '<=' | '>=' | '<' | '>' | '=' | '!=' | 'and' | 'or'; l: Node; r: Node }
  | { t: 'call'; fn: string; args: Node[] };

export class ExprError extends Error {
  readonly position: number;
  constructor(message: string, position: number) { super(message); this.name = 'ExprError'; this.position = position; }
}

const FUNCS: Record<string, { min: number; max: number }> = {
  abs: { min: 1, max: 1 }, sum: { min: 1, max: 200 }, min: { min: 1, max: 200 }, max: { min: 1, max: 200 },
  if: { min: 3, max: 3 }, round: { min: 1, max: 2 },
};
const ALIASES: Record<string, string> = { '≤': '<=', '≥': '>=', '≠': '!=', '−': '-', '×': '*', '÷': '/', '＋': '+', '＝': '=', '（': '(', '）': ')', '，': ',' };
const CODE = /[A-Za-z0-9_*]/;

interface Tok { k: 'num' | 'op' | 'name' | 'ref'; v: string; pos: number; ref?: CellRef }

function tokenize(src: string): Tok[] {
  if (src.length > 4000) throw new ExprError('expression longer than 4000 characters', 0);
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    let ch = src[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    ch = ALIASES[ch] ?? ch;
    const start = i;
    if (ch.length === 2) { out.push({ k: 'op', v: ch, pos: start }); i++; continue; }
    if (/[0-9.]/.test(ch)) {
      const m = /^\d+(\.\d+)?%?|^\.\d+%?/.exec(src.slice(i));
      if (!m) throw new ExprError(`bad number at ${i}`, i);
      const pct = m[0].endsWith('%');
      const n = Number(pct ? m[0].slice(0, -1) : m[0]);
      out.push({ k: 'num', v: String(pct ? n / 100 : n), pos: start });
      i += m[0].length;
      continue;
    }
    if (ch === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw new ExprError(`unclosed [ at ${i}`, i);
      const body = src.slice(i + 1, end).trim();
      const m = /^(?:([A-Za-z0-9_-]{1,40}):)?([A-Za-z0-9_*]{1,20})\.([A-Za-z0-9_*]{1,20})$/.exec(body);
      if (!m) throw new ExprError(`bad cell reference [${body}] at ${i}: write [ROW.COL] or [FORM:ROW.COL]`, i);
      const prevTok = out[out.length - 1];
      let period: Period = 'this';
      if (prevTok?.k === 'name' && (prevTok.v === 'prev' || prevTok.v === 'lastyear') && prevTok.pos + prevTok.v.length === start) {
        period = prevTok.v;
        out.pop();
      }
      out.push({ k: 'ref', v: body, pos: start, ref: { form: m[1] ?? null, row: m[2]!, col: m[3]!, period } });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < src.length && CODE.test(src[j]!)) j++;
      out.push({ k: 'name', v: src.slice(i, j).toLowerCase(), pos: start });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['<=', '>=', '!=', '<>', '=='].includes(two)) {
      out.push({ k: 'op', v: two === '<>' ? '!=' : two === '==' ? '=' : two, pos: start });
      i += 2;
      continue;
    }
    if ('+-*/<>=(),'.includes(ch)) { out.push({ k: 'op', v: ch, pos: start }); i++; continue; }
    throw new ExprError(`unexpected character "${src[i]}" at ${i}`, i);
  }
  return out;
}

export function parse(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.k === 'op' && peek()!.v === v;
  const isName = (v: string) => peek()?.k === 'name' && peek()!.v === v;
  const fail = (msg: string): never => { throw new ExprError(msg, peek()?.pos ?? src.length); };
  let depth = 0;

  function or(): Node {
    let l = and();
    while (isName('or')) { p++; l = { t: 'bin', op: 'or', l, r: and() }; }
    return l;
  }
  function and(): Node {
    let l = not();
    while (isName('and')) { p++; l = { t: 'bin', op: 'and', l, r: not() }; }
    return l;
  }
  function not(): Node {
    if (isName('not')) { p++; return { t: 'not', e: not() }; }
    return cmp();
  }
  function cmp(): Node {
    const l = add();
    const tk = peek();
    if (tk?.k === 'op' && ['<=', '>=', '<', '>', '=', '!='].includes(tk.v)) {
      p++;
      return { t: 'bin', op: tk.v as '<=', l, r: add() };
    }
    return l;
  }
  function add(): Node {
    let l = mul();
    while (isOp('+') || isOp('-')) { const op = toks[p++]!.v as '+'; l = { t: 'bin', op, l, r: mul() }; }
    return l;
  }
  function mul(): Node {
    let l = unary();
    while (isOp('*') || isOp('/')) { const op = toks[p++]!.v as '*'; l = { t: 'bin', op, l, r: unary() }; }
    return l;
  }
  function unary(): Node {
    if (isOp('-')) { p++; return { t: 'neg', e: unary() }; }
    return primary();
  }
  function primary(): Node {
    if (++depth > 100) fail('expression nested too deeply');
    try {
      const tk = peek();
      if (!tk) return fail('expression ends too early');
      if (tk.k === 'num') { p++; return { t: 'num', v: Number(tk.v) }; }
      if (tk.k === 'ref') { p++; return { t: 'ref', ref: tk.ref! }; }
      if (tk.k === 'op' && tk.v === '(') {
        p++;
        const e = or();
        if (!isOp(')')) fail(`")" expected at ${peek()?.pos ?? src.length}`);
        p++;
        return e;
      }
      if (tk.k === 'name') {
        const spec = Object.hasOwn(FUNCS, tk.v) ? FUNCS[tk.v] : undefined;
        if (!spec) fail(`unknown function or word "${tk.v}" at ${tk.pos}`);
        p++;
        if (!isOp('(')) fail(`"(" expected after ${tk.v}`);
        p++;
        const args = [or()];
        while (isOp(',')) { p++; args.push(or()); }
        if (!isOp(')')) fail(`")" expected at ${peek()?.pos ?? src.length}`);
        p++;
        if (args.length < spec!.min || args.length > spec!.max) fail(`${tk.v} takes ${spec!.min}–${spec!.max} arguments`);
        return { t: 'call', fn: tk.v, args };
      }
      return fail(`unexpected "${tk.v}" at ${tk.pos}`);
    } finally { depth--; }
  }
  const tree = or();
  if (p < toks.length) fail(`unexpected "${toks[p]!.v}" at ${toks[p]!.pos}`);
  return tree;
}

/** Every cell reference of a tree. */
export function refs(n: Node, out: CellRef[] = []): CellRef[] {
  switch (n.t) {
    case 'ref': out.push(n.ref); break;
    case 'neg': case 'not': refs(n.e, out); break;
    case 'bin': refs(n.l, out); refs(n.r, out); break;
    case 'call': for (const a of n.args) refs(a, out); break;
    default: break;
  }
  return out;
}

/** Replaces `*` in row or column codes (spreading a check over the rows or columns of a form). */
export function substitute(n: Node, row: string | null, col: string | null): Node {
  switch (n.t) {
    case 'ref': return { t: 'ref', ref: { ...n.ref, row: n.ref.row === '*' && row ? row : n.ref.row, col: n.ref.col === '*' && col ? col : n.ref.col } };
    case 'neg': case 'not': return { ...n, e: substitute(n.e, row, col) };
    case 'bin': return { ...n, l: substitute(n.l, row, col), r: substitute(n.r, row, col) };
    case 'call': return { ...n, args: n.args.map((a) => substitute(a, row, col)) };
    default: return n;
  }
}

export const refKey = (r: CellRef) => `${r.period === 'this' ? '' : `${r.period}:`}${r.form ? `${r.form}:` : ''}${r.row}.${r.col}`;

const EPS = 1e-6;

/** Evaluates a tree; `value` gives a cell's value (null = empty, counted as 0). Booleans are 1/0. */
export function evaluate(n: Node, value: (r: CellRef) => number | null): number {
  switch (n.t) {
    case 'num': return n.v;
    case 'ref': return value(n.ref) ?? 0;
    case 'neg': return -evaluate(n.e, value);
    case 'not': return evaluate(n.e, value) ? 0 : 1;
    case 'call': {
      const a = n.args.map((x) => evaluate(x, value));
      switch (n.fn) {
        case 'abs': return Math.abs(a[0]!);
        case 'sum': return a.reduce((s, x) => s + x, 0);
        case 'min': return Math.min(...a);
        case 'max': return Math.max(...a);
        case 'if': return a[0] ? a[1]! : a[2]!;
        case 'round': { const f = 10 ** (a[1] ?? 0); return Math.round(a[0]! * f) / f; }
        default: throw new ExprError(`unknown function ${n.fn}`, 0);
      }
    }
    case 'bin': {
      if (n.op === 'and') return evaluate(n.l, value) && evaluate(n.r, value) ? 1 : 0;
      if (n.op === 'or') return evaluate(n.l, value) || evaluate(n.r, value) ? 1 : 0;
      const l = evaluate(n.l, value);
      const r = evaluate(n.r, value);
      switch (n.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        // A ratio over an empty or zero base is 0, not Infinity (比值的分母为零时记为0).
        case '/': return r === 0 ? 0 : l / r;
        case '<=': return l <= r + EPS ? 1 : 0;
        case '>=': return l + EPS >= r ? 1 : 0;
        case '<': return l < r - EPS ? 1 : 0;
        case '>': return l > r + EPS ? 1 : 0;
        case '=': return Math.abs(l - r) <= EPS ? 1 : 0;
        case '!=': return Math.abs(l - r) > EPS ? 1 : 0;
      }
    }
  }
  return 0;
}
