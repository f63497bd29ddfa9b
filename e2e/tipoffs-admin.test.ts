/**
 * Browser journey of the tip-off workbench's administration screens on the real server: the
 * security administrator changes a stage limit (a bad value is refused on the field, the good one
 * is saved in the database); the system administrator issues an Open311 key, which files a report
 * on `POST /open311/v2/requests.json`, and revokes it, after which the same call answers the
 * spec's 403 error; the city's intake clerk scans and sees the red warning of a report whose
 * triage the setup made overdue, and opens it in the ledger from the list.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DEMO_OPEN311_KEY } from '../server/src/modules/tipoffs/tipoffs.seed.ts';
import type { RunningServer } from './server.ts';
import { useJourney } from './journey.ts';

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const REPORT = {
  service_code: 'land_illegal_occupation', lat: '27.54', long: '106.83', address_string: '播州区三岔镇',
  description: '有人在耕地上建房，已经砌了围墙。', 'attribute[division_code]': '520304', 'attribute[party]': '某村民',
};
/** antd puts a space between two Chinese characters of a button label. */
const label = (text: string) => new RegExp(`^${[...text].join('\\s?')}$`);

async function open311(server: RunningServer, apiKey: string, description: string) {
  const res = await fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ ...REPORT, api_key: apiKey, description }),
  });
  return { status: res.status, body: await res.json() as unknown };
}

let redReport: { id: number; reportNo: string };

const j = useJourney('tipoffs-admin', {
  // A report filed through Open311 whose triage stage ran out three days ago.
  setup: async (server) => {
    const r = await open311(server, DEMO_OPEN311_KEY, '在基本农田上违法建设厂房，已硬化地面。');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const reportNo = (r.body as { service_request_id: string }[])[0]!.service_request_id;
    const db = server.testDb.owner;
    const { rows } = await sql<{ id: number }>`update tipoffs.reports set stage_started_on = current_date - 10, stage_due_date = current_date - 3
      where report_no = ${reportNo} returning id::int as id`.execute(db);
    await sql`update tipoffs.stages set started_on = current_date - 10, due_date = current_date - 3 where report_id = ${rows[0]!.id} and ended_on is null`.execute(db);
    redReport = { id: rows[0]!.id, reportNo };
  },
});

describe('tip-offs administration', () => {
  it('the security administrator changes a stage limit; a bad value is refused on the field', async () => {
    const page = await j.staffLogin('secadmin');
    await page.goto('/app/tipoffs-settings');
    const verify = page.locator('#stageDays_verify');
    await page.waitForFunction(() => (document.querySelector('#stageDays_verify') as HTMLInputElement | null)?.value === '10');
    await page.locator('#stageDays_triage').fill('0');
    await page.getByTestId('settings-save').click();
    await page.getByText('请输入 1 到 60 之间的数').waitFor();
    await page.locator('#stageDays_triage').fill('1');
    await verify.fill('12');
    await page.getByTestId('settings-save').click();
    await page.getByText('参数已保存').waitFor();
    const { rows } = await sql<{ orgPath: string; verify: number; triage: number; scope: string }>`
      select s.org_path::text as "orgPath", (s.stage_days->>'verify')::int as verify, (s.stage_days->>'triage')::int as triage, p.scope_path::text as scope
      from tipoffs.settings s join identity.users u on u.id = s.updated_by join access.posts p on p.user_id = u.id and p.active
      where u.username = 'secadmin'`.execute(j.server.testDb.owner);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.verify, 12);
    assert.equal(rows[0]!.triage, 1);
    assert.equal(rows[0]!.orgPath, rows[0]!.scope, 'saved for the administrator\'s scope');
  });

  it('the system administrator issues an Open311 key that files a report, and revokes it (403 in the spec format)', async () => {
    const page = await j.staffLogin('sysadmin');
    await page.goto('/app/tipoffs-apikeys');
    await page.getByTestId('apikey-issue').click();
    await page.getByTestId('apikey-name').fill('遵义市民服务 App');
    await page.getByTestId('apikey-create').click();
    const key = (await page.getByTestId('apikey-value').innerText()).trim();
    assert.match(key, /^o311_/);
    await page.getByTestId('apikey-done').click();
    const row = page.locator('.ant-table-row').filter({ hasText: '遵义市民服务 App' });
    await row.getByText('有效').waitFor();

    const ok = await open311(j.server, key, '用新签发的密钥提交一条举报。');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const reportNo = (ok.body as { service_request_id: string }[])[0]!.service_request_id;
    const filed = await sql<{ channel: string; keyName: string }>`select r.channel, k.name as "keyName" from tipoffs.reports r join tipoffs.api_keys k on k.id = r.api_key_id
      where r.report_no = ${reportNo}`.execute(j.server.testDb.owner);
    assert.deepEqual(filed.rows[0], { channel: 'open311', keyName: '遵义市民服务 App' });

    await row.getByRole('button', { name: label('吊销') }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: label('吊销') }).click();
    await row.getByText('已吊销').waitFor();
    const denied = await open311(j.server, key, '密钥吊销以后再提交一条举报。');
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, [{ code: 403, description: 'api_key: invalid or revoked' }]);
  });

  it('the intake clerk scans and sees the red warning of the overdue report, and opens it in the ledger', async () => {
    const page = await j.staffLogin('hotline');
    await page.goto('/app/tipoffs-warnings');
    await page.getByTestId('warnings-scan').click();
    const row = page.locator('.ant-table-row').filter({ hasText: redReport.reportNo });
    await row.getByText('红色预警').waitFor();
    await row.getByText('判定').waitFor();
    const open = await sql<{ level: string; stage: string }>`select level, stage from tipoffs.warnings where report_id = ${redReport.id} and cleared_at is null`
      .execute(j.server.testDb.owner);
    assert.ok(open.rows.some((w) => w.level === 'red' && w.stage === 'triage'), JSON.stringify(open.rows));
    await row.getByRole('link', { name: redReport.reportNo }).click();
    await page.waitForURL(`**/app/tipoffs?id=${redReport.id}`);
    await page.getByTestId('report-detail').filter({ hasText: redReport.reportNo }).waitFor();
  });

  it('an Open311 report with an address that names no place is in the ledger as 发生地待定, without a map', async () => {
    const { lat: _lat, long: _long, 'attribute[division_code]': _d, ...addressOnly } = REPORT;
    const res = await fetch(`${j.server.url}/open311/v2/requests.json`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...addressOnly, api_key: DEMO_OPEN311_KEY, address_string: '村口公路旁的大棚后面', description: '只知道地址的举报。' }),
    });
    assert.equal(res.status, 200);
    const reportNo = ((await res.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const page = await j.staffLogin('hotline');
    await page.goto('/app/tipoffs');
    const row = page.locator('.ant-table-row').filter({ hasText: reportNo });
    await row.getByText('发生地待定').waitFor();
    await row.getByRole('link', { name: reportNo }).click();
    const detail = page.getByTestId('report-detail').filter({ hasText: reportNo });
    await detail.getByTestId('place-pending').waitFor();
    await detail.getByText('未提供坐标').waitFor();
    await detail.getByText('请在转办/交办时选择承办县区', { exact: false }).waitFor();
    assert.equal(await detail.locator('.ol-viewport').count(), 0);
    if (process.env.H21B_SHOTS) {
      await page.screenshot({ path: '/tmp/h21b-ledger-1440.png', fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: '/tmp/h21b-ledger-390.png', fullPage: true });
    }
  });
});
