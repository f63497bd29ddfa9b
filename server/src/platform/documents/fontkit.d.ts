/** The part of fontkit (a dependency of pdfkit, no published types) that documents.render.ts uses. */
declare module 'fontkit' {
  /** A parsed font; pdfkit's `registerFont` takes it in place of the file bytes. */
  export interface FontkitFont {
    postscriptName: string;
    unitsPerEm: number;
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
