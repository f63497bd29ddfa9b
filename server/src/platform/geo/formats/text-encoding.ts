/** Text of files that may be UTF-8 or GBK (common in Chinese GIS data). */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'gbk';

/** UTF-16 by its byte-order mark (Windows Notepad's "Unicode" is UTF-16 LE with BOM, "Unicode big endian" BE). */
export function utf16Bom(buf: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Decodes text of any encoding these files come in: UTF-16 LE/BE by its BOM; else strictly as
 * UTF-8 (BOM dropped); if that fails, as GBK (decoded as GB18030, which covers GBK).
 */
export function decodeText(buf: Uint8Array, forced?: TextEncodingName): { text: string; encoding: TextEncodingName | 'utf-16' } {
  const bom = utf16Bom(buf);
  if (bom) return { text: new TextDecoder(bom, { fatal: false, ignoreBOM: false }).decode(buf), encoding: 'utf-16' };
  if (forced === 'gbk') return { text: new TextDecoder('gb18030').decode(buf), encoding: 'gbk' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf), encoding: 'utf-8' };
  } catch {
    if (forced === 'utf-8') throw new Error('the file is not valid UTF-8');
    return { text: new TextDecoder('gb18030').decode(buf), encoding: 'gbk' };
  }
}

export function encodeText(text: string, encoding: TextEncodingName): Buffer {
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}

/** Maps a .cpg / code-page label to an encoding; undefined when unknown. */
export function encodingFromLabel(label: string): TextEncodingName | undefined {
  const l = label.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (/^(utf8|65001)$/.test(l)) return 'utf-8';
  if (/^(gbk|936|cp936|gb2312|gb18030|ansi936|windows936|54936)$/.test(l)) return 'gbk';
  return undefined;
}

/** 1-based line and column of a character offset. */
export function lineOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1, last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: offset - last };
}
