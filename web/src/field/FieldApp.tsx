/**
 * The offline field app (外业核查) at /field: downloads the inspector's assignments and forms,
 * then works without a network; records queue on the phone and sync when it returns.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Language } from '../app/language.ts';
import { fieldLanguage, problemText, switchLanguage, translate, type FieldMessages } from './i18n.ts';
import { formatTime } from './photo.ts';
import { Inspect } from './Inspect.tsx';
import { kvGet, kvSet, recordPut, recordsAll, type Assignment, type Form, type QueuedRecord } from './store.ts';
import { syncAll } from './sync.ts';
import { useOnline } from './useDevice.ts';

interface Me { user: { displayName: string; kind: string } }
interface Downloaded { forms: Form[]; assignments: Assignment[]; at: string }

export function FieldApp() {
  const [lang, setLang] = useState<Language>(fieldLanguage());
  const tr = (k: keyof FieldMessages, v?: Record<string, string | number>) => translate(lang, k, v);
  const online = useOnline();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [cachedSession, setCachedSession] = useState(false);
  const [data, setData] = useState<Downloaded | null>(null);
  const [records, setRecords] = useState<QueuedRecord[]>([]);
  const [open, setOpen] = useState<Assignment | null>(null);
  const [status, setStatus] = useState<'idle' | 'downloading' | 'syncing' | 'auth'>('idle');
  const [notice, setNotice] = useState<keyof FieldMessages | null>(null);

  const reload = useCallback(async () => setRecords((await recordsAll()).sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))), []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'appTitle');
  }, [lang]);

  // Session: the server's answer when online, else the one cached at the last visit.
  useEffect(() => {
    void (async () => {
      const cached = await kvGet<Me>('me');
      try {
        const r = await fetch('/api/auth/me', { credentials: 'same-origin', cache: 'no-store' });
        if (r.ok) { const m = (await r.json()) as Me; await kvSet('me', m); setMe(m); return; }
        if (r.status === 401) { setMe(cached ? cached : null); if (cached) setStatus('auth'); return; }
      } catch { /* offline */ }
      setMe(cached ?? null);
      setCachedSession(Boolean(cached));
    })();
    void kvGet<Downloaded>('downloaded').then((d) => d && setData(d));
    void reload();
  }, [reload]);

  const sync = useCallback(async () => {
    if (!navigator.onLine) return;
    setStatus('syncing');
    const r = await syncAll(() => void reload());
    await reload();
    setStatus(r === 'auth' ? 'auth' : 'idle');
  }, [reload]);

  useEffect(() => {
    if (online && me) void sync();
    const timer = setInterval(() => { if (navigator.onLine) void sync(); }, 30_000);
    return () => clearInterval(timer);
  }, [online, me, sync]);

  const download = async () => {
    setStatus('downloading');
    try {
      const [f, a] = await Promise.all([fetch('/api/field/forms', { cache: 'no-store' }), fetch('/api/field/assignments', { cache: 'no-store' })]);
      if (f.status === 401 || a.status === 401) { setStatus('auth'); return; }
      if (!f.ok || !a.ok) throw new Error(String(a.status));
      const d: Downloaded = { forms: (await f.json()) as Form[], assignments: (await a.json()) as Assignment[], at: new Date().toISOString() };
      await kvSet('downloaded', d);
      setData(d);
    } catch {
      setNotice('offline');
    }
    setStatus('idle');
  };

  const resubmit = async (r: QueuedRecord) => {
    // The latest details first, so the inspector sees what the office changed.
    if (navigator.onLine) await download();
    await recordPut({ ...r, baseVersion: r.currentVersion ?? r.baseVersion, state: 'queued' });
    await reload();
    void sync();
  };

  const loginLink = <a className="button primary" href="/login?next=/field">{tr('login')}</a>;
  const form = (kind: string) => data?.forms.find((f) => f.kind === kind);
  const pending = records.filter((r) => r.state !== 'synced').length;

  return (
    <div className="field-app">
      <header>
        <div>
          <h1>{tr('appTitle')}</h1>
          <p className="sub">{tr('appSubtitle')}{me ? ` · ${me.user.displayName}` : ''}</p>
        </div>
        <div className="header-side">
          <span className={`net ${online ? 'on' : 'off'}`} role="status" data-testid="network">{online ? tr('online') : tr('offline')}</span>
          <button type="button" className="link light" lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
            onClick={() => { const l: Language = lang === 'zh-CN' ? 'en-US' : 'zh-CN'; switchLanguage(l); setLang(l); }}>{tr('language')}</button>
        </div>
      </header>
      <main>
        {me === null && <p className="notice">{tr('notLoggedIn')} {loginLink}</p>}
        {status === 'auth' && <p className="notice" role="alert">{tr('loginNeeded')} {loginLink}</p>}
        {cachedSession && !online && <p className="hint">{tr('cachedSession')}</p>}
        {notice && <p className="hint">{tr(notice)}</p>}
        {open && form(open.kind) ? (
          <Inspect a={open} form={form(open.kind)!} lang={lang} onDone={(saved) => {
            setOpen(null);
            if (saved) { setNotice('saved'); void reload().then(() => sync()); }
          }} />
        ) : (
          <>
            <section aria-labelledby="assignments-title">
              <h2 id="assignments-title">{tr('assignments')}</h2>
              <div className="toolbar">
                <button type="button" className="button primary" disabled={!online || !me || status === 'downloading'} onClick={() => void download()}>
                  {status === 'downloading' ? tr('downloading') : tr('download')}
                </button>
                {data && <span className="hint">{tr('downloadedAt', { time: formatTime(new Date(data.at)) })}</span>}
              </div>
              {!data && <p className="hint">{tr('notDownloaded')}</p>}
              {data && data.assignments.length === 0 && <p className="hint">{tr('noAssignments')}</p>}
              <ul className="assignments">
                {data?.assignments.map((a) => (
                  <li key={`${a.kind}:${a.id}`}>
                    <button type="button" className="card" onClick={() => { setNotice(null); setOpen(a); }}>
                      <span className="title">{a.title}</span>
                      <span className="meta">{form(a.kind)?.title[lang]}{a.dueDate ? ` · ${tr('due', { date: a.dueDate })}` : ''}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="queue-title">
              <h2 id="queue-title">{tr('queue')} {pending > 0 && <span className="count">({pending})</span>}</h2>
              <div className="toolbar">
                <button type="button" className="button secondary" disabled={!online || status === 'syncing' || pending === 0} onClick={() => void sync()}>
                  {status === 'syncing' ? tr('syncing') : tr('syncNow')}
                </button>
              </div>
              {records.length === 0 && <p className="hint">{tr('queueEmpty')}</p>}
              <ul className="records" data-testid="records">
                {records.map((r) => (
                  <li key={r.recordId} className={`rec ${r.state}`}>
                    <span className="title">{r.title}</span>
                    <span className={`tag ${r.state}`} data-testid="record-state">{tr(`state_${r.state}`)}</span>
                    <span className="meta">{formatTime(new Date(r.recordedAt))}{r.syncedAt ? ` · ${tr('syncedAt', { time: formatTime(new Date(r.syncedAt)) })}` : ''}</span>
                    {r.state === 'conflict' && (
                      <div className="conflict" role="alert">
                        <p>{tr('conflictText', { version: r.currentVersion ?? '' })}</p>
                        <button type="button" className="button secondary" onClick={() => void resubmit(r)}>{tr('resubmit')}</button>
                      </div>
                    )}
                    {r.state === 'error' && <p className="problem">{problemText(r, lang, form(r.kind))}</p>}
                  </li>
                ))}
              </ul>
            </section>
            <p className="hint">{tr('install')}</p>
          </>
        )}
      </main>
    </div>
  );
}
