/**
 * CQL2 filters of OGC API – Features Part 3 (`filter`, `filter-lang`, `filter-crs`), in the text
 * and the JSON encoding, parsed into one small expression tree and translated to SQL.
 *
 * Supported (OGC 21-065, "Basic CQL2" plus parts of "Advanced comparison" and "Basic spatial"):
 * comparisons `= <> < <= > >=`, `IS [NOT] NULL`, `[NOT] LIKE`, `[NOT] BETWEEN`, `[NOT] IN`, `AND`,
 * `OR`, `NOT`, `TRUE`/`FALSE`, `DATE('…')`, and `S_INTERSECTS(geometry, <WKT | BBOX(…)>)`.
 * A comparison has a queryable on one side and a literal on the other.
 *
 * Safety: property names are looked up in the layer's queryables (anything else is a 400 naming
 * it) and map to fixed SQL expressions; every literal is a bound parameter. Spatial predicates
 * are decided exactly in the application beforehand (candidates from the GiST box index, then
 * the geometry engine), and enter the SQL as the list of feature ids that meet the geometry.
 */
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/http/errors.ts';
import type { Geometry, Position } from '../../platform/geo/index.ts';
import type { AttributeDef } from './map.tables.ts';

export type Literal = string | number | boolean;
export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type Expr =
  | { k: 'and' | 'or'; args: Expr[] }
  | { k: 'not'; arg: Expr }
  | { k: 'bool'; value: boolean }
  | { k: 'cmp'; op: CmpOp; prop: string; value: Literal }
  | { k: 'like'; prop: string; pattern: string }
  | { k: 'in'; prop: string; values: Literal[] }
  | { k: 'between'; prop: string; lo: Literal; hi: Literal }
  | { k: 'isnull'; prop: string }
  | { k: 'intersects'; geometry: Geometry; ids?: number[] };

/** A queryable: its JSON Schema type and the SQL it reads. */
export interface Queryable { name: string; title: string; type: 'string' | 'number'; format?: 'date'; column?: 'code' | 'name' | 'area_m2' }

/** The queryables of a layer: code, name, area and every scalar attribute of its schema. */
export function queryablesOf(schema: AttributeDef[]): Queryable[] {
  const out: Queryable[] = [
    { name: 'code', title: '编码 code', type: 'string', column: 'code' },
    { name: 'name', title: '名称 name', type: 'string', column: 'name' },
    { name: 'areaM2', title: '面积（平方米）area in m²', type: 'number', column: 'area_m2' },
  ];
  for (const a of schema) {
    if (a.key === 'gdzb' || out.some((q) => q.name === a.key)) continue; // 拐点坐标: a list, not a scalar
    out.push({ name: a.key, title: `${a.label} ${a.labelEn}`, type: a.type === 'number' ? 'number' : 'string', ...(a.type === 'date' ? { format: 'date' as const } : {}) });
  }
  return out;
}

/** The spatial queryable (the feature geometry). */
export const GEOMETRY_PROPERTY = 'geometry';

const bad = (message: string): AppError => new AppError('validation.failed', `filter: ${message}`, { field: 'filter' });

// ---------------------------------------------------------------------------------------------
// CQL2 text

type Tok = { t: 'id' | 'qid' | 'str' | 'num' | 'op' | 'punct'; v: string; at: number };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const at = i;
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw bad(`unterminated string starting at ${at + 1}`);
        if (s[i] === "'") { if (s[i + 1] === "'") { v += "'"; i += 2; continue; } i++; break; }
        v += s[i++];
      }
      out.push({ t: 'str', v, at });
    } else if (c === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) throw bad(`unterminated name starting at ${at + 1}`);
      out.push({ t: 'qid', v: s.slice(i + 1, end), at });
      i = end + 1;
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+' || c === '.') && /[0-9.]/.test(s[i + 1] ?? ''))) {
      const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.slice(i));
      if (!m) throw bad(`bad number at ${at + 1}`);
      out.push({ t: 'num', v: m[0], at });
      i += m[0].length;
    } else if (/[A-Za-z_\u4e00-\u9fff]/.test(c)) {
      const m = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.:\u4e00-\u9fff]*/.exec(s.slice(i))!;
      out.push({ t: 'id', v: m[0], at });
      i += m[0].length;
    } else if (c === '<' || c === '>') {
      const two = s.slice(i, i + 2);
      const v = two === '<=' || two === '>=' || two === '<>' ? two : c;
      out.push({ t: 'op', v, at });
      i += v.length;
    } else if (c === '=') { out.push({ t: 'op', v: '=', at }); i++; }
    else if (c === '(' || c === ')' || c === ',') { out.push({ t: 'punct', v: c, at }); i++; }
    else throw bad(`unexpected character '${c}' at ${at + 1}`);
  }
  return out;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE']);

