/**
 * API errors → translated text. The message for code `auth.locked` is `errors.auth.locked`
 * in the locale files, interpolated with the error's details (`{{lockedUntil}}`); unknown
 * codes fall back to the server's own message.
 */
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { ApiError } from './api.ts';

export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const vars: Record<string, unknown> = { ...err.details, field: err.field ?? '', message: err.message };
  if (typeof err.details.lockedUntil === 'string') vars.lockedUntil = dayjs(err.details.lockedUntil).format('YYYY-MM-DD HH:mm');
  return t(`errors.${err.code}`, { ...vars, defaultValue: err.message });
}

interface Notifier {
  error(content: string): unknown;
}

/**
 * Shows an API error on the form field it names (`error.field`), or as a message when the
 * field is not on this form. Returns the text shown.
 */
export function showError(t: TFunction, err: unknown, notify: Notifier, form?: FormInstance): string {
  const text = errorText(t, err);
  if (form && err instanceof ApiError && err.field) {
    const name = err.field.split('.');
    const known = form.getFieldsValue(true) as Record<string, unknown>;
    if (name[0] !== undefined && name[0] in known) {
      form.setFields([{ name, errors: [text] }]);
      return text;
    }
  }
  notify.error(text);
  return text;
}
