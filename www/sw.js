// Segmint's service worker: the app works offline after the first visit.
//
// It only ever caches the app's own files — the list below is written at build time by
// scripts/precache.mjs (a Trunk post_build hook) from what is in dist/, with a version that is
// a hash of their contents. A user's data files are never fetched, so they are never cached.
// Cache-first for same-origin GETs; other requests are left alone (the app makes none).
const VERSION = '__SEGMINT_VERSION__';
const PRECACHE = __SEGMINT_PRECACHE__;
const CACHE = `segmint-app-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((name) => name.startsWith('segmint-app-') && name !== CACHE)
        .map((name) => caches.delete(name)),
    )),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // The page's own URL (with or without index.html or a query) is the cached index.html.
    const key = request.mode === 'navigate' ? new URL('./index.html', self.registration.scope).href : request;
    const hit = await cache.match(key, { ignoreSearch: true });
    return hit ?? fetch(request);
  })());
});
