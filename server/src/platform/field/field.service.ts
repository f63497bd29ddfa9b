/**
 * The field verification platform (外业核查): modules register form providers; the service gives
 * the offline app its forms and assignments, takes resumable photo uploads, and accepts synced
 * records exactly once (the client's record id is the idempotency key).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import { SYSTEM_CONTEXT, withContext, type Tx } from '../db/context.ts';
import type { Jobs } from '../jobs/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { FileStore } from '../files/index.ts';
import { actorContext, type Actor } from '../http/actor.ts';
import { AppError, invalid } from '../http/errors.ts';
import { distanceToGeometryM } from './distance.ts';
import { readExifOfFile, type PhotoExif } from './exif.ts';
import type { FieldAssignment, FieldFormField, FieldFormProvider, FieldPhoto, FieldRecordInput, LocalText } from './field.types.ts';
import type { StoredPhoto } from './field.tables.ts';

export interface FieldDeps {
  db: Db;
  audit: AuditService;
  files: FileStore;
  /** Partial uploads are kept under DATA_DIR/field-uploads until complete. */
  dataDir: string;
}

/** What the app sends: the record without the server-computed parts. */
export interface RecordSubmission {
  recordId: string;
  kind: string;
  assignmentId: string;
  baseVersion: string;
  values: Record<string, string | number | boolean | null>;
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  photos: { sha256: string; takenAt: string; lon: number | null; lat: number | null; headingDeg: number | null }[];
  signatureSha256: string | null;
  recordedAt: string;
}

export interface RecordAnswer {
  recordId: string;
  kind: string;
  assignmentId: string;
  status: 'accepted';
  baseVersion: string;
  distanceM: number | null;
  photos: FieldPhoto[];
  farPhotos: number;
  /** Photos taken (EXIF time, else the app's) before the assignment's photosNotBefore. */
  earlyPhotos: number;
  receivedAt: string;
  /** True when this answer is the stored first answer to an earlier identical record id. */
  replayed: boolean;
}

export interface FormView {
  kind: string; title: LocalText; fields: FieldFormField[]; maxPhotoDistanceM: number;
}

