/**
 * Nothing may print "null" or "undefined" to a citizen (issue 10): every SMS and e-mail goes
 * through notify.enqueue and every PDF through documents.issue, and both call this check on the
 * texts they are given. A template that interpolated a missing value is a programming error: it
 * fails loudly (the transition rolls back) instead of sending "承诺办结日期null" — and the tests that
 * run each flow catch it before a citizen could.
 */
const UNPRINTABLE = /(^|[^A-Za-z])(null|undefined|NaN|Invalid Date|\[object Object\])(?![A-Za-z])/;

/** Throws when a string anywhere in `value` (strings, arrays, plain objects) shows a missing value. */
export function assertPrintable(value: unknown, where: string, path = ''): void {
  if (typeof value === 'string') {
    const m = UNPRINTABLE.exec(value);
    if (m) throw new Error(`${where}${path}: prints "${m[2]}" to its reader: ${value.slice(0, 120)}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertPrintable(v, where, `${path}[${i}]`));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) assertPrintable(v, where, `${path}.${k}`);
  }
}
