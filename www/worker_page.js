// Loaded by the page, right after worker.js, only when no Web Worker can start
// (segmint-web's in-page fallback): worker.js declares its module as a script-wide `let
// wasm_bindgen`, which other classic scripts can see but wasm cannot name. This hands it over.
self.segmintWorkerModule = wasm_bindgen;
