/**
 * Escaping HTML templates for the server-rendered public pages (issue 18).
 *
 * `html\`<p>${userText}</p>\`` escapes every interpolated string and number; a `SafeHtml`
 * (another template, or `raw()` of sanitised HTML) passes through unchanged; arrays are joined
 * (so `${rows.map((r) => html\`<li>${r}</li>\`)}` works); null, undefined and false render
 * nothing. There is no way to interpolate unescaped text except `raw()`.
 */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks already-safe HTML (sanitised rich text, a trusted constant). Never pass user input here. */
export function raw(trustedHtml: string): SafeHtml {
  return new SafeHtml(trustedHtml);
}
