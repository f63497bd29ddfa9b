/**
 * Lays out one document as an A4 PDF with pdfkit: authority, title, number, body, tables,
 * legal notice, date, a drawn seal placeholder and the verification QR code. The Chinese font
 * (Noto Sans Hans, OFL, from `@embedpdf/fonts-sc`) is embedded as a subset by pdfkit/fontkit.
 * The fonts are parsed once per process and the parsed fontkit objects handed to every document:
 * parsing the 8 MB CFF tables again for each PDF cost about three quarters of its rendering time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** The content of a document; the service adds authority, title, number, date, seal and QR. */
export interface DocumentBody {
  /** Addressee (抬头), e.g. 张三 or 贵州某某矿业有限公司; printed followed by a full-width colon. */
  recipient?: string;
  /** Body paragraphs (正文), each indented by two characters. */
  paragraphs: string[];
  /** Key facts as a two-column table (申请事项, 申请日期, 受理人, 联系方式, 办理期限 …). */
  fields?: { label: string; value: string }[];
  /** A table of items, e.g. the materials received or the items to supplement with reasons. */
  table?: { caption?: string; columns: string[]; widths?: number[]; rows: string[][] };
  /** Further tables after `table`, each with its caption (e.g. the sections of an analysis report). */
  tables?: { caption?: string; columns: string[]; widths?: number[]; rows: string[][] }[];
  /** A drawing such as a map sketch, after the tables. */
  figure?: Figure;
  /** Lines after the tables (联系人, 补正期限, 领取方式 …). */
  closing?: string[];
  /** Legal notice (告知事项), e.g. the right to 行政复议 or 行政诉讼. */
  legalNotice?: string[];
  /** Adds the applicant's acknowledgement line (申请人签收) at the end. */
  acknowledgement?: boolean;
}

/** One shape of a figure: rings of [x, y] in any planar unit (y up); `point` draws a dot at each position. */
export interface FigureShape {
  rings: number[][][];
  fill?: string;
  stroke?: string;
  lineWidth?: number;
  dash?: boolean;
  point?: boolean;
}

/** A simple vector drawing fitted to the text width (e.g. a red line over the features it meets). */
export interface Figure {
  caption?: string;
  /** Height in points (default 300). */
  height?: number;
  shapes: FigureShape[];
  legend?: { label: string; fill?: string; stroke?: string }[];
}

export interface RenderInput {
  issuerName: string;
  title: string;
  docNo: string;
  issuedAt: Date;
  body: DocumentBody;
  verifyUrl: string;
  verifyToken: string;
}

/** The two weights, parsed. Shared by every document: fontkit keeps parsed glyphs and tables on them. */
export interface Fonts {
  regular: fontkit.FontkitFont;
  bold: fontkit.FontkitFont;
}

let loaded: Fonts | undefined;

/**
 * Reads and parses the two weights once per process (the files are 8 MB each; PDFs embed only
 * the glyphs they use). Rendering is synchronous between awaits, so sharing them is safe.
 */
export function loadFonts(): Fonts {
  if (loaded) return loaded;
  const pkgMain = fileURLToPath(import.meta.resolve('@embedpdf/fonts-sc'));
  const dir = path.join(path.dirname(pkgMain), '..', 'fonts');
  loaded = {
    regular: fontkit.create(fs.readFileSync(path.join(dir, 'NotoSansHans-Regular.otf'))),
    bold: fontkit.create(fs.readFileSync(path.join(dir, 'NotoSansHans-Bold.otf'))),
  };
  return loaded;
}

const TZ = 'Asia/Shanghai';
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' });

/** 2026年7月5日, in China Standard Time. */
export function chineseDate(d: Date): string {
  return dateFmt.format(d);
}

/** The year of `d` in China Standard Time (a number issued on 31 Dec 23:30 UTC is next year's). */
export function chinaYear(d: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: TZ, year: 'numeric' }).format(d));
}

const SEAL_RED = '#d0021b';
const MARGIN = { top: 56, bottom: 56, left: 72, right: 68 };
const BODY_SIZE = 12;
const LINE_GAP = 4;

/**
 * Renders the document. The signature block (authority, date, seal, QR) never stands alone on
 * the last page: when it does not fit under the body, the page is laid out again ending a few
 * lines earlier, so that the end of the body moves over with the block (keep-with-previous).
 */
export async function renderPdf(input: RenderInput, fonts: Fonts): Promise<Buffer> {
  const first = await layoutPdf(input, fonts, null);
  if (!first.blockAlone) return first.bytes;
  const { pageIndex, contentEnd } = first.blockAlone;
  return (await layoutPdf(input, fonts, { pageIndex, maxY: Math.max(MARGIN.top + 40, contentEnd - KEEP_WITH_BLOCK) })).bytes;
}

