/**
 * API errors → translated text. The message for code `auth.locked` is `errors.auth.locked`
 * in the locale files, interpolated with the error's details (`{{lockedUntil}}`); unknown
 * codes fall back to the server's own message.
 *
 * A schema error (`validation.failed`) is said in the page's language from its facts, never
 * in the server's English: the server sends the zod issue (`issue`, `minimum`, `maximum`,
 * `expected`, `format`, `pattern`…, platform/http/server.ts) and the field; the text names the
 * field by its label on the page ("网站标识码：应为10位数字" / "Website identifier: must be
 * 10 digits"), from the form when it has that field, else from `errors.fields`.
 */
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { ApiError } from './api.ts';
import { currentLanguage } from './language.ts';

/** The label a page shows for an API field path (`footer.siteCode`), if it knows one. */
export type FieldLabel = (field: string) => string | undefined;

export function errorText(t: TFunction, err: unknown, labelOf?: FieldLabel): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.code === 'validation.failed') return validationText(t, err, labelOf);
  const vars: Record<string, unknown> = { ...err.details, field: err.field ?? '', message: err.message };
  if (typeof err.details.lockedUntil === 'string') vars.lockedUntil = dayjs(err.details.lockedUntil).format('YYYY-MM-DD HH:mm');
  const text = t(`errors.${err.code}`, { ...vars, defaultValue: err.message });
  // Another code with a service's own reason (an unreadable archive says what is wrong with it):
  // the code's sentence, then the reason in the page's language.
  const reasonZh = reasonZhOf(err);
  if (reasonZh === undefined) return text;
  const en = currentLanguage() === 'en-US';
  return `${text.replace(/[。.]$/, '')}${en ? `: ${ownReason(err)}` : `：${reasonZh}`}`;
}

/** A service's reason without the field it names (`invalid` writes `field: reason`). */
function ownReason(err: ApiError): string {
  const field = err.field ?? '';
  return field && err.message.startsWith(`${field}: `) ? err.message.slice(field.length + 2) : err.message;
}

/** The service's reason in Chinese (`invalid(field, reason, reasonZh)`), when it gave one. */
const reasonZhOf = (err: ApiError): string | undefined => (typeof err.details.reasonZh === 'string' ? err.details.reasonZh : undefined);

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `/^\d{10}$/` and its kin → what the digits must be; undefined for any other pattern. */
function digitsRule(t: TFunction, pattern: string): string | undefined {
  const p = pattern.replace(/^\/(.*)\/[a-z]*$/, '$1');
  let m = /^\^\\d\{(\d+)\}\$$/.exec(p);
  if (m) return t('errors.validation.rules.digits', { n: Number(m[1]) });
  m = /^\^\\d\{(\d+),(\d+)\}\$$/.exec(p);
  if (m) return t('errors.validation.rules.digitsRange', { min: Number(m[1]), max: Number(m[2]) });
  m = /^\^\\d\{(\d+)\}\(\\d\{(\d+)\}\)\?\$$/.exec(p);
  if (m) return t('errors.validation.rules.digitsEither', { a: Number(m[1]), b: Number(m[1]) + Number(m[2]) });
  if (/^\^\\d[+*]\$$/.test(p)) return t('errors.validation.rules.digitsOnly');
  if (p === '^\\d{4}-\\d{2}-\\d{2}$') return t('errors.validation.rules.date');
  if (p === '^\\d{4}-\\d{2}$') return t('errors.validation.rules.month');
  return undefined;
}

