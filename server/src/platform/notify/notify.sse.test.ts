import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { startTestApp, json, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { openEventStream, until } from '../../../test/sse.ts';
import { withContext } from '../db/context.ts';
import { DEMO_TOTP_SECRETS, SESSION_COOKIE, totpCode, type MeView } from '../identity/index.ts';

const t: TestApp = await startTestApp({ JOBS: 'true' });
await t.startBackground();
await t.http.listen({ port: 0, host: '127.0.0.1' });
const port = (t.http.server.address() as AddressInfo).port;
const { db, notify } = t.platform;

interface Session { cookie: string; userId: number }

async function login(username: string): Promise<Session> {
  const totp = DEMO_TOTP_SECRETS[username] ? { totp: totpCode(DEMO_TOTP_SECRETS[username]!) } : {};
  const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD, ...totp } });
  assert.equal(res.statusCode, 200, `login ${username}: ${res.body}`);
  const c = res.cookies.find((k) => k.name === SESSION_COOKIE);
  assert.ok(c, 'session cookie');
  return { cookie: `${SESSION_COOKIE}=${c.value}`, userId: json<MeView>(res).user.id };
}

/** The notification stream of this app, read by a real streaming client. */
const openStream = (cookie: string, headers: Record<string, string> = {}) =>
  openEventStream(port, '/api/notifications/stream', { cookie, ...headers });

