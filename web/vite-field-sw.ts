/**
 * Writes dist/field-sw.js, the field app's service worker: the template web/field-sw.template.js
 * with the list of files the app shell needs offline (field.html, its entry chunks and CSS, the
 * manifest and icons) and a version that changes with them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

export function fieldServiceWorker(): Plugin {
  return {
    name: 'sunland-field-sw',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const entry = chunks.find((c) => c.isEntry && /\/(field\.html|src\/field\/main\.tsx)$/.test(c.facadeModuleId?.replaceAll('\\', '/') ?? ''));
      if (!entry) return;
      const files = new Set<string>();
      const walk = (file: string) => {
        if (files.has(file)) return;
        files.add(file);
        const c = byFile.get(file);
        for (const i of [...(c?.imports ?? []), ...(c?.dynamicImports ?? [])]) walk(i);
        for (const css of c?.viteMetadata?.importedCss ?? []) files.add(css);
        for (const a of c?.viteMetadata?.importedAssets ?? []) files.add(a);
      };
      walk(entry.fileName);
      const list = ['/field.html', '/field.webmanifest', '/field-icon-192.png', '/field-icon-512.png', ...[...files].sort().map((f) => `/${f}`)];
      const version = crypto.createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 12);
      const template = fs.readFileSync(path.join(import.meta.dirname, 'field-sw.template.js'), 'utf8');
      const source = `const PRECACHE = ${JSON.stringify(list)};\nconst VERSION = '${version}';\n${template}`;
      this.emitFile({ type: 'asset', fileName: 'field-sw.js', source });
    },
  };
}