const PHOTO_TYPES: Record<string, { exts: string[]; kind: 'jpeg' | 'png' }> = {
  'image/jpeg': { exts: ['jpg', 'jpeg'], kind: 'jpeg' },
  'image/png': { exts: ['png'], kind: 'png' },
};
/** Largest chunk one PATCH may carry; the app sends 256 KiB. */
export const CHUNK_MAX_BYTES = 1024 * 1024;
/** Job queue of the nightly sweep of unfinished uploads. */
export const SWEEP_QUEUE = 'field.sweep-uploads';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function createFieldService(deps: FieldDeps) {
  const providers = new Map<string, FieldFormProvider>();
  const partDir = path.join(deps.dataDir, 'field-uploads');
  const partOf = (id: string) => path.join(partDir, `${id}.part`);
  // One chunk at a time per upload (a retried request may overlap a slow first one).
  const chains = new Map<string, Promise<unknown>>();
  const serial = <T>(id: string, fn: () => Promise<T>): Promise<T> => {
    const prev = chains.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    chains.set(id, tail);
    void tail.then(() => { if (chains.get(id) === tail) chains.delete(id); });
    return run;
  };

  const usable = (actor: Actor) => [...providers.values()].filter((p) => actor.kind === 'staff' && actor.permissions.has(p.permission));
  const inScope = <T>(actor: Actor, fn: (trx: Tx) => Promise<T>) => withContext(deps.db, actorContext(actor), fn);

  function requireFieldUser(actor: Actor): void {
    if (usable(actor).length === 0) {
      throw new AppError('access.forbidden', 'no field form is open to this post', { permission: [...providers.values()].map((p) => p.permission).join(' | ') || 'field' });
    }
  }

  function providerFor(actor: Actor, kind: string): FieldFormProvider {
    const p = providers.get(kind);
    if (!p) throw new AppError('field.form_not_found', `kind: no field form ${kind}`, { field: 'kind' });
    if (actor.kind !== 'staff' || !actor.permissions.has(p.permission)) throw new AppError('access.forbidden', `missing permission ${p.permission}`, { permission: p.permission });
    return p;
  }

  /** Checks the values against the provider's fields: names known, required present, types right. */
  function checkValues(p: FieldFormProvider, values: RecordSubmission['values']): void {
    const known = new Map(p.fields.map((f) => [f.name, f]));
    for (const name of Object.keys(values)) if (!known.has(name)) throw invalid(`values.${name}`, `not a field of the ${p.kind} form`, '不是本表单的项目');
    for (const f of p.fields) {
      const v = values[f.name];
      const field = `values.${f.name}`;
      if (v === undefined || v === null || v === '') {
        if (f.required) throw invalid(field, 'required', '必须填写');
        continue;
      }
      switch (f.type) {
        case 'text': case 'textarea':
          if (typeof v !== 'string') throw invalid(field, 'must be text', '应为文字');
          if (v.length > (f.type === 'text' ? 200 : 4000)) throw invalid(field, 'too long', `不能超过${f.type === 'text' ? 200 : 4000}个字符`);
          break;
        case 'select':
          if (typeof v !== 'string' || !f.options?.some((o) => o.value === v)) throw invalid(field, `must be one of ${(f.options ?? []).map((o) => o.value).join(', ')}`, '不是可选的值');
          break;
        case 'date':
          if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(v))) throw invalid(field, 'must be a date YYYY-MM-DD', '应为日期（年-月-日）');
          break;
        case 'boolean':
          if (typeof v !== 'boolean') throw invalid(field, 'must be true or false', '应为“是”或“否”');
          break;
        case 'number':
          if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(field, 'must be a number', '应为数字');
          break;
      }
    }
  }

  function answerOf(r: {
    recordId: string; kind: string; assignmentId: string; baseVersion: string; distanceM: number | null; photos: StoredPhoto[]; farPhotos: number; receivedAt: Date;
  }, replayed: boolean): RecordAnswer {
    return {
      recordId: r.recordId, kind: r.kind, assignmentId: r.assignmentId, status: 'accepted', baseVersion: r.baseVersion,
      distanceM: r.distanceM, photos: r.photos, farPhotos: r.farPhotos, earlyPhotos: r.photos.filter((x) => x.early).length, receivedAt: r.receivedAt.toISOString(), replayed,
    };
  }

  async function findRecord(trx: Tx, recordId: string) {
    return trx.selectFrom('field.records')
      .select(['recordId', 'kind', 'assignmentId', 'baseVersion', 'distanceM', 'photos', 'farPhotos', 'receivedAt'])
      .where('recordId', '=', recordId).executeTakeFirst();
  }

  const service = {
    /** Adds a module's form; a kind registers once. */
    register(provider: FieldFormProvider): void {
      if (providers.has(provider.kind)) throw new Error(`field form ${provider.kind} registered twice`);
      if (!(provider.maxPhotoDistanceM > 0)) throw new Error(`field form ${provider.kind}: maxPhotoDistanceM must be positive`);
      providers.set(provider.kind, provider);
    },

    /** The forms the actor's post may use. */
    forms(actor: Actor): FormView[] {
      return usable(actor).map((p) => ({ kind: p.kind, title: p.title, fields: p.fields, maxPhotoDistanceM: p.maxPhotoDistanceM }));
    },

    /** Every usable provider's assignments for the actor, each with its form kind. */
    async assignments(actor: Actor): Promise<(FieldAssignment & { kind: string })[]> {
      requireFieldUser(actor);
      return inScope(actor, async (trx) => {
        const out: (FieldAssignment & { kind: string })[] = [];
        for (const p of usable(actor)) for (const a of await p.listAssignments(trx, actor)) out.push({ ...a, kind: p.kind });
        return out;
      });
    },

    /** Starts a resumable photo upload (JPEG or PNG, checked again by content when complete). */
    async beginUpload(actor: Actor, input: { name: string; mime: string; size: number }) {
      requireFieldUser(actor);
      if (!actor.scopePath) throw new AppError('access.forbidden', 'the post has no scope', { permission: 'scope' });
      const type = PHOTO_TYPES[input.mime];
      if (!type) throw new AppError('files.type_not_allowed', `mime: ${input.mime} is not accepted; photos are image/jpeg or image/png`, { field: 'mime', accepted: Object.keys(PHOTO_TYPES).join(', ') });
      const ext = path.extname(input.name).slice(1).toLowerCase();
      if (!type.exts.includes(ext)) throw new AppError('files.type_mismatch', `name: .${ext} does not match ${input.mime}`, { field: 'name' });
      if (input.size > deps.files.maxBytes) throw new AppError('files.too_large', `size: larger than ${deps.files.maxBytes} bytes`, { field: 'size', maxBytes: deps.files.maxBytes });
      // Not audited until complete (as /api/files audits a stored file): a started upload changes nothing yet.
      const row = await inScope(actor, (trx) => trx.insertInto('field.uploads').values({
        userId: actor.userId, orgPath: actor.scopePath!, name: input.name, declaredMime: input.mime, size: input.size,
      }).returning(['id']).executeTakeFirstOrThrow());
      await fs.promises.mkdir(partDir, { recursive: true });
      await fs.promises.writeFile(partOf(row.id), new Uint8Array(0), { flag: 'wx' });
      return { id: row.id, offset: 0, size: input.size, complete: false, sha256: null };
    },

    /** Where an upload stands: the next offset to send, or its content once complete. */
    async uploadStatus(actor: Actor, id: string) {
      const u = await inScope(actor, (trx) => trx.selectFrom('field.uploads').selectAll().where('id', '=', id).executeTakeFirst());
      if (!u) throw new AppError('field.upload_not_found', `id: no upload ${id}`, { field: 'id' });
      const size = Number(u.size);
      if (u.status === 'complete') return { id, offset: size, size, complete: true, sha256: u.sha256 };
      const st = await fs.promises.stat(partOf(id)).catch(() => null);
      return { id, offset: st?.size ?? 0, size, complete: false, sha256: null };
    },

    /**
     * Appends `bytes` at `offset` (which must be where the upload stands); the last chunk has the
     * content type-checked (JPEG/PNG by magic bytes) and stored in the file store by SHA-256.
     * A chunk repeated after a lost answer is answered with the current state and not appended.
     */
    appendChunk(actor: Actor, id: string, offset: number, bytes: Buffer, ip: string | null) {
      return serial(id, async () => {
        const u = await inScope(actor, (trx) => trx.selectFrom('field.uploads').selectAll().where('id', '=', id).executeTakeFirst());
        if (!u) throw new AppError('field.upload_not_found', `id: no upload ${id}`, { field: 'id' });
        const size = Number(u.size);
        if (u.status === 'complete') {
          if (offset + bytes.length !== size) throw new AppError('field.upload_offset_mismatch', `Upload-Offset: the upload is complete at ${size}`, { field: 'Upload-Offset', offset: size });
          return { id, offset: size, size, complete: true, sha256: u.sha256 };
        }
        const part = partOf(id);
        const have = (await fs.promises.stat(part).catch(() => null))?.size ?? 0;
        // Every byte arrived but storing failed last time (the server stopped): finish now.
        if (have === size) return finish(actor, u, ip);
        if (bytes.length === 0) throw invalid('body', 'the chunk is empty', '上传的分块为空');
        if (offset !== have) throw new AppError('field.upload_offset_mismatch', `Upload-Offset: the upload stands at ${have}, not ${offset}`, { field: 'Upload-Offset', offset: have });
        if (have + bytes.length > size) throw invalid('body', `the chunk goes past the announced size ${size}`, `上传内容超出声明的文件大小（${size}字节）`);
        const fh = await fs.promises.open(part, 'a');
        try {
          await fh.write(bytes);
          await fh.sync();
        } finally {
          await fh.close();
        }
        const now = have + bytes.length;
        if (now < size) return { id, offset: now, size, complete: false, sha256: null };
        return finish(actor, u, ip);
      });
    },

    /**
     * Accepts a synced record once. A replay (same record id) returns the first answer and changes
     * nothing; missing photos or signature refuse the record naming them; a subject changed since
     * the inspector saw it answers field.version_conflict with its current version.
     */
    async submitRecord(actor: Actor, s: RecordSubmission, ip: string | null): Promise<RecordAnswer> {
      const p = providerFor(actor, s.kind);
      if (!actor.scopePath) throw new AppError('access.forbidden', 'the post has no scope', { permission: 'scope' });
      return inScope(actor, async (trx) => {
        const first = await findRecord(trx, s.recordId);
        if (first) return answerOf(first, true);
        checkValues(p, s.values);
        const wanted = [...s.photos.map((x) => x.sha256), ...(s.signatureSha256 ? [s.signatureSha256] : [])];
        const uploaded = wanted.length === 0 ? [] : await trx.selectFrom('field.uploads').select(['sha256', 'exifTakenAt', 'exifLon', 'exifLat'])
          .where('userId', '=', actor.userId).where('status', '=', 'complete').where('sha256', 'in', wanted).execute();
        const have = new Set(uploaded.map((r) => r.sha256));
        // The photo's own EXIF, read when its upload completed (any upload of the same content that had one).
        const exifOf = new Map<string, PhotoExif>();
        for (const u of uploaded) {
          if (u.sha256 && (u.exifTakenAt || u.exifLon !== null)) exifOf.set(u.sha256, { takenAt: u.exifTakenAt?.toISOString() ?? null, lon: u.exifLon, lat: u.exifLat });
        }
        const missing = s.photos.flatMap((x, i) => (have.has(x.sha256) ? [] : [{ field: `photos.${i}`, sha256: x.sha256 }]));
        if (s.signatureSha256 && !have.has(s.signatureSha256)) missing.push({ field: 'signatureSha256', sha256: s.signatureSha256 });
        if (missing.length > 0) {
          throw new AppError('field.photos_missing', `${missing.map((m) => m.field).join(', ')}: not uploaded yet (${missing.map((m) => m.sha256.slice(0, 12)).join(', ')}); upload them, then send the record again`,
            { field: missing[0]!.field, missing });
        }
        const a = p.findAssignment ? await p.findAssignment(trx, actor, s.assignmentId) : (await p.listAssignments(trx, actor)).find((x) => x.id === s.assignmentId);
        if (!a) throw new AppError('field.assignment_not_found', `assignmentId: no ${s.kind} assignment ${s.assignmentId} for this post`, { field: 'assignmentId' });
        const distanceM = s.position ? distanceToGeometryM([s.position.lon, s.position.lat], a.geometry) : null;
        const photos: FieldPhoto[] = s.photos.map((x) => {
          const d = x.lon !== null && x.lat !== null ? distanceToGeometryM([x.lon, x.lat], a.geometry) : null;
          const exif = exifOf.get(x.sha256) ?? null;
          const exifDistanceM = exif?.lon != null && exif.lat != null ? distanceToGeometryM([exif.lon, exif.lat], a.geometry) : null;
          const far = (d !== null && d > p.maxPhotoDistanceM) || (exifDistanceM !== null && exifDistanceM > p.maxPhotoDistanceM);
          const early = !!a.photosNotBefore && shanghaiDay(exif?.takenAt ?? x.takenAt) < a.photosNotBefore;
          return { ...x, distanceM: d, far, exif, exifDistanceM, early };
        });
        const farPhotos = photos.filter((x) => x.far).length;
        const inserted = await trx.insertInto('field.records').values({
          recordId: s.recordId, kind: s.kind, assignmentId: s.assignmentId, userId: actor.userId, orgPath: actor.scopePath!,
          baseVersion: s.baseVersion, formValues: JSON.stringify(s.values), position: JSON.stringify(s.position), distanceM,
          photos: JSON.stringify(photos), farPhotos, signatureSha256: s.signatureSha256, recordedAt: new Date(s.recordedAt),
        }).onConflict((oc) => oc.column('recordId').doNothing()).returning(['receivedAt']).executeTakeFirst();
        if (!inserted) {
          // A concurrent copy of the same record committed first: answer as its replay.
          const won = await findRecord(trx, s.recordId);
          if (won) return answerOf(won, true);
          throw new AppError('field.record_id_taken', 'recordId: already used by a record outside this post\'s scope', { field: 'recordId' });
        }
        const input: FieldRecordInput = {
          recordId: s.recordId, assignmentId: s.assignmentId, baseVersion: s.baseVersion, values: s.values, position: s.position,
          distanceM, photos, signatureSha256: s.signatureSha256, recordedAt: s.recordedAt,
        };
        const result = await p.acceptRecord(trx, actor, input);
        if (result.status === 'conflict') {
          throw new AppError('field.version_conflict', `baseVersion: the office changed ${a.title} since it was downloaded (now version ${result.currentVersion})`,
            { field: 'baseVersion', currentVersion: result.currentVersion, assignmentId: s.assignmentId });
        }
        await deps.audit.record(trx, actor, {
          action: 'field.record.accepted', entityType: 'field_record', entityId: s.recordId, orgPath: actor.scopePath,
          details: { kind: s.kind, assignmentId: s.assignmentId, baseVersion: s.baseVersion, distanceM, photos: photos.length, farPhotos, earlyPhotos: photos.filter((x) => x.early).length }, ip,
        });
        return answerOf({ ...input, kind: s.kind, farPhotos, receivedAt: inserted.receivedAt }, false);
      });
    },

    /** Records of one subject (newest first), for the office and the provider's own pages. */
    async listRecords(trx: Tx, kind: string, assignmentId: string) {
      const rows = await trx.selectFrom('field.records').selectAll().where('kind', '=', kind).where('assignmentId', '=', assignmentId).orderBy('receivedAt', 'desc').execute();
      return rows.map((r) => ({
        recordId: r.recordId, kind: r.kind, assignmentId: r.assignmentId, userId: r.userId, baseVersion: r.baseVersion, values: r.formValues,
        position: r.position, distanceM: r.distanceM, photos: r.photos, farPhotos: r.farPhotos, signatureSha256: r.signatureSha256,
        recordedAt: r.recordedAt.toISOString(), receivedAt: r.receivedAt.toISOString(),
      }));
    },

    /**
     * Removes uploads never completed after `olderThanHours` (at least 24, migration 0902): their rows
     * and partial bytes. Runs in the system context (the nightly job `field.sweep-uploads`); returns
     * how many went. A phone that comes back later gets 404 for the upload and starts it again.
     */
    async sweepStaleUploads(olderThanHours = 48): Promise<number> {
      const hours = Math.max(24, olderThanHours);
      const gone = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.deleteFrom('field.uploads').where('status', '=', 'receiving')
        .where('createdAt', '<', new Date(Date.now() - hours * 3600_000)).returning('id').execute());
      for (const g of gone) await fs.promises.rm(partOf(g.id), { force: true });
      return gone.length;
    },

    /** The nightly sweep of unfinished uploads (03:30 Asia/Shanghai). */
    async registerJobs(jobs: Jobs, olderThanHours = 48) {
      await jobs.work(SWEEP_QUEUE, async () => { await service.sweepStaleUploads(olderThanHours); });
      await jobs.schedule(SWEEP_QUEUE, '30 3 * * *', {}, { tz: 'Asia/Shanghai' });
    },

    /** A registered form's title and fields (to show its records elsewhere, e.g. on an enforcement case), or null. No permission: labels only. */
    formOf(kind: string): { title: LocalText; fields: FieldFormField[] } | null {
      const p = providers.get(kind);
      return p ? { title: p.title, fields: p.fields } : null;
    },

    providerFor,
    inScope,
  };

  /** The last chunk arrived: check the type, store by SHA-256, record the upload, audit. */
  async function finish(actor: Actor, u: { id: string; name: string; declaredMime: string; size: string }, ip: string | null) {
    const part = partOf(u.id);
    let content;
    try {
      content = await deps.files.putContent(fs.createReadStream(part), { name: u.name, declaredMime: u.declaredMime, allow: [PHOTO_TYPES[u.declaredMime]!.kind] });
    } catch (e) {
      // A wrong type will not become right by sending it again: the upload is dropped.
      if (e instanceof AppError) {
        await inScope(actor, (trx) => trx.deleteFrom('field.uploads').where('id', '=', u.id).execute());
        await fs.promises.rm(part, { force: true });
      }
      throw e;
    }
    // The camera's own facts (time taken, GPS), checked against the record that names the photo.
    const exif = await readExifOfFile(part).catch(() => null);
    const done = await inScope(actor, async (trx) => {
      const up = await deps.files.createUpload(trx, { content, name: u.name, declaredMime: u.declaredMime, uploadedBy: actor.userId, orgPath: actor.scopePath });
      await trx.updateTable('field.uploads').set({
        status: 'complete', sha256: content.sha256, fileUploadId: up.id, completedAt: new Date(),
        exifTakenAt: exif?.takenAt ? new Date(exif.takenAt) : null, exifLon: exif?.lon ?? null, exifLat: exif?.lat ?? null,
      }).where('id', '=', u.id).execute();
      await deps.audit.record(trx, actor, {
        action: 'field.upload.completed', entityType: 'field_upload', entityId: u.id, orgPath: actor.scopePath,
        details: { sha256: content.sha256, size: content.size, mime: content.mime, fileUploadId: up.id, newContent: content.created }, ip,
      });
      return { id: u.id, offset: content.size, size: content.size, complete: true, sha256: content.sha256, exif };
    });
    await fs.promises.rm(part, { force: true });
    return done;
  }

  return service;
}

export type FieldService = ReturnType<typeof createFieldService>;

/** The calendar day (YYYY-MM-DD) of an instant in China's time (UTC+8, no daylight saving). */
function shanghaiDay(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '9999-12-31' : new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A fresh client record id (tests, bench); the app makes its own with crypto.randomUUID. */
export const newRecordId = (): string => crypto.randomUUID();
