/** Loads data for a page and reloads it on demand; errors are shown once as a message. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { showError } from '../app/errors.ts';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: unknown;
  reload(): Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const d = await loadRef.current();
      if (mine === seq.current) {
        setData(d);
        setError(null);
      }
    } catch (e) {
      if (mine === seq.current) {
        setError(e);
        showError(t, e, message);
      }
    } finally {
      if (mine === seq.current) setLoading(false);
    }
    // deps are the caller's
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, loading, error, reload };
}

/** Lists come as an array or as `{ items }`. */
export function itemsOf<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  const items = (data as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) ? (items as T[]) : [];
}

export function totalOf(data: unknown, fallback: number): number {
  const total = (data as { total?: unknown } | null | undefined)?.total;
  return typeof total === 'number' ? total : fallback;
}