class TextParser {
  private i = 0;
  private readonly toks: Tok[];
  private readonly text: string;
  constructor(toks: Tok[], text: string) { this.toks = toks; this.text = text; }
  private peek(): Tok | undefined { return this.toks[this.i]; }
  private where(): string { const t = this.peek(); return t ? `at ${t.at + 1} ('${this.text.slice(t.at, t.at + 12)}')` : 'at the end'; }
  private kw(word: string): boolean {
    const t = this.peek();
    if (t && t.t === 'id' && t.v.toUpperCase() === word) { this.i++; return true; }
    return false;
  }
  private punct(p: string): boolean {
    const t = this.peek();
    if (t && t.t === 'punct' && t.v === p) { this.i++; return true; }
    return false;
  }
  private expect(p: string): void { if (!this.punct(p)) throw bad(`'${p}' expected ${this.where()}`); }

  parse(): Expr {
    const e = this.or();
    if (this.peek()) throw bad(`unexpected ${this.where()}`);
    return e;
  }
  private or(): Expr {
    const args = [this.and()];
    while (this.kw('OR')) args.push(this.and());
    return args.length === 1 ? args[0]! : { k: 'or', args };
  }
  private and(): Expr {
    const args = [this.factor()];
    while (this.kw('AND')) args.push(this.factor());
    return args.length === 1 ? args[0]! : { k: 'and', args };
  }
  private factor(): Expr {
    if (this.kw('NOT')) return { k: 'not', arg: this.factor() };
    if (this.punct('(')) { const e = this.or(); this.expect(')'); return e; }
    if (this.kw('TRUE')) return { k: 'bool', value: true };
    if (this.kw('FALSE')) return { k: 'bool', value: false };
    const t = this.peek();
    if (t && t.t === 'id' && /^S_INTERSECTS$/i.test(t.v)) {
      this.i++;
      this.expect('(');
      const a = this.geomArg();
      this.expect(',');
      const b = this.geomArg();
      this.expect(')');
      if ((a === GEOMETRY_PROPERTY) === (b === GEOMETRY_PROPERTY)) throw bad('S_INTERSECTS takes the property geometry and one geometry literal');
      return { k: 'intersects', geometry: (a === GEOMETRY_PROPERTY ? b : a) as Geometry };
    }
    return this.predicate();
  }
  private geomArg(): Geometry | typeof GEOMETRY_PROPERTY {
    const t = this.peek();
    if (!t) throw bad('geometry expected at the end');
    if ((t.t === 'id' || t.t === 'qid') && t.v === GEOMETRY_PROPERTY) { this.i++; return GEOMETRY_PROPERTY; }
    if (t.t === 'id' && /^BBOX$/i.test(t.v)) {
      this.i++;
      this.expect('(');
      const n: number[] = [this.number()];
      while (this.punct(',')) n.push(this.number());
      this.expect(')');
      return bboxGeometry(n);
    }
    if (t.t === 'id') return this.wkt();
    throw bad(`geometry expected ${this.where()}`);
  }
  private number(): number {
    const t = this.peek();
    if (!t || t.t !== 'num') throw bad(`number expected ${this.where()}`);
    this.i++;
    return Number(t.v);
  }
  private wkt(): Geometry {
    const t = this.toks[this.i++]!;
    const type = t.v.toUpperCase();
    const pos = (): Position => { const x = this.number(), y = this.number(); const t2 = this.peek(); if (t2 && t2.t === 'num') this.number(); return [x, y]; };
    const list = <T>(item: () => T): T[] => { this.expect('('); const out = [item()]; while (this.punct(',')) out.push(item()); this.expect(')'); return out; };
    const pointItem = (): Position => (this.punct('(') ? (() => { const p = pos(); this.expect(')'); return p; })() : pos());
    switch (type) {
      case 'POINT': { this.expect('('); const p = pos(); this.expect(')'); return { type: 'Point', coordinates: p }; }
      case 'LINESTRING': return { type: 'LineString', coordinates: list(pos) };
      case 'POLYGON': return { type: 'Polygon', coordinates: list(() => list(pos)) };
      case 'MULTIPOINT': return { type: 'MultiPoint', coordinates: list(pointItem) };
      case 'MULTILINESTRING': return { type: 'MultiLineString', coordinates: list(() => list(pos)) };
      case 'MULTIPOLYGON': return { type: 'MultiPolygon', coordinates: list(() => list(() => list(pos))) };
      default: throw bad(`unsupported geometry ${t.v} at ${t.at + 1} (POINT, LINESTRING, POLYGON, MULTI…, BBOX)`);
    }
  }
  private literal(): Literal {
    const t = this.peek();
    if (!t) throw bad('a value expected at the end');
    if (t.t === 'str') { this.i++; return t.v; }
    if (t.t === 'num') { this.i++; return Number(t.v); }
    if (t.t === 'id' && (t.v.toUpperCase() === 'TRUE' || t.v.toUpperCase() === 'FALSE')) { this.i++; return t.v.toUpperCase() === 'TRUE'; }
    if (t.t === 'id' && /^(DATE|TIMESTAMP)$/i.test(t.v)) {
      this.i++;
      this.expect('(');
      const s = this.peek();
      if (!s || s.t !== 'str') throw bad(`a quoted date expected ${this.where()}`);
      this.i++;
      this.expect(')');
      return s.v;
    }
    throw bad(`a value expected ${this.where()}`);
  }
  private property(): string | undefined {
    const t = this.peek();
    if (t && (t.t === 'qid' || (t.t === 'id' && !KEYWORDS.has(t.v.toUpperCase()) && !/^(DATE|TIMESTAMP)$/i.test(t.v)))) { this.i++; return t.v; }
    return undefined;
  }
  private predicate(): Expr {
    const prop = this.property();
    if (prop === undefined) {
      // literal op property
      const value = this.literal();
      const op = this.peek();
      if (!op || op.t !== 'op') throw bad(`comparison operator expected ${this.where()}`);
      this.i++;
      const p = this.property();
      if (p === undefined) throw bad(`a queryable expected ${this.where()} (one side of a comparison names a queryable)`);
      return { k: 'cmp', op: FLIP[op.v as CmpOp], prop: p, value };
    }
    const t = this.peek();
    if (t && t.t === 'op') {
      this.i++;
      if (this.property() !== undefined) throw bad(`comparing two properties is not supported ${this.where()}`);
      return { k: 'cmp', op: t.v as CmpOp, prop, value: this.literal() };
    }
    if (this.kw('IS')) {
      const neg = this.kw('NOT');
      if (!this.kw('NULL')) throw bad(`NULL expected ${this.where()}`);
      const e: Expr = { k: 'isnull', prop };
      return neg ? { k: 'not', arg: e } : e;
    }
    const neg = this.kw('NOT');
    let e: Expr;
    if (this.kw('LIKE')) {
      const v = this.literal();
      if (typeof v !== 'string') throw bad('LIKE takes a quoted pattern');
      e = { k: 'like', prop, pattern: v };
    } else if (this.kw('BETWEEN')) {
      const lo = this.literal();
      if (!this.kw('AND')) throw bad(`AND expected ${this.where()}`);
      e = { k: 'between', prop, lo, hi: this.literal() };
    } else if (this.kw('IN')) {
      this.expect('(');
      const values = [this.literal()];
      while (this.punct(',')) values.push(this.literal());
      this.expect(')');
      e = { k: 'in', prop, values };
    } else {
      throw bad(`operator expected after ${prop} ${this.where()}`);
    }
    return neg ? { k: 'not', arg: e } : e;
  }
}

