/**
 * The offline field app (外业核查) on a phone-sized Chromium with GPS: the inspector downloads the
 * assignments, the network goes off, two photos are taken and the form filled and signed, the
 * page is closed and opened again (still offline: the service worker serves it, IndexedDB keeps
 * the record), the network returns → one sync → the record and its photos are on the server
 * exactly once. A record the server refuses shows why, in the screen's language.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { makePng, sha256 } from '../server/src/platform/field/field.fixtures.ts';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('field');

/** Signs on the signature pad with a zigzag. */
async function sign(page: Page): Promise<void> {
  const pad = await page.getByTestId('signature').boundingBox();
  assert.ok(pad);
  await page.mouse.move(pad.x + 20, pad.y + 30);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + 20 + i * 25, pad.y + 30 + (i % 2) * 25);
  await page.mouse.up();
}
const INSIDE_BZ01 = { longitude: 106.8421, latitude: 27.5361, accuracy: 6 };

describe('field verification app (外业核查)', () => {
  it('download → offline → two photos, form, signature → close, reopen offline → online → synced once', async () => {
    const login = await j.staffLogin('inspector', { width: 390 });
    const context = login.context();
    await context.grantPermissions(['geolocation'], { origin: j.server.url });
    await context.setGeolocation(INSIDE_BZ01);

    const page = login;
    await page.goto('/field');
    await page.getByRole('heading', { name: '外业核查', level: 1 }).waitFor();
    // The service worker has taken the page (clients.claim) and cached the shell.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await page.getByRole('button', { name: '下载核查任务' }).click();
    await page.getByRole('button', { name: /BZ-01/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: /示范核查点/ }).count(), 3, 'the three sites of 播州区, not 汇川区’s');

    await context.setOffline(true);
    await page.getByTestId('network').filter({ hasText: '离线' }).waitFor();
    await page.getByRole('button', { name: /BZ-01/ }).click();
    await page.getByTestId('distance').filter({ hasText: '位于核查对象范围内' }).waitFor();
    await page.getByTestId('photo-input').setInputFiles([
      { name: 'a.png', mimeType: 'image/png', buffer: makePng(101, 64, 48) },
      { name: 'b.png', mimeType: 'image/png', buffer: makePng(102, 64, 48) },
    ]);
    await page.getByRole('img', { name: /现场照片 2/ }).waitFor();
    await page.getByLabel('现场情况').selectOption('building');
    await page.getByLabel('建设主体').fill('遵义某建材公司');
    await page.getByLabel('开工时间').fill('2026-10-01');
    await page.getByRole('radio', { name: '是' }).check();
    await page.getByLabel('核查说明').fill('已建成钢结构厂房一栋');
    await sign(page);
    await j.audit(page);
    await page.getByRole('button', { name: '保存并排队同步' }).click();
    await page.getByTestId('record-state').filter({ hasText: '待同步' }).waitFor();
    await page.close();

    // Reopened with no network at all: the shell from the service worker, the data from IndexedDB.
    const again = await context.newPage();
    await again.goto(`${j.server.url}/field`);
    await again.getByTestId('network').filter({ hasText: '离线' }).waitFor();
    await again.getByTestId('record-state').filter({ hasText: '待同步' }).waitFor();
    await again.getByRole('button', { name: /BZ-01/ }).waitFor();
    assert.ok(await again.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the service worker');
    await j.audit(again);
    const owner = j.server.testDb.owner;
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from field.records`.execute(owner)).rows[0]!.n);
    assert.equal(await count(), 0, 'nothing reached the server while offline');

    await context.setOffline(false);
    await again.getByTestId('record-state').filter({ hasText: '已同步' }).waitFor({ timeout: 30_000 });
    // Another pass (the button, the timer) sends nothing twice.
    await again.reload();
    await again.getByTestId('record-state').filter({ hasText: '已同步' }).waitFor();

    const rows = await owner.selectFrom('field.records').selectAll().execute();
    assert.equal(rows.length, 1);
    const rec = rows[0]!;
    assert.equal(rec.formValues.builder, '遵义某建材公司');
    assert.equal(rec.formValues.croplandOccupied, true);
    assert.equal(rec.distanceM, 0);
    assert.equal(rec.photos.length, 2);
    assert.deepEqual(rec.photos.map((p) => [p.lon, p.lat, p.far]), [[INSIDE_BZ01.longitude, INSIDE_BZ01.latitude, false], [INSIDE_BZ01.longitude, INSIDE_BZ01.latitude, false]]);
    for (const p of rec.photos) {
      const stored = await owner.selectFrom('files.uploads').select('detectedMime').where('sha256', '=', p.sha256).execute();
      assert.deepEqual(stored, [{ detectedMime: 'image/jpeg' }], 'each stamped photo stored once, as JPEG');
      assert.notEqual(p.sha256, sha256(makePng(101, 64, 48)), 'the stamped picture, not the raw one');
      // The app wrote the stamped facts into the JPEG's EXIF; the server read them back on upload.
      const exif = await owner.selectFrom('field.uploads').select(['exifLon', 'exifLat', 'exifTakenAt']).where('sha256', '=', p.sha256).executeTakeFirstOrThrow();
      assert.deepEqual([exif.exifLon, exif.exifLat], [INSIDE_BZ01.longitude, INSIDE_BZ01.latitude]);
      assert.ok(exif.exifTakenAt && Math.abs(exif.exifTakenAt.getTime() - Date.parse(p.takenAt)) < 1000, 'EXIF time = the stamped time');
    }
    assert.ok(rec.signatureSha256);
    assert.equal((await owner.selectFrom('field.uploads').select('id').where('status', '=', 'complete').execute()).length, 3, 'two photos and the signature');
    const audited = await sql<{ n: string }>`select count(*) as n from audit.entries where action = 'field.record.accepted'`.execute(owner);
    assert.equal(Number(audited.rows[0]!.n), 1);
  });

  it('a record the server refuses says why, on a Chinese screen in Chinese, with the field\'s label', async () => {
    const page = await j.staffLogin('inspector', { width: 390 });
    await page.context().grantPermissions(['geolocation'], { origin: j.server.url });
    await page.context().setGeolocation(INSIDE_BZ01);
    await page.goto('/field');
    await page.getByRole('button', { name: '下载核查任务' }).click();
    await page.getByRole('button', { name: /BZ-02/ }).click();
    await page.getByTestId('photo-input').setInputFiles([{ name: 'c.png', mimeType: 'image/png', buffer: makePng(103, 64, 48) }]);
    await page.getByRole('img', { name: /现场照片 1/ }).waitFor();
    await page.getByLabel('现场情况').selectOption('building');
    await page.getByLabel('建设主体').fill('遵义某建材公司');
    // A start after the day of the check: the app lets it through, the server refuses it.
    await page.getByLabel('开工时间').fill('2099-01-01');
    await page.getByRole('radio', { name: '是' }).check();
    await page.getByLabel('核查说明').fill('在建厂房一处');
    await sign(page);
    await page.getByRole('button', { name: '保存并排队同步' }).click();
    await page.getByText('开工时间：不能晚于核查当天').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(RESULTS, 'field-refused-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(RESULTS, 'field-refused-1440.png'), fullPage: true });
    await j.audit(page);
  });
});
