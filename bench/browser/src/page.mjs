// The benchmark page: every function here is called by run.mjs through page.evaluate, each in
// a freshly opened page, and returns plain JSON. Timing is performance.now() around the work
// only; fetching the input (from the local server) and copying it in is set-up, reported apart.
import init, { WasmBench, WasmStream, input_file } from './pkg/segmint_bench_wasm.js';
import Papa from 'papaparse';
import { kmeans } from 'ml-kmeans';
import * as duckdb from '@duckdb/duckdb-wasm';

const now = () => performance.now() / 1000;

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function jsHeap() {
  // Chromium only; precise with --enable-precise-memory-info.
  return performance.memory ? performance.memory.usedJSHeapSize : null;
}

/** Segmint's wasm build: prepare `job` (untimed), then `reps` timed runs. */
async function segmint(job, reps) {
  let t = now();
  const wasm = await init();
  const initS = now() - t;
  const file = input_file(job);
  const bytes = await fetchBytes(`data/${file}`);
  const bench = new WasmBench(bytes);
  t = now();
  bench.prepare(job);
  const prepareS = now() - t;
  // One warm-up run first (reported as first_s): V8 compiles wasm lazily with its baseline
  // compiler and tiers hot functions up to TurboFan while they run.
  const times = [];
  let check = null;
  let firstS = null;
  for (let i = 0; i <= reps; i++) {
    t = now();
    check = bench.run(job);
    if (i === 0) firstS = now() - t;
    else times.push(now() - t);
  }
  const memory = wasm.memory.buffer.byteLength;
  bench.free();
  return { times, first_s: firstS, check, init_s: initS, prepare_s: prepareS, wasm_memory_bytes: memory, js_heap_bytes: jsHeap() };
}

/** Papa Parse on the decoded text of online_retail.csv (decode included in the time). */
async function papa(reps, dynamicTyping) {
  const bytes = await fetchBytes('data/online_retail.csv');
  const times = [];
  let rows = 0;
  let kept = null;
  let firstS = null;
  for (let i = 0; i <= reps; i++) {
    kept = null;
    const t = now();
    const text = new TextDecoder('utf-8').decode(bytes);
    const result = Papa.parse(text, { header: false, dynamicTyping, skipEmptyLines: true });
    if (i === 0) firstS = now() - t;
    else times.push(now() - t);
    rows = result.data.length - 1;
    if (result.errors.length) throw new Error(`Papa Parse: ${result.errors[0].message}`);
    kept = result;
  }
  const heap = jsHeap();
  kept = null;
  return { times, first_s: firstS, check: rows, js_heap_bytes: heap };
}

/** The scaled RFM matrix Segmint clusters, as rows of numbers. */
async function segmintMatrix() {
  await init();
  const bench = new WasmBench(await fetchBytes('data/online_retail.csv'));
  bench.prepare('kmeans_sweep');
  const flat = bench.matrix();
  const cols = bench.matrix_cols();
  bench.free();
  const rows = [];
  for (let i = 0; i < flat.length; i += cols) rows.push(Array.from(flat.subarray(i, i + cols)));
  return rows;
}

/**
 * ml-kmeans over the same matrix and the same sweep: k = 2..=10, 10 k-means++ starts per k
 * (ml-kmeans has no n_init: a loop over seeds keeps the start of lowest inertia, computed
 * here), maxIterations 300, tolerance 1e-4 (ml-kmeans stops when every centre moved by at
 * most that squared distance).
 */
async function mlKmeans(reps) {
  const data = await segmintMatrix();
  const times = [];
  let check = 0;
  let firstS = null;
  for (let r = 0; r <= reps; r++) {
    const t = now();
    let total = 0;
    for (let k = 2; k <= 10; k++) {
      let best = Infinity;
      for (let s = 0; s < 10; s++) {
        const fit = kmeans(data, k, { initialization: 'kmeans++', seed: 1 + s + 100 * k, maxIterations: 300, tolerance: 1e-4 });
        let inertia = 0;
        for (let i = 0; i < data.length; i++) {
          const c = fit.centroids[fit.clusters[i]];
          const p = data[i];
          for (let j = 0; j < p.length; j++) inertia += (p[j] - c[j]) ** 2;
        }
        if (inertia < best) best = inertia;
      }
      total += best;
    }
    if (r === 0) firstS = now() - t;
    else times.push(now() - t);
    check = total;
  }
  return { times, first_s: firstS, check, rows: data.length, js_heap_bytes: jsHeap() };
}

