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
/** The workbench's routes and its layout (header, side menu, session): every /app page needs both. */
const WORKBENCH_FRAME = ['app/WorkbenchRoutes.tsx', 'app/layout/WorkbenchLayout.tsx'];

/** The en-US strings (a chunk of their own, web/src/app/i18n.ts), preloaded when English is the stored choice. */
const ENGLISH = 'app/locales-en-US.ts';

const PRELOADED_ROUTES: Record<string, string | string[]> = {
  '/report': 'modules/tipoffs/public/ReportPage.tsx',
  '/report/track': 'modules/tipoffs/public/TrackPage.tsx',
  '/track': 'modules/approvals/journey/TrackPage.tsx',
  '/services': 'modules/approvals/journey/ServicesPage.tsx',
  '/disclosure': 'modules/approvals/ratings/DisclosurePage.tsx',
  '/login': 'app/pages/LoginPage.tsx',
  // The township clerk's forms (township link): the workbench frame and the page together.
  '/app/township': [...WORKBENCH_FRAME, 'modules/township/TownshipHomePage.tsx'],
  '/app/township-patrol': [...WORKBENCH_FRAME, 'modules/township/PatrolFormPage.tsx'],
  '/app/township-change': [...WORKBENCH_FRAME, 'modules/township/ChangeFormPage.tsx'],
  // Every other workbench page: at least its frame (a key ending in /* matches the paths below it).
  '/app/*': WORKBENCH_FRAME,
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
      const files = (mods: string | string[]) => {
        const seen = new Set<string>();
        for (const mod of [mods].flat()) {
          const page = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/src/${mod}`));
          if (page) walk(page.fileName, seen);
        }
        return [...seen].filter((f) => !inEntry.has(f)).map((f) => `/${f}`);
      };
      const map: Record<string, string[]> = {};
      for (const [pathname, mods] of Object.entries(routes)) {
        const f = files(mods);
        if (f.length) map[pathname] = f;
      }
      // Exact path first, else the longest `<prefix>/*` key; the English strings when chosen (cookie
      // or localStorage, as web/src/app/language.ts reads them); under /app, GET /api/auth/me starts
      // now and the session takes it (web/src/app/early.ts) instead of asking once its chunks ran.
      const source = `(function(){var m=${JSON.stringify(map)},en=${JSON.stringify(files(ENGLISH))};`
        + `var p=location.pathname.replace(/\\/+$/,'')||'/',f=m[p],best='';`
        + `if(!f){for(var k in m)if(k.slice(-2)==='/*'&&(p+'/').indexOf(k.slice(0,-1))===0&&k.length>best.length)best=k;f=best?m[best]:[];}f=f.slice();`
        + `var lang=(/(?:^|;\\s*)lang=([^;]*)/.exec(document.cookie)||[])[1];try{lang=lang||localStorage.getItem('sunland.lang')}catch(e){}if(lang==='en-US')f=f.concat(en);`
        + `if(p.indexOf('/app/')===0||p==='/app')window.__sunlandEarlyMe=fetch('/api/auth/me',{credentials:'same-origin',headers:{Accept:'application/json','Accept-Language':lang==='en-US'?'en-US':'zh-CN'}});`
        + `for(var i=0;i<f.length;i++){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=f[i];document.head.appendChild(l);}})();\n`;
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
      // The server-rendered pages: the home `/` and the portal's sites.
      '^/$': server,
      '/portal': server,
      '/site/': server,
    },
  },
});
