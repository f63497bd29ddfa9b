/**
 * 地质灾害气象风险预警 in the browser, on the real server: the hazard office drafts a 三级 warning
 * → the weather bureau's account co-signs it → the hazard office publishes it → the portal shows
 * it, the CAP feed carries it, and the acknowledgement board shows an acknowledgement arriving
 * when a monitor opens the link of the SMS.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('hazards', { env: { MQTT_PORT: '0' } });

describe('geological hazard warnings (地质灾害气象风险预警)', () => {
  it('drafted → co-signed by the weather bureau → published → on the portal and in the CAP feed → the board shows acknowledgements arriving', async () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    const office = await j.staffLogin('hazard_office', { width: 1440 });
    await office.goto('/app/hazard-warnings');
    await office.getByRole('heading', { level: 1, name: '地质灾害气象风险预警' }).waitFor();
    await office.getByTestId('warning-new').click();
    await office.getByTestId('warning-headline').fill('播州区三岔镇地质灾害气象风险黄色预警');
    await office.getByTestId('warning-advice').fill('受威胁群众注意防范，监测员加密巡查，发现险情立即撤离。');
    await j.audit(office);
    await office.getByRole('button', { name: '提交草稿' }).click();
    await office.getByText('草稿已保存，待气象部门会签').waitFor();
    assert.equal(await office.getByTestId('warning-publish').count(), 0, 'nothing to publish before the co-signature');

    const weather = await j.staffLogin('weather', { width: 1440 });
    await weather.goto('/app/hazard-cosign');
    await weather.getByTestId('warning-cosign').click();
    await weather.getByText('已会签').first().waitFor();

    await office.reload();
    await office.getByTestId('warning-publish').click();
    await office.getByText(/已签发，已通知 9 人/).waitFor();
    await office.getByTestId('warning-board-open').click();
    const board = office.getByTestId('warning-board');
    await board.waitFor();
    assert.equal(await office.getByTestId('board-acked').textContent(), '0');
    await office.screenshot({ path: path.join(RESULTS, 'hazards-board-before.png'), fullPage: true });

    // A monitor opens the link of the SMS (the token is in the outbox text) on a phone.
    const w = await j.server.testDb.owner.selectFrom('hazards.warnings').select(['id', 'warningNo']).executeTakeFirstOrThrow();
    const text = await j.server.testDb.owner.selectFrom('notify.outbox').select('body').where('recipient', '=', '13985203101').where('body', 'like', '%气象风险预警%').executeTakeFirstOrThrow();
    const link = /\/h\/ack\/[A-Za-z0-9_-]+/.exec(text.body)![0];
    const phone = await j.newPage({ width: 390 });
    await phone.goto(link);
    await phone.getByTestId('ack-result').getByText(/已签收：三岔镇新街村大湾组滑坡/).waitFor();
    await phone.screenshot({ path: path.join(RESULTS, 'hazards-ack-390.png'), fullPage: true });

    // The open board refreshes itself: the acknowledgement arrives without a reload.
    await office.getByTestId('board-acked').getByText('1').waitFor({ timeout: 10_000 });
    await office.screenshot({ path: path.join(RESULTS, 'hazards-board-after.png'), fullPage: true });

    for (const width of [1440, 390]) {
      const portal = await j.newPage({ width });
      await portal.goto('/hazard-warnings');
      await portal.getByTestId(`public-warning-${w.warningNo}`).getByText('播州区三岔镇地质灾害气象风险黄色预警').waitFor();
      await portal.screenshot({ path: path.join(RESULTS, `hazards-portal-${width}.png`), fullPage: true });
    }
    const feed = await fetch(`${j.server.url}/cap/feed.atom`);
    const atom = await feed.text();
    assert.ok(atom.includes(`/cap/warnings/${w.warningNo}.xml`), 'the CAP feed carries it');
    const cap = await (await fetch(`${j.server.url}/cap/warnings/${w.warningNo}.xml`)).text();
    assert.match(cap, /<status>Actual<\/status>[\s\S]*<severity>Moderate<\/severity>/);
  });

  it('the register (with a site\'s roster and cards), the monitoring page and the 三查 page read on a desktop and a phone', async () => {
    // Two 三查 tasks: a 汛前排查 recorded in the field app, a 汛中检查 past its deadline.
    const db = j.server.testDb.owner;
    const sites = await db.selectFrom('hazards.sites').select(['id', 'siteNo', 'orgPath']).orderBy('siteNo').execute();
    const hp01 = sites.find((x) => x.siteNo === '520304102-HP01')!;
    const office = await db.selectFrom('identity.users').select(['id', 'displayName']).where('username', '=', 'hazard_office').executeTakeFirstOrThrow();
    const result = {
      recordId: '6f1c2b1e-4d53-4a8e-9a57-0c2f5e9e1a01', values: { deformation: 'new_cracks', stability: 'unstable', householdsNow: 12, monitorOnDuty: true, cardsInPlace: true, suggestion: 'evacuate', note: '后缘新增拉张裂缝两条，宽约2厘米' },
      position: { lon: 106.7812, lat: 27.5121, accuracyM: 6 }, distanceM: 0, photos: [{ sha256: 'a'.repeat(64), takenAt: '2026-05-10T02:10:00Z', distanceM: 12, far: false }], signatureSha256: 'b'.repeat(64),
      inspector: { userId: office.id, displayName: office.displayName },
    };
    await db.insertInto('hazards.inspections').values([
      { siteId: hp01.id, orgPath: hp01.orgPath, round: 'pre_flood', year: 2026, dueOn: '2026-05-15', status: 'done', recordId: result.recordId, result: JSON.stringify(result), recordedAt: new Date('2026-05-10T02:12:00Z'), doneAt: new Date(), doneBy: office.id, createdBy: office.id },
      ...sites.map((x) => ({ siteId: x.id, orgPath: x.orgPath, round: 'in_flood' as const, year: 2026, dueOn: '2026-07-01', createdBy: office.id })),
    ]).execute();
    for (const width of [1440, 390]) {
      const page = await j.staffLogin('hazard_office', { width });
      await page.goto('/app/hazard-inspections?status=done');
      await page.getByRole('heading', { level: 1, name: '隐患点巡查排查（三查）' }).waitFor();
      await page.getByRole('link', { name: '查看记录（520304102-HP01）' }).click();
      await page.getByTestId('inspection-record').getByText('新增裂缝').waitFor();
      // Slid in. An animation the drawer cancels (a re-render restarts it) rejects `finished` with AbortError: that is not a failure.
      await page.locator('.ant-drawer-content-wrapper').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished.catch(() => undefined))));
      await page.screenshot({ path: path.join(RESULTS, `hazards-inspections-${width}.png`), fullPage: true });
      await page.goto('/app/hazard-inspections?round=in_flood');
      await page.getByText('已超期').first().waitFor();
      await page.goto('/app/hazard-sites');
      await page.getByTestId('site-520304102-HP01').click();
      await page.getByText('群测群防人员').waitFor();
      await page.getByText('王德明').waitFor();
      await page.screenshot({ path: path.join(RESULTS, `hazards-site-${width}.png`), fullPage: true });
      await page.goto('/app/hazard-monitoring');
      await page.getByText('大湾组雨量站 (BZ-RG-001)').waitFor();
      await page.locator('svg[role=img]').waitFor();
      await page.screenshot({ path: path.join(RESULTS, `hazards-monitoring-${width}.png`), fullPage: true });
    }
  });

  it('a site and a device are registered on their forms (the secret shown once), and a 险情 is recorded and reported up on the 速报 page', async () => {
    const page = await j.staffLogin('hazard_office', { width: 1440 });
    await page.goto('/app/hazard-sites');
    await page.getByRole('button', { name: '登记隐患点' }).click();
    const dialog = page.getByRole('dialog', { name: '登记地质灾害隐患点' });
    await dialog.getByLabel('编号').fill('520304102-HP09');
    await dialog.getByLabel('名称').fill('三岔镇新街村后山滑坡');
    await dialog.getByLabel('类型').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="滑坡"]').click();
    await dialog.getByLabel('所在乡镇').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="三岔镇"]').click();
    await dialog.getByLabel('位置', { exact: true }).fill('新街村后山组');
    await dialog.getByLabel('经度（CGCS2000）').fill('106.79');
    await dialog.getByLabel('纬度（CGCS2000）').fill('27.52');
    await dialog.getByLabel('威胁户数').fill('5');
    await dialog.getByLabel('威胁人数').fill('19');
    await j.audit(page);
    await page.screenshot({ path: path.join(RESULTS, 'hazards-register-1440.png'), fullPage: true });
    await dialog.getByRole('button', { name: /^提\s?交$/ }).click();
    await page.getByText('隐患点已登记，已加入地图图层。').waitFor();
    await page.getByTestId('site-520304102-HP09').waitFor();

    await page.goto('/app/hazard-monitoring');
    await page.getByRole('button', { name: '登记监测设备' }).click();
    const dev = page.getByRole('dialog', { name: '登记监测设备' });
    await dev.getByLabel('隐患点').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '520304102-HP09' }).click();
    await dev.getByLabel('设备编号').fill('BZ-RG-009');
    await dev.getByLabel('设备名称').fill('后山雨量站');
    await dev.getByLabel('数据流', { exact: true }).fill('降雨量');
    await dev.getByLabel('黄色阈值').fill('20');
    await dev.getByRole('button', { name: /^提\s?交$/ }).click();
    const secret = (await dev.getByTestId('device-secret').textContent())?.trim() ?? '';
    assert.match(secret, /^[A-Za-z0-9_-]{20,}$/);
    await j.audit(page);
    await page.screenshot({ path: path.join(RESULTS, 'hazards-device-secret-1440.png'), fullPage: true });
    await dev.getByRole('button', { name: '我已保存密钥' }).click();
    // The secret works for the device, and is nowhere to be read again.
    const ingest = await fetch(`${j.server.url}/api/hazards/ingest/BZ-RG-009`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`BZ-RG-009:${secret}`).toString('base64')}` },
      body: JSON.stringify({ datastream: 'rain', phenomenonTime: new Date().toISOString(), result: 3 }),
    });
    assert.equal(ingest.status, 201, await ingest.text());
    await dev.waitFor({ state: 'hidden' });
    await page.getByText('后山雨量站 (BZ-RG-009)').waitFor();
    assert.equal(await page.getByText(secret).count(), 0);

    for (const width of [1440, 390]) {
      const ev = width === 1440 ? page : await j.staffLogin('hazard_office', { width });
      await ev.goto('/app/hazard-events');
      await ev.getByRole('heading', { level: 1, name: '灾情/险情速报' }).waitFor();
      if (width === 1440) {
        await ev.getByRole('button', { name: '填报速报' }).click();
        const f = ev.getByRole('dialog', { name: '填报速报' });
        await f.getByText('险情', { exact: true }).click();
        await f.getByLabel('所在乡镇').click();
        await ev.locator('.ant-select-dropdown:visible .ant-select-item-option[title="三岔镇"]').click();
        await f.getByLabel('发生地点').fill('新街村后山组');
        // An hour ago in the browser's own time zone (datetime-local has none).
        const anHourAgo = await ev.evaluate(() => { const d = new Date(Date.now() - 3600_000); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); });
        await f.getByLabel('发生时间').fill(anHourAgo);
        await f.getByLabel('受威胁人数').fill('120');
        await f.getByLabel('基本情况').fill('后山出现多条拉张裂缝，威胁下方居民');
        await f.getByRole('button', { name: /^提\s?交$/ }).click();
        await ev.getByText(/已登记 SB\d{8}-[0-9A-F]{6}，定为中型/).waitFor();
        await ev.getByRole('button', { name: '县政府' }).click();
        await ev.getByRole('cell', { name: /县政府 \d\d:\d\d/ }).waitFor();
      }
      await ev.getByText('待核实').first().waitFor();
      await ev.screenshot({ path: path.join(RESULTS, `hazards-events-${width}.png`), fullPage: true });
    }
  });
});
