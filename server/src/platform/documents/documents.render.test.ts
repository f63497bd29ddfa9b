/** The layout of a document: the signature block (seal and QR code) never stands alone on the last page. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import { loadFonts, renderPdf, type DocumentBody } from './documents.render.ts';

async function pages(body: DocumentBody): Promise<string[]> {
  const bytes = await renderPdf({
    issuerName: '遵义市播州区自然资源局', title: '受理通知书', docNo: '播自然资受〔2026〕1号', issuedAt: new Date('2026-12-06T02:00:00Z'),
    verifyUrl: 'http://127.0.0.1:3000/verify/abcdefabcdefabcdefabcdef', verifyToken: 'abcdefabcdefabcdefabcdef', body,
  }, loadFonts());
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)));
  return (text as string[]).map((p) => p.replace(/\s+/g, ''));
}

describe('the signature block stays with the body', () => {
  it('takes the end of the body to the next page instead of a page with only the seal and the QR code', async () => {
    // From 1 to 30 rows of materials the body ends at every height of the first and second page.
    let broke = 0;
    for (let n = 1; n <= 30; n++) {
      const p = await pages({
        recipient: '王小明', paragraphs: ['你（单位）提交的“建设项目用地预审”申请，申请材料齐全、符合法定形式，决定予以受理。'],
        table: { caption: '收到的申请材料', columns: ['材料名称', '份数'], rows: Array.from({ length: n }, (_, i) => [`材料第${i + 1}项`, '1']) },
        closing: ['办理期限不含依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审等特殊环节的时间。本通知书至此结束。'],
      });
      const last = p.at(-1)!;
      assert.ok(last.includes('扫码核验文书真伪与状态'), `${n} rows: the block is on the last page`);
      assert.ok(last.includes('本通知书至此结束'), `${n} rows: the last page holds the end of the body, not the block alone:\n${last}`);
      if (p.length > 1) broke++;
    }
    assert.ok(broke > 0, 'some bodies run over a page');
  });

  it('keeps a short document on one page', async () => {
    const p = await pages({ paragraphs: ['决定予以受理。'], fields: [{ label: '办件编号', value: '52030420261206000001' }] });
    assert.equal(p.length, 1);
  });
});