/** node-fpgrowth in a worker on Segmint's baskets (item ids), stopped after `capS` seconds. */
async function fpgrowth(support, reps, capS) {
  await init();
  const bench = new WasmBench(await fetchBytes('data/online_retail.csv'));
  bench.prepare(`mine_${support}`);
  const items = bench.basket_items();
  const ends = bench.basket_ends();
  bench.free();
  const baskets = [];
  let start = 0;
  for (const end of ends) {
    baskets.push(Array.from(items.subarray(start, end)));
    start = end;
  }
  const times = [];
  let check = null;
  for (let r = 0; r < reps; r++) {
    const worker = new Worker('fpgrowth-worker.js');
    const result = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(null), capS * 1000);
      worker.onmessage = (e) => { clearTimeout(timer); resolve(e.data); };
      worker.onerror = (e) => { clearTimeout(timer); reject(new Error(`fpgrowth worker: ${e.message}`)); };
      worker.postMessage({ baskets, support });
    });
    worker.terminate();
    if (result === null) return { times, check, capped: true, cap_s: capS, baskets: baskets.length };
    times.push(result.seconds);
    check = result.itemsets;
  }
  return { times, check, capped: false, baskets: baskets.length };
}

const RFM_SQL = `
WITH raw AS (SELECT DISTINCT * FROM read_csv('online_retail.csv', all_varchar = true, header = true)),
typed AS (
    SELECT InvoiceNo, CustomerID, CAST(Quantity AS DOUBLE) AS qty, CAST(UnitPrice AS DOUBLE) AS price,
           CAST(strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS DATE) AS day FROM raw),
kept AS (
    SELECT *, qty * price AS amount FROM typed
    WHERE CustomerID IS NOT NULL AND CustomerID <> '' AND qty >= 0 AND price > 0
      AND qty * price > 0 AND NOT starts_with(InvoiceNo, 'C')),
ref AS (SELECT max(day) + 1 AS ref FROM kept),
rfm AS (
    SELECT CustomerID, (SELECT ref FROM ref) - max(day) AS recency_days,
           count(DISTINCT InvoiceNo) AS frequency, sum(amount) AS monetary
    FROM kept GROUP BY CustomerID)
SELECT count(*) AS n FROM rfm`;

/**
 * DuckDB-Wasm (eh bundle, one thread, served from this origin): start-up (worker, fetch and
 * compile of duckdb-eh.wasm, instantiate, connect), then per repetition the CSV load into a
 * table (all columns as text) and the RFM query of bench/peers/tabular.py (duckdb-rfm) on the same file.
 */
async function duckdbBench(reps) {
  let t = now();
  const worker = new Worker(new URL('duckdb/duckdb-browser-eh.worker.js', location.href).href);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  // The worker resolves relative URLs against its own; give it an absolute one.
  await db.instantiate(new URL('duckdb/duckdb-eh.wasm', location.href).href);
  const conn = await db.connect();
  const startupS = now() - t;
  for (const setting of ['autoinstall_known_extensions', 'autoload_known_extensions']) {
    try { await conn.query(`SET ${setting} = false`); } catch { /* not settable in this build */ }
  }
  const version = await db.getVersion();
  const bytes = await fetchBytes('data/online_retail.csv');
  t = now();
  await db.registerFileBuffer('online_retail.csv', bytes);
  const registerS = now() - t;
  const load = [];
  const rfm = [];
  let rows = null;
  let customers = null;
  let firstLoad = null;
  let firstRfm = null;
  for (let r = 0; r <= reps; r++) {
    t = now();
    await conn.query("CREATE OR REPLACE TABLE raw AS SELECT * FROM read_csv('online_retail.csv', all_varchar = true, header = true)");
    if (r === 0) firstLoad = now() - t;
    else load.push(now() - t);
    rows = Number((await conn.query('SELECT count(*) AS n FROM raw')).toArray()[0].n);
    await conn.query('DROP TABLE raw');
    t = now();
    const result = await conn.query(RFM_SQL);
    if (r === 0) firstRfm = now() - t;
    else rfm.push(now() - t);
    customers = Number(result.toArray()[0].n);
  }
  await conn.close();
  await db.terminate();
  worker.terminate();
  return { startup_s: startupS, register_s: registerS, load, rfm, first_load_s: firstLoad, first_rfm_s: firstRfm, rows, customers, version, js_heap_bytes: jsHeap() };
}

/** Stream a (large) file from the server into Segmint's ingest, then RFM; where does it stop? */
async function scale(url) {
  const wasm = await init();
  const t = now();
  let bytes = 0;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const stream = new WasmStream();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      stream.push(value);
    }
    const [rowsRead, rowsUsed, customers] = stream.finish_rfm();
    stream.free();
    return { ok: true, seconds: now() - t, bytes, rows_read: rowsRead, rows_used: rowsUsed, customers, wasm_memory_bytes: wasm.memory.buffer.byteLength };
  } catch (e) {
    return { ok: false, error: String(e), seconds: now() - t, bytes, wasm_memory_bytes: wasm.memory.buffer.byteLength };
  }
}

window.bench = { idle: async () => ({}), segmint, papa, mlKmeans, fpgrowth, duckdbBench, scale };
document.getElementById('status').textContent = 'ready';
