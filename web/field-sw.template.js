/*
 * Service worker of the field app (/field), written into web/dist/field-sw.js by
 * web/vite-field-sw.ts with the list of the app shell's files. The shell is served from the
 * cache first (the app must open with no network at all); API calls are never cached — the app
 * keeps its data in IndexedDB.
 */
/* global self, caches, PRECACHE, VERSION */
const CACHE = `sunland-field-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE);
    // The page itself is cached under /field as well as /field.html.
    const shell = await cache.match('/field.html');
    if (shell) await cache.put('/field', shell.clone());
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('sunland-field-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate' && (url.pathname === '/field' || url.pathname.startsWith('/field/'))) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const cached = await cache.match('/field');
      // Refresh in the background when online; the worker update brings a new shell anyway.
      const fresh = fetch(req).then((res) => { if (res.ok) void cache.put('/field', res.clone()); return res; }).catch(() => null);
      if (cached) { event.waitUntil(fresh); return cached; }
      return (await fresh) ?? new Response('offline', { status: 503, headers: { 'content-type': 'text/plain' } });
    })());
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(url.pathname)) ?? fetch(req)));
  }
});
