/** One assignment on site: what to check, position and distance, photos, the form, the signature. */
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { distanceToGeometryM } from '../../../server/src/platform/field/distance.ts';
import type { Language } from '../app/language.ts';
import { translate, type FieldMessages } from './i18n.ts';
import { formatTime, sha256Hex, stampPhoto } from './photo.ts';
import { SignaturePad, type SignatureHandle } from './SignaturePad.tsx';
import { SiteMap } from './SiteMap.tsx';
import { blobGet, blobPut, kvDelete, kvGet, kvSet, recordPut, type Assignment, type Form, type PhotoMeta } from './store.ts';
import { useHeading, usePosition } from './useDevice.ts';

type Values = Record<string, string | number | boolean | null>;
interface Draft { values: Values; photos: PhotoMeta[] }

const fmtDistance = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(2)} km` : `${Math.round(m)} m`);

function PhotoThumb({ sha256, alt }: { sha256: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let u: string | null = null;
    void blobGet(sha256).then((b) => { if (b) { u = URL.createObjectURL(b.blob); setUrl(u); } });
    return () => { if (u) URL.revokeObjectURL(u); };
  }, [sha256]);
  return url ? <img src={url} alt={alt} /> : null;
}

export function Inspect({ a, form, lang, onDone }: { a: Assignment; form: Form; lang: Language; onDone: (saved: boolean) => void }) {
  const tr = (k: keyof FieldMessages, v?: Record<string, string | number>) => translate(lang, k, v);
  const fix = usePosition();
  const heading = useHeading();
  const draftKey = `draft:${a.kind}:${a.id}`;
  const [draft, setDraft] = useState<Draft>({ values: {}, photos: [] });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sig = useMemo<SignatureHandle>(() => ({ canvas: null, empty: true }), []);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => { void kvGet<Draft>(draftKey).then((d) => d && setDraft(d)); }, [draftKey]);
  const update = (d: Draft) => { setDraft(d); void kvSet(draftKey, d); };
  const distance = fix ? distanceToGeometryM([fix.lon, fix.lat], a.geometry) : null;
  const photoDistance = (p: PhotoMeta) => (p.lon !== null && p.lat !== null ? distanceToGeometryM([p.lon, p.lat], a.geometry) : null);

  const takePhoto = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    setBusy(true);
    try {
      const photos = [...draft.photos];
      for (const f of files) {
        const takenAt = new Date();
        const stamped = await stampPhoto(f, { takenAt, lon: fix?.lon ?? null, lat: fix?.lat ?? null, accuracyM: fix?.accuracyM ?? null, headingDeg: heading, subject: a.title });
        const sha256 = await sha256Hex(stamped);
        await blobPut({ sha256, blob: stamped, name: `photo-${sha256.slice(0, 12)}.jpg`, mime: 'image/jpeg', uploadId: null, done: false });
        photos.push({ sha256, takenAt: takenAt.toISOString(), lon: fix?.lon ?? null, lat: fix?.lat ?? null, headingDeg: heading === null ? null : Math.round(heading * 10) / 10 });
      }
      update({ ...draft, photos });
    } finally {
      setBusy(false);
    }
  };

  const setValue = (name: string, v: string | number | boolean | null) => update({ ...draft, values: { ...draft.values, [name]: v } });

  const save = async () => {
    const missing = form.fields.filter((f) => f.required && (draft.values[f.name] === undefined || draft.values[f.name] === null || draft.values[f.name] === ''));
    if (missing.length) return setProblem(tr('missing', { fields: missing.map((f) => f.label[lang]).join('、') }));
    if (draft.photos.length === 0) return setProblem(tr('needPhoto'));
    if (sig.empty || !sig.canvas) return setProblem(tr('needSignature'));
    setBusy(true);
    const png = await new Promise<Blob>((resolve, reject) => sig.canvas!.toBlob((b) => (b ? resolve(b) : reject(new Error('signature'))), 'image/png'));
    const signatureSha256 = await sha256Hex(png);
    await blobPut({ sha256: signatureSha256, blob: png, name: 'signature.png', mime: 'image/png', uploadId: null, done: false });
    const values: Values = {};
    for (const f of form.fields) if (draft.values[f.name] !== undefined && draft.values[f.name] !== '') values[f.name] = draft.values[f.name]!;
    await recordPut({
      recordId: crypto.randomUUID(), kind: a.kind, assignmentId: a.id, title: a.title, baseVersion: a.version, values,
      position: fix ? { lon: fix.lon, lat: fix.lat, accuracyM: fix.accuracyM } : null, photos: draft.photos, signatureSha256,
      recordedAt: new Date().toISOString(), state: 'queued',
    });
    await kvDelete(draftKey);
    setBusy(false);
    onDone(true);
  };

  return (
    <section className="inspect" aria-labelledby="inspect-title">
      <button type="button" className="link" onClick={() => onDone(false)}>← {tr('back')}</button>
      <h2 id="inspect-title">{a.title}</h2>
      <h3>{tr('details')}</h3>
      <dl className="details">
        {a.details.map((d) => <div key={d.label['zh-CN']}><dt>{d.label[lang]}</dt><dd>{d.value}</dd></div>)}
        {a.dueDate && <div><dt>{tr('due', { date: '' }).trim()}</dt><dd>{a.dueDate}</dd></div>}
      </dl>
      <h3>{tr('position')}</h3>
      <p className="position" data-testid="position">
        {fix ? <>{fix.lon.toFixed(6)}E {fix.lat.toFixed(6)}N {fix.accuracyM !== null && tr('accuracy', { m: Math.round(fix.accuracyM) })}</> : tr('noPosition')}
        {heading !== null && <> · {tr('heading', { deg: Math.round(heading) })}</>}
      </p>
      {distance !== null && <p className={`distance ${distance > form.maxPhotoDistanceM ? 'far' : ''}`} data-testid="distance">{distance === 0 ? tr('inside') : tr('distance', { d: fmtDistance(distance) })}</p>}
      <SiteMap geometry={a.geometry} position={fix ? [fix.lon, fix.lat] : null} label={tr('map')} />

      <h3>{tr('photos')}</h3>
      <ul className="photos">
        {draft.photos.map((p, i) => {
          const d = photoDistance(p);
          return (
            <li key={p.sha256}>
              <PhotoThumb sha256={p.sha256} alt={tr('photoAlt', { n: i + 1, time: formatTime(new Date(p.takenAt)) })} />
              {d !== null && d > form.maxPhotoDistanceM && <span className="tag far">{tr('photoFar', { m: form.maxPhotoDistanceM })}</span>}
              <button type="button" className="link" onClick={() => update({ ...draft, photos: draft.photos.filter((x) => x.sha256 !== p.sha256) })}>{tr('removePhoto')}</button>
            </li>
          );
        })}
      </ul>
      <label className="button secondary" aria-disabled={busy}>
        {tr('takePhoto')}
        <input ref={fileInput} type="file" accept="image/*" capture="environment" multiple className="visually-hidden" onChange={(e) => void takePhoto(e)} data-testid="photo-input" />
      </label>

      <h3>{tr('form')}</h3>
      <div className="form">
        {form.fields.map((f) => {
          const id = `f-${f.name}`;
          const v = draft.values[f.name];
          const label = <label htmlFor={id}>{f.label[lang]}{f.required && <span className="req"> *<span className="visually-hidden">{tr('required')}</span></span>}</label>;
          if (f.type === 'boolean') {
            return (
              <fieldset key={f.name}>
                <legend>{f.label[lang]}{f.required && <span className="req"> *</span>}</legend>
                <label><input type="radio" name={id} checked={v === true} onChange={() => setValue(f.name, true)} /> {tr('yes')}</label>
                <label><input type="radio" name={id} checked={v === false} onChange={() => setValue(f.name, false)} /> {tr('no')}</label>
              </fieldset>
            );
          }
          if (f.type === 'select') {
            return (
              <div key={f.name} className="row">{label}
                <select id={id} value={typeof v === 'string' ? v : ''} onChange={(e) => setValue(f.name, e.target.value || null)}>
                  <option value="">{tr('choose')}</option>
                  {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label[lang]}</option>)}
                </select>
              </div>
            );
          }
          if (f.type === 'textarea') {
            return <div key={f.name} className="row">{label}<textarea id={id} rows={3} value={typeof v === 'string' ? v : ''} onChange={(e) => setValue(f.name, e.target.value)} /></div>;
          }
          return (
            <div key={f.name} className="row">{label}
              <input id={id} type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text'} value={v === null || v === undefined ? '' : String(v)}
                onChange={(e) => setValue(f.name, f.type === 'number' ? (e.target.value === '' ? null : Number(e.target.value)) : e.target.value)} />
            </div>
          );
        })}
      </div>

      <h3>{tr('signature')}</h3>
      <SignaturePad handle={sig} label={tr('signHere')} clearLabel={tr('clearSignature')} />
      {problem && <p className="problem" role="alert">{problem}</p>}
      <button type="button" className="button primary" disabled={busy} onClick={() => void save()}>{tr('save')}</button>
    </section>
  );
}
