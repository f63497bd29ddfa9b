/** Shared steps of the approvals tests (not a test file itself). */
import assert from 'node:assert/strict';
import { declareNextCalendarYear, DEMO_PASSWORD, json, type TestApp } from '../../../test/harness.ts';
import { createApprovalsService } from './approvals.service.ts';
import type { ActingUser } from './approvals.deps.ts';
import { seedDemoApprovals } from './matters.seed.ts';
import { chinaDay } from './deadlines.ts';

export const PERSON = { kind: 'person' as const, name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' };
export const PERSON_LOGIN = '13885200001';

/** Loads the demo matters unless the seed already did, and declares next year in the calendar. */
export async function ensureMatters(t: TestApp): Promise<void> {
  await seedDemoApprovals(t.testDb.owner);
  await declareNextCalendarYear(t.testDb.owner);
}

export async function login(t: TestApp, username: string): Promise<string> {
  const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  assert.equal(res.statusCode, 200, `login ${username}: ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'sunland_session');
  assert.ok(c);
  return `sunland_session=${c.value}`;
}

export async function call(t: TestApp, cookie: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const res = await t.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  let body: any = null;
  try { body = res.body ? json(res) : null; } catch { body = res.body; }
  return { status: res.statusCode, body, res };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** Uploads a small PDF; `url` is the public materials upload or the staff /api/files. */
export async function uploadPdf(t: TestApp, cookie: string, url = '/api/public/approvals/uploads', name = 'scan.pdf', bytes = PDF, mime = 'application/pdf'): Promise<{ status: number; id: string; body: any }> {
  const boundary = `----sunland${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.inject({ method: 'POST', url, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  const body = json(res);
  assert.equal(res.statusCode, 201, `upload: ${res.body}`);
  return { status: res.statusCode, id: body.id, body };
}

export const PREVIEW_FORM = { project_name: '播州区示范产业园道路工程', location: '播州区三岔镇', area_ha: 3.2, purpose: '交通运输' };
export const PREVIEW = '520304-XK-0001'; // 建设项目用地预审: parallel landuse/planning/farmland, then legal
export const CONVERSION = '520304-XK-0002'; // 农用地转用: parallel any_refuse, public notice (clock stops), legal
export const CONVERSION_FORM = PREVIEW_FORM;

/** Applies online for 用地预审 with every required material, or leaving out `omit`. */
export async function applyOnline(t: TestApp, cookie: string, opts: { matter?: string; omit?: string[]; form?: Record<string, unknown> } = {}) {
  const matter = opts.matter ?? PREVIEW;
  const guide = (await call(t, null, 'GET', `/api/public/approvals/matters/${matter}`)).body;
  const materials: Record<string, string[]> = {};
  for (const m of guide.materials as { key: string; required: boolean; kind: string }[]) {
    if (!m.required || m.kind !== 'file' || opts.omit?.includes(m.key)) continue;
    materials[m.key] = [(await uploadPdf(t, cookie)).id];
  }
  const res = await call(t, cookie, 'POST', '/api/public/approvals/cases', { matterCode: matter, applicant: PERSON, formData: opts.form ?? PREVIEW_FORM, materials });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { caseNo: string; receiptDocumentId: number };
}

/** A service whose clock reads `day` (noon, China time): for deadline tests. */
export function serviceAt(t: TestApp, day: string) {
  const now = new Date(`${day}T12:00:00+08:00`);
  const p = t.platform;
  return createApprovalsService({ db: p.db, audit: p.audit, calendar: p.calendar, files: p.files, notify: p.notify, documents: p.documents, orgs: p.orgs, identity: p.identity, now: () => now });
}

export const today = () => chinaDay(new Date());

/** An acting staff member for service-level calls, read from the demo data. */
export async function staff(t: TestApp, username: string): Promise<ActingUser> {
  const u = await t.testDb.owner.selectFrom('identity.users').select(['id', 'displayName']).where('username', '=', username).executeTakeFirstOrThrow();
  const post = await t.testDb.owner.selectFrom('access.posts as p').innerJoin('access.roles as r', 'r.id', 'p.roleId')
    .select(['p.id', 'p.orgUnitId', 'p.scopePath', 'p.roleId']).where('p.userId', '=', u.id).where('p.active', '=', true).executeTakeFirstOrThrow();
  const perms = await t.testDb.owner.selectFrom('access.role_permissions').select('permission').where('roleId', '=', post.roleId).execute();
  return {
    userId: u.id, username, displayName: u.displayName, kind: 'staff', postId: post.id, orgUnitId: post.orgUnitId, scopePath: post.scopePath,
    permissions: new Set(perms.map((p) => p.permission)),
  };
}

/** Makes an extra reviewer at a department of 播州区 (e.g. 520304-PLANNING); returns the login cookie. */
export async function makeReviewer(t: TestApp, username: string, unitCode: string, role = 'reviewer'): Promise<string> {
  const db = t.testDb.owner;
  const unit = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', unitCode).executeTakeFirstOrThrow();
  const r = await db.selectFrom('access.roles').select('id').where('code', '=', role).executeTakeFirstOrThrow();
  const hash = await db.selectFrom('identity.users').select('passwordHash').where('username', '=', 'window').executeTakeFirstOrThrow();
  const u = await db.insertInto('identity.users').values({
    username, displayName: username, kind: 'staff', orgUnitId: unit.id, orgPath: unit.path, phone: null, email: null,
    passwordHash: hash.passwordHash, totpSecret: null, totpEnabled: false, totpLastStep: null,
    lockedUntil: null, publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('access.posts').values({ userId: u.id, orgUnitId: unit.id, roleId: r.id, scopePath: unit.path, createdBy: null }).execute();
  return login(t, username);
}