const FLIP: Record<CmpOp, CmpOp> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function bboxGeometry(n: number[]): Geometry {
  if ((n.length !== 4 && n.length !== 6) || n.some((v) => !Number.isFinite(v))) throw bad('BBOX takes 4 (or 6) numbers');
  const [a, b, c, d] = n.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : (n as [number, number, number, number]);
  if (a > c || b > d) throw bad('BBOX: min must not exceed max');
  return { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] };
}

export function parseCql2Text(text: string): Expr {
  return new TextParser(tokenize(text), text).parse();
}

// ---------------------------------------------------------------------------------------------
// CQL2 JSON

const GEOJSON_TYPES = new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']);

export function parseCql2Json(raw: unknown): Expr {
  const node = (x: unknown, path: string): Expr => {
    if (typeof x === 'boolean') return { k: 'bool', value: x };
    if (!x || typeof x !== 'object' || Array.isArray(x)) throw bad(`${path}: an expression object expected`);
    const o = x as { op?: unknown; args?: unknown };
    if (typeof o.op !== 'string' || !Array.isArray(o.args)) throw bad(`${path}: {"op", "args"} expected`);
    const op = o.op.toLowerCase(), args = o.args as unknown[];
    const n = (count: number) => { if (args.length !== count) throw bad(`${path}: ${op} takes ${count} arguments`); };
    const prop = (v: unknown, where: string): string => {
      if (v && typeof v === 'object' && typeof (v as { property?: unknown }).property === 'string') return (v as { property: string }).property;
      throw bad(`${path}.${where}: {"property": …} expected`);
    };
    const isProp = (v: unknown) => !!v && typeof v === 'object' && typeof (v as { property?: unknown }).property === 'string';
    const lit = (v: unknown, where: string): Literal => {
      if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
      if (v && typeof v === 'object') {
        const d = (v as { date?: unknown; timestamp?: unknown }).date ?? (v as { timestamp?: unknown }).timestamp;
        if (typeof d === 'string') return d;
      }
      throw bad(`${path}.${where}: a string, number, boolean or {"date"} expected`);
    };
    switch (op) {
      case 'and': case 'or':
        if (args.length < 2) throw bad(`${path}: ${op} takes at least 2 arguments`);
        return { k: op, args: args.map((a, i) => node(a, `${path}.args[${i}]`)) };
      case 'not': n(1); return { k: 'not', arg: node(args[0], `${path}.args[0]`) };
      case '=': case '<>': case '<': case '<=': case '>': case '>=': {
        n(2);
        if (isProp(args[0]) && isProp(args[1])) throw bad(`${path}: comparing two properties is not supported`);
        if (isProp(args[0])) return { k: 'cmp', op: op as CmpOp, prop: prop(args[0], 'args[0]'), value: lit(args[1], 'args[1]') };
        return { k: 'cmp', op: FLIP[op as CmpOp], prop: prop(args[1], 'args[1]'), value: lit(args[0], 'args[0]') };
      }
      case 'like': {
        n(2);
        const p = lit(args[1], 'args[1]');
        if (typeof p !== 'string') throw bad(`${path}: like takes a string pattern`);
        return { k: 'like', prop: prop(args[0], 'args[0]'), pattern: p };
      }
      case 'between': n(3); return { k: 'between', prop: prop(args[0], 'args[0]'), lo: lit(args[1], 'args[1]'), hi: lit(args[2], 'args[2]') };
      case 'in': {
        n(2);
        if (!Array.isArray(args[1]) || args[1].length === 0) throw bad(`${path}.args[1]: a non-empty list expected`);
        return { k: 'in', prop: prop(args[0], 'args[0]'), values: args[1].map((v, i) => lit(v, `args[1][${i}]`)) };
      }
      case 'isnull': n(1); return { k: 'isnull', prop: prop(args[0], 'args[0]') };
      case 's_intersects': {
        n(2);
        const [a, b] = isProp(args[0]) ? [args[0], args[1]] : [args[1], args[0]];
        if (prop(a, 'args[0]') !== GEOMETRY_PROPERTY) throw bad(`${path}: s_intersects takes {"property": "geometry"}`);
        const g = b as { type?: unknown; coordinates?: unknown; bbox?: unknown };
        if (g && Array.isArray(g.bbox) && g.type === undefined) return { k: 'intersects', geometry: bboxGeometry(g.bbox.map(Number)) };
        if (!g || typeof g.type !== 'string' || !GEOJSON_TYPES.has(g.type) || !Array.isArray(g.coordinates)) throw bad(`${path}: a GeoJSON geometry or {"bbox": […]} expected`);
        return { k: 'intersects', geometry: g as Geometry };
      }
      default: throw bad(`${path}: operator ${o.op} is not supported`);
    }
  };
  return node(raw, 'filter');
}

