// Loads the app's wasm. Kept in a file (not inline) so that the page runs under
// Content-Security-Policy `script-src 'self' 'wasm-unsafe-eval'`.
const me = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(me.dataset.js);
await init({ module_or_path: me.dataset.wasm });

// Offline after the first visit: sw.js precaches the app's own files (never data). Not
// claimed at once: the first visit stays on the network, the next one is served offline.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('sw.js').catch((e) => {
    console.warn(`Segmint: offline mode unavailable (${e.message})`);
  });
}
