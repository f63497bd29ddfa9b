/** Shared steps of the field platform tests (not a test file itself). */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { json, type TestApp } from '../../../test/harness.ts';
import { makePng, sha256 } from './field.fixtures.ts';

export { makePng, sha256 };

export async function req(t: TestApp, cookie: string | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await t.inject({
    method, url, headers: { ...(cookie ? { cookie } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  let body: any = null;
  try { body = res.body ? json(res) : null; } catch { body = res.body; }
  return { status: res.statusCode, body };
}

/** Sends `bytes` as one resumable upload in chunks of `chunk` bytes; returns the final state. */
export async function uploadPhoto(t: TestApp, cookie: string, bytes: Buffer, opts: { name?: string; mime?: string; chunk?: number } = {}) {
  const begin = await req(t, cookie, 'POST', '/api/field/uploads', { name: opts.name ?? 'photo.png', mime: opts.mime ?? 'image/png', size: bytes.length });
  assert.equal(begin.status, 201, JSON.stringify(begin.body));
  const id = begin.body.id as string;
  const size = opts.chunk ?? 1024;
  let last: { status: number; body: any } = begin;
  for (let off = 0; off < bytes.length; off += size) {
    last = await patchChunk(t, cookie, id, off, bytes.subarray(off, off + size));
    if (last.status !== 200) return { id, ...last };
  }
  return { id, ...last };
}

export function patchChunk(t: TestApp, cookie: string, id: string, offset: number, bytes: Buffer) {
  return req(t, cookie, 'PATCH', `/api/field/uploads/${id}`, bytes, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) });
}

/** The demo sites of 播州区 (BZ-…) and 汇川区 (HC-01) by their code. */
export async function demoSites(t: TestApp) {
  const rows = await t.testDb.owner.selectFrom('field.demo_sites').select(['id', 'title', 'version', 'geometry']).execute();
  const by = (code: string) => rows.find((r) => r.title.includes(code))!;
  return { bz1: by('BZ-01'), bz2: by('BZ-02'), bz3: by('BZ-03'), hc1: by('HC-01') };
}

export const VALUES = { situation: 'building', builder: '某建材公司', startDate: '2026-10-01', croplandOccupied: true, note: '已建成钢结构厂房一栋' };

export function record(assignmentId: string, photos: { sha256: string; lon: number | null; lat: number | null }[], over: Record<string, unknown> = {}) {
  return {
    recordId: crypto.randomUUID(), kind: 'demo-site', assignmentId, baseVersion: '1', values: VALUES,
    position: { lon: 106.842, lat: 27.536, accuracyM: 8 },
    photos: photos.map((p) => ({ ...p, takenAt: '2026-12-05T03:00:00.000Z', headingDeg: 90 })),
    signatureSha256: null, recordedAt: '2026-12-05T03:05:00.000Z', ...over,
  };
}