describe('in-app notifications over server-sent events', () => {
  const open: { close(): void }[] = [];
  after(() => open.forEach((s) => s.close()));

  it('refuses a stream without login', async () => {
    const s = openStream('');
    open.push(s);
    const res = await s.ready;
    assert.equal(res.statusCode, 401);
  });

  it('pushes a new in-app message to its user’s stream only', async () => {
    const window = await login('window');
    const reviewer = await login('reviewer');
    const a = openStream(window.cookie);
    const b = openStream(reviewer.cookie);
    open.push(a, b);
    const res = await a.ready;
    await b.ready;
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    await until(() => a.comments > 0 && b.comments > 0); // the ": connected" comment

    const outboxId = await db.transaction().execute((trx) =>
      notify.enqueue(trx, { channel: 'inapp', to: String(window.userId), subject: '新的受理任务', body: '宅基地申请 520304-2026-0002 待受理', data: { link: '/cases/2' } }));
    await until(() => a.events.length > 0);
    const ev = a.events[0]!;
    assert.equal(ev.event, 'notification');
    const item = JSON.parse(ev.data!) as { id: number; title: string; body: string; data: unknown; readAt: unknown };
    assert.equal(item.title, '新的受理任务');
    assert.equal(item.body, '宅基地申请 520304-2026-0002 待受理');
    assert.deepEqual(item.data, { link: '/cases/2' });
    assert.equal(item.readAt, null);
    assert.equal(ev.id, String(item.id));
    const row = await t.testDb.owner.selectFrom('notify.inbox').select(['userId', 'outboxId']).where('id', '=', item.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { userId: window.userId, outboxId });

    // Give the other stream time to (wrongly) receive it.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(b.events.length, 0);
  });

  it('lists, marks read and counts unread through the API', async () => {
    const window = await login('window');
    const reviewer = await login('reviewer');
    await db.transaction().execute(async (trx) => {
      await notify.enqueue(trx, { channel: 'inapp', to: String(window.userId), subject: '二', body: '第二条' });
      await notify.enqueue(trx, { channel: 'inapp', to: String(window.userId), subject: '三', body: '第三条' });
    });
    let list: { items: { id: number; title: string; readAt: string | null }[]; unread: number } = { items: [], unread: 0 };
    const end = Date.now() + 5_000;
    while (list.items.length < 3 && Date.now() < end) {
      list = json(await t.inject({ method: 'GET', url: '/api/notifications?unread=true', headers: { cookie: window.cookie } }));
      if (list.items.length < 3) await new Promise((r) => setTimeout(r, 30));
    }
    assert.equal(list.unread, 3);
    // Newest first. 二 and 三 were enqueued in one transaction and are delivered side by side,
    // so their order between themselves is not defined.
    assert.deepEqual(list.items.map((i) => i.title).slice(0, 2).sort(), ['三', '二'].sort());
    assert.equal(list.items[2]!.title, '新的受理任务');

    // The reviewer sees none of them and cannot mark them read.
    const theirs = json(await t.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: reviewer.cookie } }));
    assert.equal(theirs.items.length, 0);
    const steal = await t.inject({ method: 'POST', url: `/api/notifications/${list.items[0]!.id}/read`, headers: { cookie: reviewer.cookie } });
    assert.equal(steal.statusCode, 404);

    const read = await t.inject({ method: 'POST', url: `/api/notifications/${list.items[0]!.id}/read`, headers: { cookie: window.cookie } });
    assert.equal(read.statusCode, 200);
    assert.ok(json(read).readAt);
    const unread = json(await t.inject({ method: 'GET', url: '/api/notifications?unread=true', headers: { cookie: window.cookie } }));
    assert.equal(unread.unread, 2);
    // The other of 二 and 三 (delivered side by side, in either order) stays unread.
    const other = list.items[0]!.title === '三' ? '二' : '三';
    assert.deepEqual(unread.items.map((i: { title: string }) => i.title), [other, '新的受理任务']);
    const all = await t.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { cookie: window.cookie } });
    assert.deepEqual(json(all), { updated: 2 });
    const none = await withContext(db, { userId: window.userId, scopes: [] }, (trx) => notify.countUnread(trx));
    assert.equal(none, 0);

    const bad = await t.inject({ method: 'GET', url: '/api/notifications?colour=red', headers: { cookie: window.cookie } });
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).error.field, 'colour');
  });

  it('replays what a reconnecting browser missed (Last-Event-ID)', async () => {
    const window = await login('window');
    const list = json(await t.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: window.cookie } }));
    const newest = list.items[0].id as number;
    const oldest = list.items[list.items.length - 1].id as number;
    const s = openStream(window.cookie, { 'last-event-id': String(oldest) });
    open.push(s);
    await s.ready;
    await until(() => s.events.length >= 2);
    assert.deepEqual(s.events.map((e) => Number(e.id)), list.items.slice(0, -1).map((i: { id: number }) => i.id).reverse());
    assert.equal(Number(s.events.at(-1)!.id), newest);
  });

  it('shows the dev SMS phone only to holders of platform.sms_outbox.read', async () => {
    await db.transaction().execute((trx) => notify.enqueue(trx, { channel: 'sms', to: '13500000009', body: '开发短信' }));
    const delivered = () => t.testDb.owner.selectFrom('notify.sms_messages').select('id').where('phone', '=', '13500000009').execute();
    for (let i = 0; i < 200 && (await delivered()).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const window = await login('window');
    const res = await t.inject({ method: 'GET', url: '/api/admin/sms-messages', headers: { cookie: window.cookie } });
    assert.equal(res.statusCode, 403);
    const anon = await t.inject({ method: 'GET', url: '/api/admin/sms-messages' });
    assert.equal(anon.statusCode, 401);
    const admin = await login('sysadmin');
    const ok = await t.inject({ method: 'GET', url: '/api/admin/sms-messages?phone=13500000009', headers: { cookie: admin.cookie } });
    assert.equal(ok.statusCode, 200, ok.body);
    const list = json<{ phone: string; body: string }[]>(ok);
    assert.deepEqual(list.map((m) => [m.phone, m.body]), [['13500000009', '开发短信']]);
    const bad = await t.inject({ method: 'GET', url: '/api/admin/sms-messages?phone=123', headers: { cookie: admin.cookie } });
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).error.field, 'phone');
  });

  it('ends open streams when the server closes, so it drains', async () => {
    const window = await login('window');
    const s = openStream(window.cookie);
    open.push(s);
    await s.ready;
    await until(() => s.comments > 0);
    assert.ok(notify.hub.size >= 1);
    const started = Date.now();
    await t.http.close();
    assert.ok(Date.now() - started < 5_000, 'close did not wait for the stream');
    await until(() => s.ended);
    assert.equal(notify.hub.size, 0);
  });
});
