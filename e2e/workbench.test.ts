/**
 * Browser journeys on the real server (own process, own database) with the system Chromium:
 * a window clerk logs in, sees the workbench, gets a notification pushed by server-sent
 * events, switches to English (kept after a reload) and logs out; a system administrator logs
 * in with a TOTP code and opens the user list; a new security administrator replaces the
 * initial password and enrols TOTP.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { sql } from 'kysely';
import { DEMO_TOTP_SECRETS } from '../server/src/platform/identity/identity.seed.ts';
import { hashPassword } from '../server/src/platform/identity/passwords.ts';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { fillLogin as logIn, RESULTS as results, useJourney } from './journey.ts';

const j = useJourney('workbench');
const newPage = () => j.newPage({ height: 800 });

describe('workbench', () => {
  it('a window clerk logs in, sees the workbench and a pushed notification, switches to English, reloads and logs out', async () => {
    const page = await newPage();
    const languages: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/auth/me') languages.push(r.headers()['accept-language'] ?? '');
    });

    // The public portal works without login and leads to the staff login.
    await page.goto('/');
    await page.getByRole('heading', { name: '阳光国土 · 自然资源政务服务' }).waitFor();
    await page.getByRole('link', { name: '工作人员登录' }).click();
    await page.waitForURL('**/login');
    await page.getByText('工作人员登录').first().waitFor();

    // A wrong password is refused with a clear message; the right one opens the workbench.
    await page.getByLabel('用户名').fill('window');
    await page.getByLabel('密码').fill('wrong-password');
    await page.locator('button[type=submit]').click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/app');

    const menu = page.getByTestId('side-menu');
    await menu.getByText('工作台').waitFor();
    assert.equal(await page.getByTestId('product-name').textContent(), '阳光国土');
    assert.equal(await page.getByTestId('user-menu').textContent(), '窗口 王芳');
    assert.equal(await page.getByTestId('welcome').textContent(), '窗口 王芳，您好');
    assert.equal(await page.getByTestId('active-post').textContent(), '政务服务大厅窗口 · 窗口受理人员');
    // The menu holds only what the post may open; other pages answer 403.
    assert.equal(await menu.getByText('用户与岗位').count(), 0);
    assert.equal(await menu.getByText('审计日志').count(), 0);
    await page.goto('/app/users');
    await page.getByText('您当前岗位没有访问此页面的权限').waitFor();
    await page.getByRole('button', { name: '返回工作台' }).click();
    await page.waitForURL('**/app');

    // A notification written to the outbox reaches the open page by server-sent events.
    const bell = page.getByTestId('notification-bell');
    assert.equal(await bell.locator('.ant-badge-count').count(), 0);
    await sql`insert into notify.outbox (channel, recipient, subject, body)
      select 'inapp', id::text, '新的受理任务', '申请 BZ-2026-0001 待受理' from identity.users where username = 'window'`.execute(j.server.testDb.owner);
    await page.locator('.ant-notification-notice').filter({ hasText: '新的受理任务' }).waitFor();
    assert.equal(await bell.locator('.ant-badge-count').textContent(), '1');
    await bell.click();
    await page.locator('.ant-popover').getByText('申请 BZ-2026-0001 待受理').waitFor();
    await page.getByRole('button', { name: '标为已读' }).click();
    await bell.locator('.ant-badge-count').waitFor({ state: 'detached' });
    await bell.click();

    // Switch to English: menu, header and antd's own texts follow.
    await page.getByText('English', { exact: true }).click();
    await menu.getByText('Workbench').waitFor();
    assert.equal(await page.getByTestId('product-name').textContent(), 'Sunland');
    assert.equal(await page.getByTestId('welcome').textContent(), 'Hello, 窗口 王芳');
    assert.equal(await page.getByTestId('active-post').textContent(), 'Service Hall Window · Window clerk');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-US');

    // The choice survives a reload and goes to the server as Accept-Language.
    languages.length = 0;
    await page.reload();
    await menu.getByText('Workbench').waitFor();
    assert.equal(await page.getByTestId('welcome').textContent(), 'Hello, 窗口 王芳');
    assert.deepEqual(languages, ['en-US']);

    fs.mkdirSync(results, { recursive: true });
    await page.screenshot({ path: path.join(results, 'workbench.png'), fullPage: true });

    // Log out: back at the login page, and the workbench asks for a login again.
    await page.getByTestId('user-menu').click();
    await page.getByText('Log out').click();
    await page.waitForURL('**/login');
    await page.getByText('Staff login').first().waitFor();
    await page.goto('/app');
    await page.waitForURL('**/login?next=%2Fapp');
    await page.context().close();
  });

  it('a system administrator logs in with a TOTP code and opens the user list', async () => {
    const page = await newPage();
    await page.goto('/login');
    await logIn(page, 'sysadmin');
    await page.getByRole('heading', { name: '动态口令验证' }).waitFor();

    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(DEMO_TOTP_SECRETS.sysadmin!), digits: 6, period: 30 });
    const code = totp.generate();
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    await page.getByLabel('动态口令').fill(wrong);
    await page.locator('button[type=submit]').click();
    await page.getByText('动态口令错误或已过期').waitFor();
    await page.getByLabel('动态口令').fill(code);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/app');

    const menu = page.getByTestId('side-menu');
    await menu.getByText('用户与岗位').click();
    await page.waitForURL('**/app/users');
    // More demo accounts than one page: the administrator finds the clerk by searching.
    await page.getByRole('searchbox').fill('window');
    await page.getByRole('searchbox').press('Enter');
    await page.getByRole('cell', { name: 'window', exact: true }).waitFor();
    await page.getByRole('cell', { name: '窗口 王芳' }).waitFor();
    // The security admin's and the audit admin's pages are not the system admin's.
    assert.equal(await menu.getByText('角色与权限').count(), 0);
    assert.equal(await menu.getByText('审计日志').count(), 0);
    await page.screenshot({ path: path.join(results, 'users.png'), fullPage: true });
    await page.context().close();
  });

  it('a new security administrator replaces the initial password and enrols TOTP before the workbench opens', async () => {
    // Arranged as a system administrator would leave it: initial password, admin post, no TOTP yet.
    const db = j.server.testDb.owner;
    const unit = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520000-B').executeTakeFirstOrThrow();
    const role = await db.selectFrom('access.roles').select('id').where('code', '=', 'sec_admin').executeTakeFirstOrThrow();
    const initial = 'Initial#2026x';
    const passwordHash = await hashPassword(initial);
    const user = await db.insertInto('identity.users').values({
      username: 'newsec', displayName: '新安全员 周婷', kind: 'staff', orgUnitId: unit.id, orgPath: unit.path,
      phone: null, email: null, passwordHash, mustChangePassword: true,
      totpSecret: null, totpEnabled: false, totpLastStep: null, lockedUntil: null,
      publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('identity.password_history').values({ userId: user.id, passwordHash }).execute();
    await db.insertInto('access.posts').values({ userId: user.id, orgUnitId: unit.id, roleId: role.id, scopePath: unit.path, createdBy: null }).execute();

    const page = await newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('newsec');
    await page.getByLabel('密码').fill(initial);
    await page.locator('button[type=submit]').click();
    await page.getByRole('heading', { name: '请修改初始密码' }).waitFor();
    // A weak password is refused by the server on the field it names.
    await page.getByLabel('新密码', { exact: true }).fill('aaaaaaaa');
    await page.getByLabel('确认新密码').fill('aaaaaaaa');
    await page.locator('button[type=submit]').click();
    await page.getByText('密码强度不足').waitFor();
    await page.getByLabel('新密码', { exact: true }).fill('Better#2026y');
    await page.getByLabel('确认新密码').fill('Better#2026y');
    await page.locator('button[type=submit]').click();

    // Logged in with the new password; an administrator must enrol TOTP first.
    await page.waitForURL('**/totp-setup');
    const secret = (await page.getByTestId('totp-secret').locator('code').textContent() ?? '').replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
    await page.getByLabel('应用中显示的 6 位动态口令').fill(code);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/app');
    await page.getByTestId('side-menu').getByText('角色与权限').waitFor();
    assert.equal(await page.getByTestId('user-menu').textContent(), '新安全员 周婷');
    const row = await db.selectFrom('identity.users').select(['totpEnabled', 'mustChangePassword']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { totpEnabled: true, mustChangePassword: false });
    await page.context().close();
  });
});
