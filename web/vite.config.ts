import crypto from 'node:crypto';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fieldServiceWorker } from './vite-field-sw.ts';

const server = 'http://127.0.0.1:3000';

/**
 * Public pages whose chunks start downloading with the entry instead of after it ran (a township
 * link pays 200 ms per round): pathname → the page module (see web/src/app/public-routes.tsx).
 */
const PRELOADED_ROUTES: Record<string, string | string[]> = {
  '/report': 'modules/tipoffs/public/ReportPage.tsx',
  '/report/track': 'modules/tipoffs/public/TrackPage.tsx',
  '/track': 'modules/approvals/journey/TrackPage.tsx',
  '/services': 'modules/approvals/journey/ServicesPage.tsx',
  '/disclosure': 'modules/approvals/ratings/DisclosurePage.tsx',
  '/login': 'app/pages/LoginPage.tsx',
  // The township clerk's forms (township link): the workbench frame and the page together.
  '/app/township': ['app/WorkbenchRoutes.tsx', 'modules/township/TownshipHomePage.tsx'],
  '/app/township-patrol': ['app/WorkbenchRoutes.tsx', 'modules/township/PatrolFormPage.tsx'],
  '/app/township-change': ['app/WorkbenchRoutes.tsx', 'modules/township/ChangeFormPage.tsx'],
};

/**
 * Writes assets/route-preload-<hash>.js, a tiny script loaded `async` by index.html: on one of
 * PRELOADED_ROUTES it adds `<link rel="modulepreload">` for that page's chunks (those the entry
 * does not load already), so they travel in parallel with the entry.
 */
function routePreload(routes: Record<string, string | string[]>): Plugin {
  return {
    name: 'sunland-route-preload',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const walk = (file: string, seen: Set<string>) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const i of byFile.get(file)?.imports ?? []) walk(i, seen);
      };
      const inEntry = new Set<string>();
      for (const c of chunks) if (c.isEntry) walk(c.fileName, inEntry);
      const map: Record<string, string[]> = {};
      for (const [pathname, mods] of Object.entries(routes)) {
        const seen = new Set<string>();
        for (const mod of [mods].flat()) {
          const page = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/src/${mod}`));
          if (page) walk(page.fileName, seen);
        }
        if (seen.size) map[pathname] = [...seen].filter((f) => !inEntry.has(f)).map((f) => `/${f}`);
      }
      const source = `(function(){var m=${JSON.stringify(map)};var f=m[location.pathname.replace(/\\/+$/,'')||'/'];if(!f)return;for(var i=0;i<f.length;i++){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=f[i];document.head.appendChild(l);}})();\n`;
      const fileName = `assets/route-preload-${crypto.createHash('sha256').update(source).digest('hex').slice(0, 10)}.js`;
      this.emitFile({ type: 'asset', fileName, source });
      const html = bundle['index.html'];
      if (html?.type === 'asset') html.source = String(html.source).replace('</title>', `</title>\n    <script async src="/${fileName}"></script>`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), routePreload(PRELOADED_ROUTES), fieldServiceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The field app (/field) is a second, light entry: no Ant Design, its own service worker.
    rollupOptions: { input: { index: path.join(import.meta.dirname, 'index.html'), field: path.join(import.meta.dirname, 'field.html') } },
    // antd alone is ~1 MB unminified; the split below keeps the login page's own chunk small.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/healthz': server,
    },
  },
});