/** How much of the body's end goes over to the signature block's page (about two lines). */
const KEEP_WITH_BLOCK = 2 * (BODY_SIZE + LINE_GAP) + 6;

interface Layout {
  bytes: Buffer;
  /** Set when the signature block had to start a page of its own: the page the body ended on and where. */
  blockAlone: { pageIndex: number; contentEnd: number } | null;
}

async function layoutPdf(input: RenderInput, fonts: Fonts, shorten: { pageIndex: number; maxY: number } | null): Promise<Layout> {
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, compress: true, bufferPages: true,
    info: { Title: input.title, Author: input.issuerName, Subject: input.docNo, Creator: 'Sunland 阳光国土', Producer: 'Sunland 阳光国土' },
    lang: 'zh-CN', displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { doc.on('end', resolve); doc.on('error', reject); });

  // pdfkit takes a parsed fontkit font where its types say bytes (PDFFontFactory.open).
  doc.registerFont('regular', fonts.regular as unknown as Buffer);
  doc.registerFont('bold', fonts.bold as unknown as Buffer);
  // The page the body would end on alone is cut short, so that its last lines go with the block.
  const pageIndex = () => doc.bufferedPageRange().count - 1;
  const shortenPage = () => {
    if (shorten && pageIndex() === shorten.pageIndex) doc.page.margins = { ...doc.page.margins, bottom: doc.page.height - shorten.maxY };
  };
  shortenPage();
  doc.on('pageAdded', shortenPage);
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const left = MARGIN.left;
  const bottomLimit = () => doc.page.maxY();
  const ensureSpace = (h: number) => { if (doc.y + h > bottomLimit()) doc.addPage(); };

  // Heading: authority, title, number.
  doc.font('bold').fontSize(18).fillColor('black').text(input.issuerName, left, MARGIN.top, { width, align: 'center' });
  doc.moveDown(0.3);
  doc.font('bold').fontSize(22).text(input.title, { width, align: 'center', characterSpacing: 4 });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(BODY_SIZE).text(input.docNo, { width, align: 'center' });
  doc.moveDown(0.4);
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(1).strokeColor(SEAL_RED).stroke();
  doc.strokeColor('black');
  doc.moveDown(0.8);

  const b = input.body;
  if (b.recipient) {
    doc.font('bold').fontSize(BODY_SIZE + 1).text(`${b.recipient}：`, left, doc.y, { width });
    doc.moveDown(0.5);
  }
  doc.font('regular').fontSize(BODY_SIZE);
  for (const p of b.paragraphs) {
    doc.text(p, left, doc.y, { width, indent: BODY_SIZE * 2, lineGap: LINE_GAP, align: 'justify' });
    doc.moveDown(0.5);
  }

  if (b.fields?.length) {
    doc.moveDown(0.3);
    drawTable(doc, {
      columns: ['', ''], widths: [0.28, 0.72], rows: b.fields.map((f) => [f.label, f.value]), header: false, boldFirstColumn: true,
    }, left, width);
  }

  if (b.table?.rows.length) {
    doc.moveDown(0.6);
    if (b.table.caption) {
      ensureSpace(40);
      doc.font('bold').fontSize(BODY_SIZE).text(b.table.caption, left, doc.y, { width });
      doc.moveDown(0.3);
    }
    drawTable(doc, { columns: b.table.columns, widths: b.table.widths, rows: b.table.rows, header: true, boldFirstColumn: false }, left, width);
  }

  for (const t of b.tables ?? []) {
    if (!t.rows.length) continue;
    doc.moveDown(0.6);
    if (t.caption) {
      ensureSpace(40);
      doc.font('bold').fontSize(BODY_SIZE).text(t.caption, left, doc.y, { width });
      doc.moveDown(0.3);
    }
    drawTable(doc, { columns: t.columns, widths: t.widths, rows: t.rows, header: true, boldFirstColumn: false }, left, width);
  }

  if (b.figure?.shapes.length) {
    doc.moveDown(0.6);
    drawFigure(doc, b.figure, left, width, ensureSpace);
  }

  doc.font('regular').fontSize(BODY_SIZE);
  if (b.closing?.length) {
    doc.moveDown(0.6);
    for (const line of b.closing) {
      doc.text(line, left, doc.y, { width, indent: BODY_SIZE * 2, lineGap: LINE_GAP, align: 'justify' });
      doc.moveDown(0.3);
    }
  }

  if (b.legalNotice?.length) {
    doc.moveDown(0.6);
    ensureSpace(40);
    doc.font('bold').text('告知事项：', left, doc.y, { width });
    doc.font('regular');
    b.legalNotice.forEach((line, i) => {
      doc.text(`${b.legalNotice!.length > 1 ? `${i + 1}. ` : ''}${line}`, left, doc.y, { width, indent: BODY_SIZE * 2, lineGap: LINE_GAP, align: 'justify' });
      doc.moveDown(0.2);
    });
  }

  // Signature block (落款): authority and date on the right, the seal drawn over them, the QR on the left.
  const blockHeight = 100 + (b.acknowledgement ? 36 : 0);
  const contentEnd = doc.y;
  const bodyPage = pageIndex();
  doc.moveDown(1);
  ensureSpace(blockHeight);
  const blockAlone = pageIndex() !== bodyPage ? { pageIndex: bodyPage, contentEnd } : null;
  const top = doc.y;
  const signX = left + width - 220;
  doc.font('regular').fontSize(BODY_SIZE + 1);
  doc.text(input.issuerName, signX, top + 20, { width: 220, align: 'center' });
  doc.text(chineseDate(input.issuedAt), signX, top + 44, { width: 220, align: 'center' });
  drawSeal(doc, signX + 110, top + 50, 50, input.issuerName);

  const qrSize = 84;
  const qr = await QRCode.toBuffer(input.verifyUrl, { errorCorrectionLevel: 'M', margin: 2, scale: 4, type: 'png' });
  doc.image(qr, left, top, { width: qrSize, height: qrSize });
  const qrTextX = left + qrSize + 6;
  const qrTextW = signX - qrTextX - 8;
  doc.font('regular').fontSize(8).fillColor('#333333');
  doc.text('扫码核验文书真伪与状态', qrTextX, top + 6, { width: qrTextW });
  doc.text(`核验码：${input.verifyToken}`, qrTextX, doc.y + 2, { width: qrTextW });
  doc.text(input.verifyUrl, qrTextX, doc.y + 2, { width: qrTextW });
  doc.fillColor('black');

  if (b.acknowledgement) {
    doc.font('regular').fontSize(BODY_SIZE);
    doc.text('申请人（签收）：                    日期：      年    月    日', left, top + qrSize + 16, { width });
  }

  // Footer on every page: page number and a note that the red circle is not a real seal.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN.bottom + 20;
    // Writing below the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#666666');
    doc.text(`${input.docNo}　第 ${i + 1} 页 / 共 ${range.count} 页　本文书由系统生成，红色圆章为印章位置示意，真伪以扫码核验结果为准。`,
      left, y, { width, align: 'center', lineBreak: false, height: 12 });
    doc.fillColor('black');
  }

  doc.end();
  await done;
  return { bytes: Buffer.concat(chunks), blockAlone };
}