// ---------------------------------------------------------------------------------------------
// Checks and SQL

/** Checks property names and literal types against the queryables; transforms geometry literals (filter-crs). */
export function checkFilter(e: Expr, queryables: Queryable[], toLonLat: (g: Geometry) => Geometry): Expr {
  const byName = new Map(queryables.map((q) => [q.name, q]));
  const q = (name: string): Queryable => {
    const found = byName.get(name);
    if (!found) throw bad(`${name} is not a queryable of this collection (${[...byName.keys(), GEOMETRY_PROPERTY].join(', ')})`);
    return found;
  };
  const value = (qq: Queryable, v: Literal): Literal => {
    if (qq.type === 'number' && typeof v !== 'number') throw bad(`${qq.name} is a number: ${JSON.stringify(v)} cannot be compared with it`);
    if (qq.type === 'string' && typeof v !== 'string') throw bad(`${qq.name} is text: compare it with a quoted string, not ${JSON.stringify(v)}`);
    return v;
  };
  const walk = (x: Expr): Expr => {
    switch (x.k) {
      case 'and': case 'or': return { k: x.k, args: x.args.map(walk) };
      case 'not': return { k: 'not', arg: walk(x.arg) };
      case 'bool': return x;
      case 'cmp': { const qq = q(x.prop); return { ...x, value: value(qq, x.value) }; }
      case 'like': { const qq = q(x.prop); if (qq.type !== 'string') throw bad(`LIKE needs a text queryable, ${x.prop} is a number`); return x; }
      case 'in': { const qq = q(x.prop); return { ...x, values: x.values.map((v) => value(qq, v)) }; }
      case 'between': { const qq = q(x.prop); return { ...x, lo: value(qq, x.lo), hi: value(qq, x.hi) }; }
      case 'isnull': q(x.prop); return x;
      case 'intersects': return { k: 'intersects', geometry: toLonLat(x.geometry) };
    }
  };
  return walk(e);
}

