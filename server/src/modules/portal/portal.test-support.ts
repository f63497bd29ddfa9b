/** Shared steps of the portal's tests (not a test file itself). */
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import type { TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';

/** A real PNG of n×n pixels (noise, so it does not compress away). */
export function png(n = 4, seed = 1): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(n, 0);
  ihdr.writeUInt32BE(n, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  let x = seed;
  const rows = Buffer.concat(Array.from({ length: n }, () => {
    const row = Buffer.alloc(1 + n * 4);
    for (let i = 1; i < row.length; i++) { x = (x * 1103515245 + 12345) >>> 0; row[i] = x >>> 24; }
    return row;
  }));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

export async function upload(t: TestApp, cookie: string, name: string, bytes: Buffer, mime: string) {
  const boundary = '----portalmedia';
  const res = await t.inject({
    method: 'POST', url: '/api/portal/media', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

export async function columnId(t: TestApp, siteCode: string, slug: string): Promise<number> {
  const c = await t.testDb.owner.selectFrom('portal.columns as c').innerJoin('portal.sites as s', 's.id', 'c.siteId').select('c.id')
    .where('s.code', '=', siteCode).where('c.slug', '=', slug).executeTakeFirstOrThrow();
  return c.id;
}

export function article(columnId: number, over: Record<string, unknown> = {}) {
  return { columnId, title: '播州区召开自然资源执法工作会议', summary: '会议部署了年度执法工作', keywords: ['执法'], source: '播州区自然资源局办公室', author: '林晓', bodyHtml: '<p>会议强调，要坚持“早发现、早制止、严查处”。</p>', ...over };
}

/** Writes, submits and approves an article on the 播州区 site; returns its id. */
export async function publishedArticle(t: TestApp, over: Record<string, unknown> = {}, slug = 'news'): Promise<number> {
  const editor = await loginAs(t, 'web_editor');
  const made = await call(t, editor, 'POST', '/api/portal/articles', article(await columnId(t, '520304', slug), over));
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal((await call(t, editor, 'POST', `/api/portal/articles/${made.body.id}/submit`)).status, 200);
  const reviewed = await call(t, await loginAs(t, 'web_reviewer'), 'POST', `/api/portal/articles/${made.body.id}/review`, { decision: 'approve', opinion: '同意发布' });
  assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
  return made.body.id;
}
