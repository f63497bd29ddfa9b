/**
 * 门户网站 in the browser, on the real server: the 播州区 web editor writes an article with an image
 * in the rich-text editor and sends it for review → the reviewer approves it (published) and pushes
 * it to the city site's 区县动态 → the public pages (server-rendered, no script) show it on the
 * county site with its image, on the city site with its source, and search finds it; axe audits
 * every page on the way.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { useJourney } from './journey.ts';

const j = useJourney('portal');

/** A small real PNG (a green square). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(16, 0);
  ihdr.writeUInt32BE(16, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: 16 }, () => Buffer.from([0, ...Array.from({ length: 16 }, () => [29, 94, 58]).flat()])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const TITLE = '播州区完成高标准农田建设验收';

describe('portal (门户网站、网站群)', () => {
  it('editor writes with an image → reviewer approves and pushes → on the county and city sites, found by search', async () => {
    const editor = await j.staffLogin('web_editor', { width: 1440 });
    await editor.getByRole('menuitem', { name: '网站稿件' }).click();
    await editor.getByRole('button', { name: '写稿' }).click();
    const drawer = editor.getByRole('dialog');
    await drawer.getByLabel('标题', { exact: true }).fill(TITLE);
    await drawer.getByTestId('article-body').click();
    await editor.keyboard.type('12月3日，播州区高标准农田建设项目通过验收。');
    const chooser = editor.waitForEvent('filechooser');
    await drawer.getByRole('button', { name: '插入图片' }).click();
    await (await chooser).setFiles({ name: '验收现场.png', mimeType: 'image/png', buffer: png() });
    await drawer.locator('.ql-editor img').waitFor();
    await drawer.getByLabel('摘要', { exact: true }).fill('播州区高标准农田建设项目通过验收');
    await j.audit(editor);
    await drawer.getByRole('button', { name: '保存并送审' }).click();
    await editor.getByText('已送审').first().waitFor();

    const reviewer = await j.staffLogin('web_reviewer', { width: 1440 });
    await reviewer.getByRole('menuitem', { name: '稿件审核' }).click();
    await reviewer.getByRole('button', { name: TITLE }).click();
    // The reviewer sees the image before publishing it.
    assert.equal(await reviewer.locator('.article-preview img').evaluate((el: HTMLImageElement) => new Promise((ok) => (el.complete ? ok(el.naturalWidth) : el.addEventListener('load', () => ok(el.naturalWidth))))), 16);
    await reviewer.getByRole('button', { name: /^审核通过$/ }).click();
    await reviewer.getByText('已发布').first().waitFor();
    await reviewer.getByLabel('报送至（上级网站栏目）').click();
    await reviewer.locator('.ant-select-dropdown:visible').getByTitle('遵义市自然资源局 · 区县动态').click();
    await reviewer.getByRole('button', { name: /^报\s?送$/ }).click();
    await reviewer.getByText('已报送').first().waitFor();
    // 网站设置: a wrong 网站标识码 is refused with the field marked; the right one shows in the public footer.
    await reviewer.goto('/app/portal-sites');
    await reviewer.getByLabel('网站标识码').fill('123');
    await reviewer.getByTestId('site-save').click();
    await reviewer.locator('.ant-form-item-explain-error', { hasText: '网站标识码为 10 位数字' }).waitFor();
    await reviewer.getByLabel('网站标识码').fill('5203040099');
    await reviewer.getByTestId('site-save').click();
    await reviewer.getByText('已保存').first().waitFor();
    await j.audit(reviewer);

    // The yearly 政府网站工作年度报表 as a PDF from the health page.
    await reviewer.goto('/app/portal-health');
    const [download] = await Promise.all([reviewer.waitForEvent('download'), reviewer.getByTestId('yearly-pdf').click()]);
    const pdf = await download.createReadStream().then(async (s) => { const c: Buffer[] = []; for await (const x of s) c.push(x as Buffer); return Buffer.concat(c); });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    await reviewer.getByText(/已生成，文号 .*网报〔\d{4}〕\d+号/).waitFor();
    await j.audit(reviewer);

    // At desktop width the main navigation lines up with the centred header and content.
    const wide = await j.newPage({ width: 1440 });
    await wide.goto('/');
    const left = async (sel: string) => (await wide.locator(sel).first().boundingBox())!.x;
    const [navText, logo] = [await left('.mainnav li:first-child a'), await left('.brand .logo')];
    assert.ok(logo > 100, `the header is centred (logo at ${logo})`);
    // The first link's text (after its 16 px padding) starts where the logo does.
    assert.ok(Math.abs(navText + 16 - logo) <= 2, `the navigation starts where the header does (nav ${navText}, logo ${logo})`);
    await wide.close();

    // The public side, as a citizen on a phone-width screen: county home → article with its image.
    const pub = await j.newPage({ width: 390 });
    await pub.goto('/');
    assert.equal(await pub.getByTestId('portal-sites-link').getAttribute('href'), '/portal');
    await pub.goto('/site/520304');
    await pub.getByText(/5203040099/).first().waitFor();
    await pub.getByRole('link', { name: TITLE }).first().click();
    await pub.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const img = pub.locator('.article-body img');
    assert.equal(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), 16, 'the image loads');
    // On the city site, with the county named as its source; and found by the city's search.
    await pub.goto('/site/520300/c/county');
    await pub.getByRole('link', { name: TITLE }).click();
    await pub.getByText('转载自：遵义市播州区自然资源局').waitFor();
    await pub.goto('/site/520300');
    await pub.getByRole('searchbox', { name: '站内搜索' }).fill('高标准农田');
    await pub.getByRole('button', { name: '搜索' }).first().click();
    await pub.getByText(/共找到 [1-9]\d* 条结果/).waitFor();
    assert.ok(await pub.locator('mark', { hasText: '高标准农田' }).count() >= 1, 'highlighted');
    await j.audit(pub);
  });
});
