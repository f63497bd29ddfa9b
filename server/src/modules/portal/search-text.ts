/**
 * Chinese full-text search without an external server: words are segmented in Node with
 * Intl.Segmenter (ICU's dictionary for zh, shipped with Node's full ICU) and handed to
 * PostgreSQL as a tsvector literal with positions and weights, so ranking (ts_rank_cd) and phrase
 * queries (<->) work as for any language. The same segmenter cuts the query, so a word is cut the
 * same way on both sides; a query word of several segments becomes a phrase.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
/** Cap on positions per document: tsvector positions stop at 16383. */
const MAX_POSITION = 16_000;

/** Word-like segments, lower-cased (Latin words and numbers kept as they are written). */
export function segmentWords(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text.normalize('NFKC'))) {
    if (!s.isWordLike) continue;
    const w = s.segment.toLowerCase().trim();
    if (w && w.length <= 100) out.push(w);
  }
  return out;
}

/** A tsvector literal: 'word':1A,5A 'other':2 … (title words weight A, body words D). */
export function toTsvectorLiteral(title: string, body: string): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const add = (words: string[], weight: 'A' | 'D') => {
    for (const w of words) {
      if (++pos > MAX_POSITION) return;
      const list = positions.get(w) ?? [];
      if (list.length < 256) list.push(`${pos}${weight === 'A' ? 'A' : ''}`);
      positions.set(w, list);
    }
  };
  add(segmentWords(title), 'A');
  pos += 1; // title and body are not one phrase
  add(segmentWords(body), 'D');
  return [...positions].map(([w, ps]) => `${quoteLexeme(w)}:${ps.join(',')}`).join(' ');
}

function quoteLexeme(w: string): string {
  return `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A tsquery literal from what a citizen typed: terms split on white space, each cut into words
 * joined as a phrase (<->), terms ANDed; a leading '-' excludes a term. Null when nothing is left.
 */
export function toTsqueryLiteral(q: string): string | null {
  const parts: string[] = [];
  for (const raw of q.split(/\s+/).slice(0, 12)) {
    const negate = raw.startsWith('-') && raw.length > 1;
    const words = segmentWords(negate ? raw.slice(1) : raw);
    if (!words.length) continue;
    const phrase = words.map(quoteLexeme).join(' <-> ');
    parts.push(negate ? `!(${phrase})` : words.length > 1 ? `(${phrase})` : phrase);
  }
  if (!parts.some((p) => !p.startsWith('!'))) return null;
  return parts.join(' & ');
}

/** The words to mark in an excerpt (the positive terms of the query, as typed). */
export function highlightTerms(q: string): string[] {
  return q.split(/\s+/).filter((t) => t && !t.startsWith('-')).map((t) => t.normalize('NFKC')).slice(0, 12);
}

/**
 * An excerpt of `text` around the first match, as segments to render: { text, hit }. Plain
 * strings, so the page escapes them (no HTML is built here).
 */
export function excerpt(text: string, terms: string[], size = 120): { text: string; hit: boolean }[] {
  const lower = text.toLowerCase();
  const needles = terms.map((t) => t.toLowerCase()).filter(Boolean);
  let first = -1;
  for (const n of needles) {
    const i = lower.indexOf(n);
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(size / 3));
  const slice = text.slice(start, start + size);
  const out: { text: string; hit: boolean }[] = [];
  if (start > 0) out.push({ text: '…', hit: false });
  const sl = slice.toLowerCase();
  let i = 0;
  while (i < slice.length) {
    let best: { at: number; len: number } | null = null;
    for (const n of needles) {
      const at = sl.indexOf(n, i);
      if (at >= 0 && (!best || at < best.at || (at === best.at && n.length > best.len))) best = { at, len: n.length };
    }
    if (!best) { out.push({ text: slice.slice(i), hit: false }); break; }
    if (best.at > i) out.push({ text: slice.slice(i, best.at), hit: false });
    out.push({ text: slice.slice(best.at, best.at + best.len), hit: true });
    i = best.at + best.len;
  }
  if (start + size < text.length) out.push({ text: '…', hit: false });
  return out;
}
