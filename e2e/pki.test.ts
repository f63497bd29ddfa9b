/**
 * 数字证书登录 in Chromium on the real server: the township clerk's certificate (the demo PKCS#12
 * download) is given to the browser (playwright `clientCertificates`); on the HTTPS listener
 * (TLS_PORT) the clerk presses 使用数字证书登录 — no password — and lands on the workbench, where
 * 我的数字证书 shows the certificate as valid and the visit as made with a certificate.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { USERS_TIME_ZONE, useJourney } from './journey.ts';

const j = useJourney('pki', { env: { TLS_PORT: '0' } });

async function tlsUrl(): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const m = /certificate login \(HTTPS, client certificates\) on (https:\/\/[^\s]+)/.exec(j.server.output());
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no HTTPS listener:\n${j.server.output()}`);
}

describe('certificate login (数字证书登录)', () => {
  it('the township clerk logs in with a certificate alone and lands on the workbench', async () => {
    // The clerk's certificate: the demo PKCS#12 (key made by the server), fetched once with the password.
    const login = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'township', password: DEMO_PASSWORD }) });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
    const p12 = await fetch(`${j.server.url}/api/pki/me/demo-p12`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: j.server.url }, body: JSON.stringify({ password: 'Demo#p12pw' }),
    });
    assert.equal(p12.status, 200, await p12.clone().text());
    const pfx = Buffer.from(await p12.arrayBuffer());

    const origin = await tlsUrl();
    const context = await j.browser.newContext({
      baseURL: origin, locale: 'zh-CN', timezoneId: USERS_TIME_ZONE, viewport: { width: 1366, height: 900 },
      ignoreHTTPSErrors: true, // the listener's certificate comes from the platform CA, which this browser does not know
      clientCertificates: [{ origin, pfx, passphrase: 'Demo#p12pw' }],
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto('/login');
    await page.getByTestId('login-certificate').click();
    await page.waitForURL('**/app');
    await j.audit(page);

    await page.getByRole('menuitem', { name: '我的数字证书' }).click();
    // The page's heading (visually hidden under the breadcrumb): one element, not the menu item's text too.
    await page.getByTestId('page-heading').filter({ hasText: '我的数字证书' }).waitFor({ state: 'attached' });
    await page.getByText('本次访问已出示证书').waitFor();
    await page.getByRole('cell', { name: /有效/ }).first().waitFor();
    await page.getByTestId('pki-login-mode').filter({ hasText: '口令或数字证书' }).waitFor();
    await j.audit(page);
    await context.close();
  });
});
