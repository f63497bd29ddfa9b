/**
 * The field app's sync (外业核查, issue 13): 1,000 field records, each with two photos uploaded
 * through the resumable upload (create + PATCH) and then the record posted, from 8 phones at
 * once as the inspector of 播州区 — records per second beside the bare route. Then the same
 * 1,000 records and one chunk of each photo are sent again (a phone that lost the answers) and
 * the database is counted: 0 lost, 0 duplicated.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { SuiteContext } from '../suite.ts';
import { createDb, createPool } from '../../server/src/platform/db/database.ts';
import { makePng, sha256 } from '../../server/src/platform/field/field.fixtures.ts';

const RECORDS = Number(process.env.BENCH_FIELD_RECORDS ?? 1000);
const PHONES = 8;

async function login(appUrl: string, username: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Sunland@2026' }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { info, emit, bareRps } = ctx;
  const cookie = await login(info.appUrl, 'inspector');
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(`${info.appUrl}${path}`, {
      method, headers: { cookie, ...(raw ? {} : { 'content-type': 'application/json' }), ...headers }, body: raw ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const sites = ((await (await fetch(`${info.appUrl}/api/field/assignments`, { headers: { cookie } })).json()) as { id: string; kind: string; version: string; geometry: { type: string; coordinates: unknown } }[])
    .filter((a) => a.kind === 'demo-site');
  if (sites.length === 0) throw new Error('no demo sites for the inspector');

  const photos = (i: number) => [makePng(i * 2 + 1, 64, 48), makePng(i * 2 + 2, 64, 48)];
  const recordIds = Array.from({ length: RECORDS }, () => crypto.randomUUID());
  const recordOf = (i: number) => {
    const site = sites[i % sites.length]!;
    return {
      recordId: recordIds[i]!,
      kind: 'demo-site', assignmentId: site.id, baseVersion: site.version,
      values: { situation: 'unchanged', croplandOccupied: false, note: `bench ${recordIds[0]} ${i}` },
      position: { lon: 106.842, lat: 27.536, accuracyM: 10 },
      photos: photos(i).map((p) => ({ sha256: sha256(p), takenAt: new Date().toISOString(), lon: 106.842, lat: 27.536, headingDeg: 180 })),
      signatureSha256: null, recordedAt: new Date().toISOString(),
    };
  };
  const uploadIds = new Map<number, string[]>();
  const failures: string[] = [];
  const syncOne = async (i: number) => {
    const ids: string[] = [];
    for (const p of photos(i)) {
      const begin = await call('POST', '/api/field/uploads', { name: 'photo.png', mime: 'image/png', size: p.length });
      if (begin.status !== 201) { failures.push(`upload ${i}: ${begin.status}`); return; }
      const done = await call('PATCH', `/api/field/uploads/${begin.body.id}`, p, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' });
      if (!done.body?.complete) { failures.push(`chunk ${i}: ${done.status}`); return; }
      ids.push(begin.body.id);
    }
    uploadIds.set(i, ids);
    const r = await call('POST', '/api/field/records', recordOf(i));
    if (r.status !== 201) failures.push(`record ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const pool = async (fn: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(Array.from({ length: PHONES }, async () => { for (let i = next++; i < RECORDS; i = next++) await fn(i); }));
  };

  const t0 = performance.now();
  await pool(syncOne);
  const secs = (performance.now() - t0) / 1000;

  // Everything again, as phones that lost every answer: the last chunk of each photo, then the record.
  let replayed = 0;
  await pool(async (i) => {
    for (const [k, p] of photos(i).entries()) {
      const id = uploadIds.get(i)?.[k];
      if (id) await call('PATCH', `/api/field/uploads/${id}`, p, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' });
    }
    const r = await call('POST', '/api/field/records', recordOf(i));
    if (r.status === 200 && r.body.replayed) replayed++;
  });

  const db = createDb(createPool(info.ownerUrl, 2));
  try {
    const stored = Number((await sql<{ n: string }>`select count(*) as n from field.records where record_id = any(${recordIds}::uuid[])`.execute(db)).rows[0]!.n);
    // A logical record (its note) stored under more than one id would be a duplicate the key cannot catch.
    const dup = await sql<{ n: string }>`select count(*) as n from (select form_values->>'note' from field.records where form_values->>'note' like ${`bench ${recordIds[0]} %`} group by 1 having count(*) > 1) d`.execute(db);
    const shas = Array.from({ length: RECORDS }, (_, i) => photos(i).map(sha256)).flat();
    const files = await sql<{ sha256: string; n: string }>`select sha256, count(*) as n from files.uploads where sha256 = any(${shas}::text[]) group by sha256`.execute(db);
    const photosStored = files.rows.length;
    const photosDuplicated = files.rows.filter((r) => Number(r.n) > 1).length;
    emit({
      bench: 'field.sync_records', records: RECORDS, photosPerRecord: 2, phones: PHONES, seconds: +secs.toFixed(1),
      recordsPerSecond: +(RECORDS / secs).toFixed(1), requestsPerRecord: 5, bareRps,
      lost: RECORDS - stored, duplicated: Number(dup.rows[0]!.n), photosLost: shas.length - photosStored, photosDuplicated,
      replaysAnsweredAsReplay: replayed, failures: failures.slice(0, 5), failureCount: failures.length,
      note: 'per record: 2 × (create upload + one PATCH with the PNG) + POST record; then every record and last chunk sent again',
    });
  } finally {
    await db.destroy();
  }
}