/** The rule a zod issue states, in the page's language; undefined when the facts are missing. */
export function ruleText(t: TFunction, d: Record<string, unknown>): string | undefined {
  const r = (key: string, vars?: Record<string, unknown>) => t(`errors.validation.rules.${key}`, vars ?? {});
  const min = num(d.minimum);
  const max = num(d.maximum);
  const exclusive = d.inclusive === false;
  switch (d.issue) {
    case 'invalid_type': {
      if (d.missing === true) return r('required');
      const type = ({ number: 'typeNumber', int: 'typeInt', bigint: 'typeInt', string: 'typeText', boolean: 'typeBoolean', array: 'typeList' } as Record<string, string>)[String(d.expected)];
      return r(type ?? 'invalid');
    }
    case 'too_small':
      if (min === undefined) return r('invalid');
      if (d.origin === 'string') return d.exact === true ? r('exactLength', { n: min }) : min <= 1 ? r('notEmpty') : r('minLength', { min });
      if (d.origin === 'array' || d.origin === 'set') return min <= 1 ? r('minOneItem') : r('minItems', { min });
      if (d.origin === 'number' || d.origin === 'int' || d.origin === 'bigint') return r(exclusive ? 'moreThan' : 'atLeast', { min });
      return r('invalid');
    case 'too_big':
      if (max === undefined) return r('invalid');
      if (d.origin === 'string') return d.exact === true ? r('exactLength', { n: max }) : r('maxLength', { max });
      if (d.origin === 'array' || d.origin === 'set') return r('maxItems', { max });
      if (d.origin === 'number' || d.origin === 'int' || d.origin === 'bigint') return r(exclusive ? 'lessThan' : 'atMost', { max });
      if (d.origin === 'file') return r('fileTooLarge');
      return r('invalid');
    case 'invalid_format':
      if (d.format === 'regex') return (typeof d.pattern === 'string' ? digitsRule(t, d.pattern) : undefined) ?? r('format');
      return r(({ email: 'email', url: 'url', date: 'date', datetime: 'datetime', time: 'time' } as Record<string, string>)[String(d.format)] ?? 'format');
    case 'invalid_value':
      return r('choice');
    case 'not_multiple_of':
      return num(d.divisor) === undefined ? r('invalid') : r('multipleOf', { divisor: num(d.divisor) });
    case 'unrecognized_keys':
      return r('unknownField');
    case undefined:
      return undefined;
    default:
      return r('invalid');
  }
}

/** The last named segment of a field path: `footer.siteCode` → `siteCode`, `files[0]` → `files`. */
function leaf(field: string): string {
  const parts = field.replace(/\[\d+\]/g, '').split('.').filter((p) => p && !/^\d+$/.test(p));
  return parts.at(-1) ?? field;
}

function validationText(t: TFunction, err: ApiError, labelOf?: FieldLabel): string {
  const field = err.field ?? '';
  const han = /\p{Script=Han}/u;
  const serverReason = ownReason(err);
  // A service's own check (`invalid(field, reason, reasonZh)`) has no issue facts: its reason is
  // English prose, shown as is on an English page; a Chinese page shows its Chinese twin (or the
  // reason when it is already Chinese), else says it generally.
  const reasonZh = reasonZhOf(err);
  const rule = ruleText(t, err.details)
    ?? (currentLanguage() === 'en-US' ? serverReason : reasonZh ?? (han.test(serverReason) ? serverReason : t('errors.validation.rules.invalid')));
  const fromDict = field ? t(`errors.fields.${leaf(field)}`, { defaultValue: '' }) : '';
  const label = (field && labelOf?.(field)) || fromDict;
  if (label) return t('errors.validation.field', { label, rule });
  return rule === t('errors.validation.rules.invalid') ? t('errors.validation.unspecified') : t('errors.validation.failed', { message: rule });
}

/** The visible label of a form's field (antd Form.Item), read from the page. */
function formLabel(form: FormInstance, field: string): string | undefined {
  if (!globalThis.document) return undefined;
  const formName = (form as FormInstance & { __INTERNAL__?: { name?: string } }).__INTERNAL__?.name;
  const id = [formName, ...field.replace(/\[(\d+)\]/g, '.$1').split('.')].filter(Boolean).join('_');
  const byFor = document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(id)}"]`);
  const label = byFor ?? document.getElementById(id)?.closest('.ant-form-item')?.querySelector<HTMLLabelElement>('.ant-form-item-label label') ?? null;
  const text = (label?.getAttribute('title') || label?.textContent || '').trim().replace(/[:：]$/, '');
  return text || undefined;
}

interface Notifier {
  error(content: string): unknown;
}

/**
 * Shows an API error on the form field it names (`error.field`), or as a message when the
 * field is not on this form. Returns the text shown.
 */
export function showError(t: TFunction, err: unknown, notify: Notifier, form?: FormInstance): string {
  if (form && err instanceof ApiError && err.field) {
    const name = err.field.split('.');
    const known = form.getFieldsValue(true) as Record<string, unknown>;
    if (name[0] !== undefined && name[0] in known) {
      const text = errorText(t, err, (field) => formLabel(form, field));
      form.setFields([{ name, errors: [text] }]);
      return text;
    }
  }
  const text = errorText(t, err);
  notify.error(text);
  return text;
}