function drawFigure(doc: PDFKit.PDFDocument, f: Figure, left: number, width: number, ensureSpace: (h: number) => void): void {
  const height = f.height ?? 300;
  ensureSpace(height + 60);
  if (f.caption) {
    doc.font('bold').fontSize(BODY_SIZE).fillColor('black').text(f.caption, left, doc.y, { width });
    doc.moveDown(0.3);
  }
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const sh of f.shapes) for (const r of sh.rings) for (const p of r) {
    x0 = Math.min(x0, p[0]!); y0 = Math.min(y0, p[1]!); x1 = Math.max(x1, p[0]!); y1 = Math.max(y1, p[1]!);
  }
  const top = doc.y;
  const pad = 8;
  const scale = Math.min((width - 2 * pad) / Math.max(x1 - x0, 1e-12), (height - 2 * pad) / Math.max(y1 - y0, 1e-12));
  const ox = left + (width - (x1 - x0) * scale) / 2, oy = top + (height - (y1 - y0) * scale) / 2;
  const tx = (p: number[]) => [ox + (p[0]! - x0) * scale, oy + (y1 - p[1]!) * scale] as const;
  doc.save();
  doc.rect(left, top, width, height).lineWidth(0.5).strokeColor('#999999').stroke();
  for (const sh of f.shapes) {
    doc.lineWidth(sh.lineWidth ?? 0.6);
    if (sh.dash) doc.dash(4, { space: 3 }); else doc.undash();
    if (sh.point) {
      for (const r of sh.rings) for (const p of r) {
        const [x, y] = tx(p);
        doc.circle(x, y, 3).fillAndStroke(sh.fill ?? 'black', sh.stroke ?? 'black');
      }
      continue;
    }
    for (const r of sh.rings) {
      r.forEach((p, i) => { const [x, y] = tx(p); if (i === 0) doc.moveTo(x, y); else doc.lineTo(x, y); });
      doc.closePath();
    }
    if (sh.fill && sh.stroke) doc.fillOpacity(0.45).fillAndStroke(sh.fill, sh.stroke, 'even-odd');
    else if (sh.fill) doc.fillOpacity(0.45).fill(sh.fill, 'even-odd');
    else doc.strokeColor(sh.stroke ?? 'black').stroke();
    doc.fillOpacity(1);
  }
  doc.undash();
  doc.restore();
  doc.y = top + height + 6;
  if (f.legend?.length) {
    let x = left;
    let y = doc.y;
    doc.font('regular').fontSize(8);
    for (const l of f.legend) {
      const w = doc.widthOfString(l.label) + 22;
      if (x + w > left + width) { x = left; y += 12; }
      doc.rect(x, y + 1, 10, 7).lineWidth(0.8);
      if (l.fill) doc.fillOpacity(0.6).fillAndStroke(l.fill, l.stroke ?? l.fill); else doc.strokeColor(l.stroke ?? 'black').stroke();
      doc.fillOpacity(1).fillColor('black').text(l.label, x + 13, y, { lineBreak: false });
      x += w;
    }
    doc.y = y + 14;
  }
  doc.x = left;
  doc.fillColor('black').strokeColor('black');
}

