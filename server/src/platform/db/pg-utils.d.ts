/** pg's own value serialisation (what it sends for a text parameter); pg ships no types for it. */
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): string | Buffer | null | undefined;
}