/** Every S_INTERSECTS node of a checked filter (the caller fills in `ids`). */
export function spatialNodes(e: Expr): Extract<Expr, { k: 'intersects' }>[] {
  switch (e.k) {
    case 'and': case 'or': return e.args.flatMap(spatialNodes);
    case 'not': return spatialNodes(e.arg);
    case 'intersects': return [e];
    default: return [];
  }
}

const SQL_OP: Record<CmpOp, RawBuilder<unknown>> = { '=': sql.raw('='), '<>': sql.raw('<>'), '<': sql.raw('<'), '<=': sql.raw('<='), '>': sql.raw('>'), '>=': sql.raw('>=') };

/**
 * The SQL condition of a checked filter on `map.features` (alias-free column names). Names come
 * from the queryables only; values are parameters. Text is compared as text, numbers as jsonb
 * numbers (a non-number value of a number attribute never matches).
 */
export function filterSql(e: Expr, queryables: Queryable[]): RawBuilder<boolean> {
  const byName = new Map(queryables.map((q) => [q.name, q]));
  const col = (name: string): { text: RawBuilder<unknown>; num: RawBuilder<unknown>; isNum: boolean } => {
    const qq = byName.get(name)!;
    if (qq.column === 'area_m2') return { text: sql`area_m2::text`, num: sql`area_m2`, isNum: true };
    if (qq.column) return { text: sql.ref(qq.column), num: sql.ref(qq.column), isNum: false };
    return {
      text: sql`(properties->>${name})`,
      num: sql`(case when jsonb_typeof(properties->${name}) = 'number' then (properties->>${name})::float8 end)`,
      isNum: qq.type === 'number',
    };
  };
  const val = (isNum: boolean, v: Literal) => (isNum ? sql`${Number(v)}::float8` : sql`${String(v)}::text`);
  const walk = (x: Expr): RawBuilder<boolean> => {
    switch (x.k) {
      case 'and': return sql<boolean>`(${sql.join(x.args.map(walk), sql` and `)})`;
      case 'or': return sql<boolean>`(${sql.join(x.args.map(walk), sql` or `)})`;
      case 'not': return sql<boolean>`(not ${walk(x.arg)})`;
      case 'bool': return x.value ? sql<boolean>`true` : sql<boolean>`false`;
      case 'cmp': { const c = col(x.prop); return sql<boolean>`(${c.isNum ? c.num : c.text} ${SQL_OP[x.op]} ${val(c.isNum, x.value)})`; }
      case 'like': { const c = col(x.prop); return sql<boolean>`(${c.text} like ${x.pattern}::text)`; }
      case 'in': { const c = col(x.prop); return sql<boolean>`(${c.isNum ? c.num : c.text} in (${sql.join(x.values.map((v) => val(c.isNum, v)))}))`; }
      case 'between': { const c = col(x.prop); return sql<boolean>`(${c.isNum ? c.num : c.text} between ${val(c.isNum, x.lo)} and ${val(c.isNum, x.hi)})`; }
      case 'isnull': { const c = col(x.prop); return sql<boolean>`(${c.text} is null)`; }
      case 'intersects': return sql<boolean>`(id = any(${x.ids ?? []}::bigint[]))`;
    }
  };
  return walk(e);
}