interface TableSpec {
  columns: string[];
  widths?: number[];
  rows: string[][];
  header: boolean;
  boldFirstColumn: boolean;
}

/** A bordered table whose rows wrap their cells and break across pages, repeating the header. */
function drawTable(doc: PDFKit.PDFDocument, t: TableSpec, left: number, width: number): void {
  const n = t.columns.length;
  const fractions = t.widths && t.widths.length === n ? t.widths : Array.from({ length: n }, () => 1);
  const sum = fractions.reduce((a, v) => a + v, 0);
  const colW = fractions.map((f) => (f / sum) * width);
  const pad = 4;
  const size = BODY_SIZE - 1.5;

  const rowHeight = (cells: string[], bold: boolean) => {
    doc.fontSize(size);
    return Math.max(...cells.map((c, i) => {
      doc.font(bold || (t.boldFirstColumn && i === 0) ? 'bold' : 'regular');
      return doc.heightOfString(c || ' ', { width: colW[i] - 2 * pad, lineGap: 2 });
    })) + 2 * pad;
  };
  const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
    const h = rowHeight(cells, bold);
    if (doc.y + h > doc.page.maxY()) {
      doc.addPage();
      if (t.header && !bold) drawRow(t.columns, true, true);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      if (shade) doc.rect(x, y, colW[i], h).fillColor('#f0f0f0').fill();
      doc.rect(x, y, colW[i], h).lineWidth(0.6).strokeColor('#444444').stroke();
      doc.fillColor('black').fontSize(size).font(bold || (t.boldFirstColumn && i === 0) ? 'bold' : 'regular');
      doc.text(c, x + pad, y + pad, { width: colW[i] - 2 * pad, lineGap: 2, align: bold ? 'center' : 'left' });
      x += colW[i];
    });
    doc.x = left;
    doc.y = y + h;
  };

  if (t.header) drawRow(t.columns, true, true);
  for (const r of t.rows) drawRow(Array.from({ length: n }, (_, i) => r[i] ?? ''), false, false);
  doc.strokeColor('black').fillColor('black').font('regular').fontSize(BODY_SIZE);
}

/**
 * A red ring with the authority's name along the upper arc and a star: where the real seal
 * (专用印章) goes on paper. It is a drawing, labelled as such, not an electronic seal.
 */
function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, name: string): void {
  doc.save();
  doc.strokeOpacity(0.85).fillOpacity(0.85);
  doc.circle(cx, cy, r).lineWidth(2.4).strokeColor(SEAL_RED).stroke();
  const chars = [...name];
  const fs = Math.min(11, (r * 3.6) / Math.max(chars.length, 1));
  const span = Math.min(240, chars.length * 24);
  const textR = r - fs * 0.5 - 4;
  chars.forEach((ch, i) => {
    const theta = 90 + span / 2 - (chars.length === 1 ? span / 2 : (span * i) / (chars.length - 1));
    const rad = (theta * Math.PI) / 180;
    const x = cx + textR * Math.cos(rad);
    const y = cy - textR * Math.sin(rad);
    doc.save();
    doc.rotate(90 - theta, { origin: [x, y] });
    doc.font('bold').fontSize(fs).fillColor(SEAL_RED).text(ch, x - fs / 2, y - fs / 2 - 1, { width: fs, align: 'center', lineBreak: false });
    doc.restore();
  });
  // Five-pointed star in the centre.
  const outer = r * 0.3, inner = outer * 0.382;
  const pts: [number, number][] = [];
  for (let k = 0; k < 10; k++) {
    const a = (-90 + k * 36) * (Math.PI / 180);
    const rr = k % 2 === 0 ? outer : inner;
    pts.push([cx + rr * Math.cos(a), cy + 2 + rr * Math.sin(a)]);
  }
  doc.polygon(...pts).fillColor(SEAL_RED).fill();
  doc.font('regular').fontSize(7).fillColor(SEAL_RED).text('印章示意', cx - 20, cy + r * 0.45, { width: 40, align: 'center', lineBreak: false });
  doc.restore();
  doc.fillColor('black').strokeColor('black');
}
