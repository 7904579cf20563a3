// Loads the app's wasm. Kept in a file (not inline) so that the page runs under
// Content-Security-Policy `script-src 'self' 'wasm-unsafe-eval'`.
const me = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(me.dataset.js);
await init({ module_or_path: me.dataset.wasm });
