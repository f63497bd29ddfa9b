/**
 * The demo on first start (`npm start`, DEMO=true, APPROVALS_DEMO_CASES=12 as by default): the
 * pages of every approvals role show something — the window queue, the 耕地保护股 reviewer's
 * inbox (a demo account now exists for it) and its to-dos, the supervisor's red card, the public
 * disclosure, and the demo citizen's 我的办件.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { useJourney } from './journey.ts';

const j = useJourney('demo-data', { env: { APPROVALS_DEMO_CASES: '12' } });

describe('the demo on first start', () => {
  it('every approvals page has cases to show', async () => {
    const n = await j.server.testDb.owner.selectFrom('approvals.cases').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 12);

    const window = await j.staffLogin('window', { width: 1440 });
    await window.getByTestId('todo-approvals.todos.accept').waitFor();
    await window.getByTestId('side-menu').getByText('窗口受理', { exact: true }).click();
    await window.getByTestId('window-queue').locator('tbody tr.ant-table-row').first().waitFor();

    // 耕地保护股 has a demo reviewer, with the half-done parallel review of 用地预审 in its inbox.
    const farmland = await j.staffLogin('farmland', { width: 1440 });
    await farmland.getByTestId('todo-approvals.todos.review').waitFor();
    await farmland.getByTestId('side-menu').getByText('审查待办', { exact: true }).click();
    await farmland.getByTestId('review-inbox').getByText('建设项目用地预审').first().waitFor();

    const supervisor = await j.staffLogin('supervisor', { width: 1440 });
    await supervisor.getByTestId('todo-approvals.todos.red').waitFor();
    await supervisor.getByTestId('side-menu').getByText('电子监察', { exact: true }).click();
    await supervisor.getByText('红牌').first().waitFor();

    const visitor = await j.newPage({ width: 1440 });
    await visitor.goto('/disclosure');
    await visitor.getByText('土地抵押登记').first().waitFor();
    await visitor.getByText('王**').first().waitFor();

    await visitor.goto('/public/login?next=%2Fmy');
    await visitor.getByLabel('手机号').fill('13885200001');
    await visitor.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await visitor.locator('button[type=submit]').click();
    await visitor.waitForURL('**/my');
    await visitor.getByTestId('my-cases').getByText('补正材料').first().waitFor();
    await visitor.getByTestId('my-cases').getByText('领取决定文书').first().waitFor();
  });
});
