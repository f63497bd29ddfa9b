/**
 * Rich-text editor of article bodies: Quill 2 (BSD, well kept, ~50 KB gzipped, loaded only on this
 * page). The toolbar has buttons only (no pickers) and each has a name for screen readers; images
 * are uploaded through /api/portal/media and inserted by URL. The server sanitises whatever this sends.
 */
import { useEffect, useRef } from 'react';
import Quill from 'quill';
import 'quill/dist/quill.snow.css';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  onChange(html: string): void;
  /** Uploads an image; resolves to its public URL. */
  onImage(file: File): Promise<string>;
  label: string;
}

const TOOLBAR = [[{ header: 2 }, { header: 3 }], ['bold', 'italic', 'underline'], [{ list: 'ordered' }, { list: 'bullet' }], ['blockquote', 'link', 'image'], ['clean']];

export function RichTextEditor({ value, onChange, onImage, label }: Props) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const quill = useRef<Quill | null>(null);
  const change = useRef(onChange);
  change.current = onChange;
  const image = useRef(onImage);
  image.current = onImage;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const editorEl = document.createElement('div');
    el.appendChild(editorEl);
    const q = new Quill(editorEl, {
      theme: 'snow',
      modules: {
        toolbar: {
          container: TOOLBAR,
          handlers: {
            image: () => {
              const input = document.createElement('input');
              input.type = 'file';
              input.accept = 'image/png,image/jpeg';
              input.onchange = async () => {
                const file = input.files?.[0];
                if (!file) return;
                const url = await image.current(file);
                const range = q.getSelection(true);
                q.insertEmbed(range.index, 'image', url, 'user');
                // A text alternative (GB/T 37668): the file's name until the editor writes a better one.
                const alt = file.name.replace(/\.[^.]+$/, '');
                q.root.querySelectorAll<HTMLImageElement>(`img[src="${url}"]:not([alt])`).forEach((img) => img.setAttribute('alt', alt));
                change.current(q.root.innerHTML);
              };
              input.click();
            },
          },
        },
      },
    });
    // Names for the toolbar buttons (axe: button-name) and the editing area.
    const names: Record<string, string> = {
      'ql-header:2': t('website.editor.h2'), 'ql-header:3': t('website.editor.h3'), 'ql-bold': t('website.editor.bold'), 'ql-italic': t('website.editor.italic'),
      'ql-underline': t('website.editor.underline'), 'ql-list:ordered': t('website.editor.ordered'), 'ql-list:bullet': t('website.editor.bullet'),
      'ql-blockquote': t('website.editor.quote'), 'ql-link': t('website.editor.link'), 'ql-image': t('website.editor.image'), 'ql-clean': t('website.editor.clean'),
    };
    el.querySelectorAll<HTMLButtonElement>('.ql-toolbar button').forEach((b) => {
      const cls = [...b.classList].find((c) => c.startsWith('ql-')) ?? '';
      const name = names[b.value ? `${cls}:${b.value}` : cls] ?? cls.replace('ql-', '');
      b.setAttribute('aria-label', name);
      b.title = name;
    });
    q.root.setAttribute('role', 'textbox');
    q.root.setAttribute('aria-multiline', 'true');
    q.root.setAttribute('aria-label', label);
    q.root.setAttribute('data-testid', 'article-body');
    if (value) q.clipboard.dangerouslyPasteHTML(value);
    q.on('text-change', () => change.current(q.root.innerHTML === '<p><br></p>' ? '' : q.root.innerHTML));
    quill.current = q;
    return () => {
      quill.current = null;
      el.innerHTML = '';
    };
    // Mounted once per article: the drawer remounts it for another.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div ref={host} className="portal-editor" style={{ background: '#fff' }} />;
}
