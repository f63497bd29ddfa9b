import crypto from 'node:crypto';
import path from 'node:path';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
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
          const isPage = (id: string | null) => !!id?.replaceAll('\\', '/').endsWith(`/src/${mod}`);
          // The page's own chunk, or the group chunk that holds it (REPORT_CHUNKS below).
          const page = chunks.find((c) => isPage(c.facadeModuleId)) ?? chunks.find((c) => c.moduleIds.some(isPage));
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

/**
 * The tip-off form (/report) in ~11 requests after the entry instead of ~45: a township link pays
 * 200 ms per request over 6 connections, so many small antd / rc-component / icon chunks cost more
 * than their bytes. Three rolldown code-splitting groups:
 * - `antd-base`: the antd code the entry loads statically, one chunk (the field entry has none);
 * - `antd-forms`: the antd components of the public forms (PUBLIC_FORM_ANTD) with their
 *   rc-component code; the login, the workbench forms and the other public pages use most of it;
 * - `report-app`: the tip-off page's own code that no workbench page reaches (the page, its public
 *   shell and header). The app modules it shares with the workbench (api, errors, tipoffs-api, the
 *   fields) keep their own chunks, so the workbench loads none of the public page's code.
 * Module closures are taken from the module graph at buildEnd; `initial` (the entries' static
 * closure) keeps the entry's app code out of `report-app`.
 */
/** antd components the tip-off form shows (its fields, card, alert, the public header's drawer and menu). */
const PUBLIC_FORM_ANTD = new RegExp(
  '[\\\\/]node_modules[\\\\/](antd[\\\\/]es[\\\\/](form|input|select|radio|cascader|card|alert|typography|space|grid|row|col|drawer|segmented|tooltip|empty|button|layout|collapse)'
  + '|@ant-design[\\\\/]icons[\\\\/]es[\\\\/]icons[\\\\/](Ellipsis|Plus|Check|Left|Eye|Search|Down)Outlined)[\\\\/.]',
);
const GROUPED_PAGE = 'modules/tipoffs/public/ReportPage.tsx';
const WORKBENCH = 'app/WorkbenchRoutes.tsx';

function reportChunkGroups(): { plugin: Plugin; groups: Rolldown.CodeSplittingGroup[] } {
  const initial = new Set<string>();
  const page = new Set<string>();
  const workbench = new Set<string>();
  const plugin: Plugin = {
    name: 'sunland-report-chunks',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const closure = (from: string[], into: Set<string>, dynamic: boolean) => {
        into.clear();
        const todo = [...from];
        while (todo.length) {
          const id = todo.pop()!;
          if (into.has(id)) continue;
          into.add(id);
          const info = this.getModuleInfo(id);
          todo.push(...(info?.importedIds ?? []), ...(dynamic ? info?.dynamicallyImportedIds ?? [] : []));
        }
      };
      const find = (mod: string) => ids.filter((id) => id.replaceAll('\\', '/').endsWith(`/src/${mod}`));
      closure(ids.filter((id) => this.getModuleInfo(id)?.isEntry), initial, false);
      closure(find(GROUPED_PAGE), page, false);
      closure(find(WORKBENCH), workbench, true);
    },
  };
  const lib = /[\\/]node_modules[\\/]/;
  const antd = /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/;
  const groups: Rolldown.CodeSplittingGroup[] = [
    // The antd code the entry loads: one chunk (the field entry has no antd).
    // React first: the field entry shares it and must load no antd.
    { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 4 },
    { name: 'antd-base', tags: ['$initial'], test: antd, priority: 3 },
    // The antd components (and, recursively, their rc-component code) of the public forms.
    { name: 'antd-forms', test: PUBLIC_FORM_ANTD, priority: 2 },
    {
      name: 'report-app',
      test: (id: string) => page.has(id) && !initial.has(id) && !lib.test(id) && !workbench.has(id),
      includeDependenciesRecursively: false,
      priority: 1,
    },
  ];
  return { plugin, groups };
}

const REPORT_CHUNKS = reportChunkGroups();

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), routePreload(PRELOADED_ROUTES), fieldServiceWorker(), REPORT_CHUNKS.plugin],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The field app (/field) is a second, light entry: no Ant Design, its own service worker.
    rollupOptions: {
      input: { index: path.join(import.meta.dirname, 'index.html'), field: path.join(import.meta.dirname, 'field.html') },
      output: { codeSplitting: { groups: REPORT_CHUNKS.groups } },
    },
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
      '/ssr/': server, // their stylesheets
    },
  },
});
