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

  it('the register (with a site\'s roster and cards) and the monitoring page read on a desktop and a phone', async () => {
    for (const width of [1440, 390]) {
      const page = await j.staffLogin('hazard_office', { width });
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
});
