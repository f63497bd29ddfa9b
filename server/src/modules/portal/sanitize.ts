/**
 * Article HTML is sanitised on the server before it is stored (sanitize-html, an allow-list
 * parser): whatever the editor or a crafted request sends, only these tags and attributes reach
 * a public page. Images may only come from the portal's own media route, links only to http(s),
 * mailto or site paths.
 */
import sanitizeHtml from 'sanitize-html';

/** Public path of an article image or attachment by its content hash. */
export const MEDIA_PATH = '/portal/media/';
const MEDIA_SRC = /^\/portal\/media\/[0-9a-f]{64}$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'ol', 'ul', 'li',
    'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'hr', 'span', 'figure', 'figcaption'],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    '*': ['class'],
  },
  // Quill's alignment and indent classes only.
  allowedClasses: { '*': ['ql-align-center', 'ql-align-right', 'ql-align-justify', 'ql-indent-1', 'ql-indent-2', 'ql-indent-3'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Text inside script/style is dropped with the tag (the default keeps nothing of them either).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  exclusiveFilter: (frame) => frame.tag === 'img' && !MEDIA_SRC.test(frame.attribs.src ?? ''),
  transformTags: {
    // External links open as links; they never carry an opener.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.href && /^https?:/i.test(attribs.href) ? { rel: 'noopener noreferrer' } : {}) } }),
  },
};
OPTIONS.allowedAttributes = { ...(OPTIONS.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel'] };

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** Plain text of sanitised HTML (search, summaries, the health check's empty-body rule). */
export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|h[2-4]|li|tr|blockquote)>|<br\s*\/?>/gi, '$&\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}

/** The sha256 of every portal image the body shows. */
export function mediaInBody(html: string): string[] {
  return [...html.matchAll(/\/portal\/media\/([0-9a-f]{64})/g)].map((m) => m[1]!);
}
