// Segmint in the browser, side by side, in ONE headless Chromium session (issue 10, part 2;
// issue 5's wasm speed proof):
//   - Segmint wasm vs Papa Parse (CSV parse) and DuckDB-Wasm (CSV load, RFM query, start-up)
//   - Segmint wasm vs ml-kmeans (k = 2..=10 sweep, 10 starts per k, same scaled matrix)
//   - Segmint wasm vs node-fpgrowth (frequent itemsets, same baskets, time cap)
//   - Segmint wasm vs Segmint native, kernel by kernel, timed in-process on both sides
//   - optionally (--scale) how far streamed ingest + RFM goes in the tab at 1M/5M/10M lines
// Writes bench/results/browser.json and bench/results/browser.md.
//
//   node bench/browser/run.mjs [--quick] [--no-build] [--no-wasm-opt] [--simd] [--scale] [--peers-only] [--scale-only]
//                              [--jobs kmeans_sweep,ingest] [--no-peers] [--tag NAME] [--md-only]
//                              [--scale-lines 1000000,5000000,10000000,20000000,30000000]
// Data: ../shared/data (or SEGMINT_DATA). CARGO_TARGET_DIR is honoured for the builds.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { build, link, HERE, ROOT, SITE, NATIVE_BIN } from './build.mjs';
import { generate } from './scale.mjs';
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const QUICK = flag('--quick');
const DATA = resolve(process.env.SEGMINT_DATA ?? join(ROOT, '..', 'shared', 'data'));
const CHROMIUM = process.env.SEGMINT_CHROMIUM ?? '/usr/bin/chromium';
const RESULTS = join(ROOT, 'bench', 'results');
const FP_CAP_S = QUICK ? 20 : 120;

// Repetitions per job (quick: 2, and the slow 0.002 mining is left out).
const JOBS = [
  ['ingest', 5], ['rfm', 5], ['ingest_rfm', 5], ['kmeans_sweep', 5], ['cluster_sweep', 3],
  ['cluster_analyse', 3], ['mine_0.01', 5], ['mine_0.005', 5], ['mine_0.002', 3], ['clv', 5],
].filter(([job]) => !(QUICK && job === 'mine_0.002'))
  .filter(([job]) => !option('--jobs', null) || option('--jobs', '').split(',').includes(job))
  .map(([job, reps]) => [job, QUICK ? 2 : reps]);
// --tag NAME writes browser-NAME.{json,md} instead (side experiments: --no-wasm-opt, --simd).
const TAG = option('--tag', null);

const log = (...a) => console.error(...a);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.csv': 'text/csv; charset=utf-8' };

/**
 * A static server for site/ on 127.0.0.1 that streams files (tests/e2e/server.mjs reads whole
 * files into memory, which stops at 2 GiB; the scale files go beyond).
 */
async function startServer(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const file = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    let size;
    try {
      if (!file.startsWith(root)) throw new Error('outside');
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median_s: median, min_s: s[0], max_s: s[s.length - 1], reps: s.length };
}

function pkgVersion(name) {
  return JSON.parse(readFileSync(join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Chromium renderer processes of our profile: pid → cmdline. */
function renderers(profile) {
  const found = new Set();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('--type=renderer') && cmd.includes(profile)) found.add(Number(pid));
    } catch { /* gone */ }
  }
  return found;
}

function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Run `window.bench[fn](...args)` in a freshly opened page; adds the renderer's peak RSS. */
async function inPage(context, profile, url, fn, ...args) {
  const before = renderers(profile);
  const page = await context.newPage();
  let crashed = false;
  page.on('crash', () => { crashed = true; });
  page.on('pageerror', (e) => log(`  page error: ${e.message}`));
  try {
    await page.goto(`${url}/index.html`);
    await page.waitForFunction(() => window.bench !== undefined);
    const fresh = [...renderers(profile)].filter((p) => !before.has(p));
    const pid = fresh.length === 1 ? fresh[0] : null;
    const result = await page.evaluate(([f, a]) => window.bench[f](...a), [fn, args]);
    result.renderer_peak_rss_bytes = pid ? peakRss(pid) : null;
    return result;
  } catch (e) {
    if (crashed) return { crashed: true, error: String(e.message ?? e) };
    throw e;
  } finally {
    await page.close().catch(() => {});
  }
}

function native(job, reps) {
  const out = execFileSync(NATIVE_BIN, [job, DATA, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop());
}

const sameCheck = (a, b) => a === b || (Number.isFinite(a) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

async function main() {
  if (flag('--md-only')) {
    // Rewrite browser[-TAG].md from its JSON (no measurement).
    const base = TAG ? `browser-${TAG}` : 'browser';
    writeFileSync(join(RESULTS, `${base}.md`), markdown(JSON.parse(readFileSync(join(RESULTS, `${base}.json`), 'utf8'))));
    return;
  }
  if (!flag('--no-build')) build({ wasmOpt: !flag('--no-wasm-opt'), simd: flag('--simd') });
  if (!existsSync(join(SITE, 'page.js')) || !existsSync(NATIVE_BIN)) throw new Error('not built: run without --no-build');
  link('data', DATA);
  const scaleDir = join(tmpdir(), 'segmint-scale');
  mkdirSync(scaleDir, { recursive: true });
  link('scale', scaleDir);

  const server = await startServer(SITE);
  const origin = server.url;
  const profile = await mkdtemp(join(tmpdir(), 'segmint-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      '--enable-precise-memory-info',
      '--disable-features=SpareRendererForSitePerProcess',
    ],
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  context.setDefaultTimeout(30 * 60 * 1000);
  const rows = [];
  const wasmVsNative = [];
  const scaleRows = [];
  let chromiumVersion = 'unknown';
  let duckdbEngine = null;
  let idle = null;
  const failures = [];
  const started = new Date();
  try {
    chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
    idle = (await inPage(context, profile, origin, 'idle')).renderer_peak_rss_bytes;

    // 1. Segmint wasm vs native, kernel by kernel, alternating.
    for (const [job, reps] of flag('--peers-only') || flag('--scale-only') ? [] : JOBS) {
      log(`segmint ${job}: wasm…`);
      const w = await inPage(context, profile, origin, 'segmint', job, reps);
      log(`  wasm ${w.times.map((t) => t.toFixed(3)).join(' ')} s, check ${w.check}; native…`);
      const n = native(job, reps);
      log(`  native ${n.times_s.map((t) => t.toFixed(3)).join(' ')} s, check ${n.check}`);
      const ws = stats(w.times);
      const ns = stats(n.times_s);
      rows.push({
        job, tool: 'segmint-wasm', version: 'this commit', ...ws, memory_bytes: w.renderer_peak_rss_bytes,
        wasm_memory_bytes: w.wasm_memory_bytes, times_s: w.times, first_s: w.first_s, check: w.check,
        notes: `headless Chromium, one thread; first (warm-up) run ${w.first_s.toFixed(3)} s; prepare ${w.prepare_s.toFixed(3)} s untimed; wasm instantiate ${w.init_s.toFixed(3)} s`,
      });
      rows.push({
        job, tool: 'segmint-native', version: 'this commit', ...ns, memory_bytes: n.peak_rss_bytes,
        times_s: n.times_s, first_s: n.first_s, check: n.check, notes: `segmint-bench-native, --profile native, one thread; first (warm-up) run ${n.first_s.toFixed(3)} s`,
      });
      wasmVsNative.push({ job, wasm_median_s: ws.median_s, native_median_s: ns.median_s, ratio: ws.median_s / ns.median_s,
        ratio_min: ws.min_s / ns.min_s, wasm_first_s: w.first_s, native_first_s: n.first_s, ratio_first: w.first_s / n.first_s, same_result: sameCheck(w.check, n.check), wasm_check: w.check, native_check: n.check });
    }

    const peer = async (name, fn) => {
      if (flag('--scale-only') && name !== 'scale') return;
      if (flag('--no-peers') && name !== 'scale') return;
      try {
        await fn();
      } catch (e) {
        log(`  ${name} failed: ${e.message ?? e}`);
        failures.push(`${name}: ${e.message ?? e}`);
      }
    };

    // 2. Papa Parse: parse only (strings), and with dynamicTyping.
    await peer('papaparse', async () => {
      const reps = QUICK ? 2 : 5;
      for (const typing of [false, true]) {
        log(`papaparse dynamicTyping=${typing}…`);
        const p = await inPage(context, profile, origin, 'papa', reps, typing);
        rows.push({ job: 'ingest', tool: typing ? 'papaparse (dynamicTyping)' : 'papaparse', version: pkgVersion('papaparse'),
          ...stats(p.times), memory_bytes: p.renderer_peak_rss_bytes, js_heap_bytes: p.js_heap_bytes, times_s: p.times, first_s: p.first_s, check: p.check,
          notes: `first (warm-up) run ${p.first_s.toFixed(3)} s; TextDecoder + Papa.parse(text, {header: false, dynamicTyping: ${typing}}); ${p.check} data rows; split (and type) only: no mapping, dedupe or cleaning` });
      }
    });

    // 3. DuckDB-Wasm.
    await peer('duckdb-wasm', async () => {
      log('duckdb-wasm…');
      const d = await inPage(context, profile, origin, 'duckdbBench', QUICK ? 2 : 3);
      duckdbEngine = d.version;
      const duckVersion = `${pkgVersion('@duckdb/duckdb-wasm')} (engine ${d.version}, eh bundle)`;
      rows.push({ job: 'duckdb_startup', tool: 'duckdb-wasm', version: duckVersion, ...stats([d.startup_s]),
        memory_bytes: null, times_s: [d.startup_s], notes: 'worker start + fetch/compile duckdb-eh.wasm from the local server (no HTTP cache) + instantiate + connect; once per page' });
      rows.push({ job: 'ingest', tool: 'duckdb-wasm (CSV load)', version: duckVersion, ...stats(d.load),
        memory_bytes: d.renderer_peak_rss_bytes, times_s: d.load, first_s: d.first_load_s, check: d.rows,
        notes: `first (warm-up) run ${d.first_load_s.toFixed(3)} s; CREATE TABLE AS SELECT * FROM read_csv(all_varchar) on the registered file buffer; registerFileBuffer ${d.register_s.toFixed(3)} s untimed; start-up excluded` });
      rows.push({ job: 'ingest_rfm', tool: 'duckdb-wasm (RFM query)', version: duckVersion, ...stats(d.rfm),
        memory_bytes: d.renderer_peak_rss_bytes, times_s: d.rfm, first_s: d.first_rfm_s, check: d.customers,
        notes: `first (warm-up) run ${d.first_rfm_s.toFixed(3)} s; ` + 'the RFM SQL of bench/peers/tabular.py (DISTINCT rows, casts, cleaning, GROUP BY customer) from the registered CSV; start-up excluded' });
      const rfmMed = stats(d.rfm).median_s;
      rows.push({ job: 'ingest_rfm', tool: 'duckdb-wasm (start-up + RFM query)', version: duckVersion,
        ...stats([d.startup_s + rfmMed]), reps: 1, memory_bytes: d.renderer_peak_rss_bytes, times_s: [d.startup_s + rfmMed], check: d.customers,
        notes: 'what a first visit pays: start-up + median RFM query' });
    });

    // 4. ml-kmeans.
    await peer('ml-kmeans', async () => {
      log('ml-kmeans…');
      const k = await inPage(context, profile, origin, 'mlKmeans', QUICK ? 1 : 3);
      rows.push({ job: 'kmeans_sweep', tool: 'ml-kmeans', version: pkgVersion('ml-kmeans'), ...stats(k.times),
        memory_bytes: k.renderer_peak_rss_bytes, js_heap_bytes: k.js_heap_bytes, times_s: k.times, first_s: k.first_s, check: k.check,
        notes: `first (warm-up) run ${k.first_s.toFixed(3)} s; same ${k.rows}×3 scaled matrix; k = 2..=10, 10 k-means++ starts per k by a loop over seeds (ml-kmeans has no n_init), best inertia kept; maxIterations 300, tolerance 1e-4 (max squared centre shift); check = Σ best inertia` });
    });

    // 5. node-fpgrowth, each support until one hits the cap.
    await peer('node-fpgrowth', async () => {
      for (const support of QUICK ? [0.01, 0.005] : [0.01, 0.005, 0.002]) {
        log(`node-fpgrowth ${support}…`);
        const f = await inPage(context, profile, origin, 'fpgrowth', support, QUICK ? 1 : 3, FP_CAP_S);
        const base = { job: `mine_${support}`, tool: 'node-fpgrowth', version: pkgVersion('node-fpgrowth'), memory_bytes: f.renderer_peak_rss_bytes };
        if (f.capped && f.times.length === 0) {
          rows.push({ ...base, median_s: null, min_s: null, max_s: null, reps: 0, times_s: [], check: null,
            notes: `did not finish within the ${FP_CAP_S} s cap (worker terminated); ${f.baskets} baskets` });
          break;
        }
        rows.push({ ...base, ...stats(f.times), times_s: f.times, check: f.check,
          notes: `FPGrowth(${support}).exec(baskets) in a fresh worker per run (no warm-up) on the same ${f.baskets} baskets (item ids); all itemsets kept${f.capped ? '; a later repetition hit the cap' : ''}` });
      }
    });

    // 6. Scale: streamed ingest + RFM in the tab.
    if (flag('--scale')) await peer('scale', async () => {
      const lines = option('--scale-lines', '1000000,5000000,10000000,20000000,30000000').split(',').map(Number);
      for (const n of lines) {
        const file = await generate(join(DATA, 'online_retail.csv'), scaleDir, n);
        log(`scale ${n} lines (${file.bytes} bytes): wasm…`);
        const s = await inPage(context, profile, origin, 'scale', `scale/${file.name}`);
        log(`  ${JSON.stringify(s)}`);
        const nat = JSON.parse(execFileSync(NATIVE_BIN, ['--scale', file.path], { encoding: 'utf8' }).trim());
        scaleRows.push({ lines: n, file_bytes: file.bytes, wasm: s, native: nat });
        if (!s.ok || s.crashed) break;
      }
    });
  } finally {
    await context.close();
    await server.close();
  }

  const egress = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  const rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
  const out = {
    generated: started.toISOString(),
    command: `node bench/browser/run.mjs ${argv.join(' ')}`.trim(),
    quick: QUICK,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', load_average_end: loadavg().map((x) => +x.toFixed(2)) },
    chromium: chromiumVersion,
    rustc,
    versions: {
      papaparse: pkgVersion('papaparse'), '@duckdb/duckdb-wasm': pkgVersion('@duckdb/duckdb-wasm'), duckdb_engine: duckdbEngine,
      'ml-kmeans': pkgVersion('ml-kmeans'), 'node-fpgrowth': pkgVersion('node-fpgrowth'), esbuild: pkgVersion('esbuild'),
    },
    build: { wasm_opt: !flag('--no-wasm-opt'), simd: flag('--simd') },
    tag: TAG,
    wasm_bytes: existsSync(join(SITE, 'pkg', 'segmint_bench_wasm_bg.wasm')) ? statSync(join(SITE, 'pkg', 'segmint_bench_wasm_bg.wasm')).size : null,
    renderer_idle_peak_rss_bytes: idle,
    memory_note: 'memory_bytes = peak RSS (VmHWM) of the process doing the work: the page\'s renderer process (fresh page per job; wasm memory, JS heap and dedicated workers included; idle page baseline in renderer_idle_peak_rss_bytes) or the native process. Both hold the input file\'s bytes.',
    results: rows,
    wasm_vs_native: wasmVsNative,
    scale: scaleRows,
    egress_requests: egress,
    failures,
  };
  mkdirSync(RESULTS, { recursive: true });
  const base = TAG ? `browser-${TAG}` : 'browser';
  writeFileSync(join(RESULTS, `${base}.json`), `${JSON.stringify(out, null, 2)}\n`);
  writeFileSync(join(RESULTS, `${base}.md`), markdown(out));
  log(`wrote bench/results/${base}.json and ${base}.md; egress requests: ${egress.length}`);
  if (egress.length) process.exitCode = 1;
}

function scaleOutcome(w, fileBytes) {
  if (w.ok) return `ok: ${w.rows_used} rows used, ${w.customers} customers`;
  if (w.crashed) return `tab crashed: ${w.error}`;
  const oom = /unreachable/.test(w.error)
    ? ' (an allocation failed: wasm32 memory cannot grow past 4 GiB, and the release build aborts on allocation failure, which wasm reports as `unreachable`)'
    : '';
  return `stopped after ${mib(w.bytes)} of ${mib(fileBytes)} read: ${w.error}${oom}`;
}

const sec = (x) => (x == null ? '—' : x < 0.01 ? x.toFixed(4) : x.toFixed(3));
const mib = (b) => (b == null ? '—' : `${Math.round(b / 1048576)} MiB`);

function markdown(o) {
  const L = [];
  const row = (r, ref) => {
    const ratio = ref && r.median_s != null ? `${(r.median_s / ref.median_s).toFixed(2)}×` : '—';
    const time = r.median_s == null ? 'did not finish' : `${sec(r.median_s)} (${sec(r.min_s)}–${sec(r.max_s)})`;
    return `| ${r.job} | ${r.tool} | ${r.version} | ${time} | ${r.reps} | ${mib(r.memory_bytes)} | ${ratio} | ${r.notes ?? ''} |`;
  };
  L.push('# Browser benchmark: Segmint (wasm) vs JavaScript peers, and wasm vs native', '');
  L.push(`Generated ${o.generated} by \`${o.command}\`${o.quick ? ' (**quick run**: fewer repetitions)' : ''}.`);
  L.push(`${o.chromium}, headless, one session; ${o.rustc}; machine: ${o.machine.cpus} × ${o.machine.cpu}, load average at the end ${o.machine.load_average_end.join(' ')} (shared with other builds: read the ratios, measured in the same run, not the absolute times).`);
  L.push(`Segmint wasm: release profile (segmint-core and the bench crate at opt-level 3, fat LTO), wasm-bindgen --target web, wasm-opt ${o.build.wasm_opt ? '-O3' : 'off'}, SIMD ${o.build.simd ? 'on' : 'off'}. Native: \`--profile native\` (opt-level 3, thin LTO). Both time the same functions of \`bench/wasm/src/jobs.rs\` in-process, after the same untimed set-up.`);
  L.push(`Inputs: \`online_retail.csv\` (47 MB, 541,909 lines) and \`cdnow_master.csv\` from \`../shared/data\`, served by a local server; no request left 127.0.0.1 (${o.egress_requests.length} egress requests).`, '');
  L.push(`Memory: peak RSS of the process doing the work (browser: the page's renderer process, fresh page per job, including wasm memory, JS heap and its workers; an idle page peaks at ${mib(o.renderer_idle_peak_rss_bytes)}).`, '');

  const proof = o.wasm_vs_native.find((w) => w.job === 'kmeans_sweep');
  if (proof) {
    L.push('## Issue 5: k-means sweep in wasm vs native', '');
    L.push(`k = 2..=10, n_init 10, max_iter 300, tol 1e-4, seed 0 on the 4,338 × 3 scaled RFM matrix: wasm median ${sec(proof.wasm_median_s)} s, native ${sec(proof.native_median_s)} s → **wasm/native = ${proof.ratio.toFixed(2)}×** (minima: ${proof.ratio_min.toFixed(2)}×); target ≤ 2.5×: **${proof.ratio <= 2.5 ? 'met' : 'NOT met'}**. First run, including V8's lazy compilation and tier-up of the wasm: ${proof.ratio_first.toFixed(2)}×. Same inertias on both sides: ${proof.same_result ? 'yes' : 'NO'}.`, '');
  }

  L.push('## Segmint wasm vs Segmint native, per kernel', '');
  L.push('| job | wasm median (s) | native median (s) | wasm / native (medians) | wasm / native (minima) | first run: wasm / native (s) | same result |');
  L.push('|---|---:|---:|---:|---:|---:|---|');
  for (const w of o.wasm_vs_native) {
    L.push(`| ${w.job} | ${sec(w.wasm_median_s)} | ${sec(w.native_median_s)} | ${w.ratio.toFixed(2)}× | ${w.ratio_min.toFixed(2)}× | ${sec(w.wasm_first_s)} / ${sec(w.native_first_s)} (${w.ratio_first.toFixed(2)}×) | ${w.same_result ? 'yes' : `no (${w.wasm_check} vs ${w.native_check})`} |`);
  }
  L.push('', 'Each side runs the job once untimed-for-the-median first (the "first run" column: in the page that includes V8 compiling the wasm lazily and tiering hot functions up), then the timed repetitions.');
  L.push('', 'Jobs: `ingest` = bytes → cleaned table (`load_bytes`); `rfm` = `rfm::analyse` on the table; `ingest_rfm` = both; `kmeans_sweep` = nine `KMeansParams::fit` (k = 2..=10, n_init 10); `cluster_sweep` = `cluster::sweep` (k-means + silhouette, Davies–Bouldin, Calinski–Harabasz); `cluster_analyse` = `cluster::analyse` (features → sweep → profiles, PCA); `mine_S` = `basket::mine` at support S, every itemset kept; `clv` = `clv::analyse` on CDNOW (weeks, 52-week horizon).', '');

  L.push('## Segmint wasm vs JavaScript peers (same page, same inputs)', '');
  L.push('| job | tool | version | median (min–max) s | reps | peak RSS | vs Segmint wasm | what was timed |');
  L.push('|---|---|---|---:|---:|---:|---:|---|');
  const jobs = ['ingest', 'ingest_rfm', 'duckdb_startup', 'kmeans_sweep', 'mine_0.01', 'mine_0.005', 'mine_0.002'];
  for (const job of jobs) {
    const ref = o.results.find((r) => r.job === job && r.tool === 'segmint-wasm');
    for (const r of o.results.filter((x) => x.job === job && x.tool !== 'segmint-native')) L.push(row(r, ref));
  }
  if (o.scale.length) {
    L.push('', '## Scale: streamed ingest + RFM in the tab', '');
    L.push('Generated by `bench/browser/scale.mjs`: online_retail.csv rows repeated with fresh invoice and customer ids per copy (same shares of missing ids and cancellations). The page streams the file from the server into `DatasetStream` in fetch-sized chunks, then runs RFM.', '');
    L.push('| lines | file | wasm: time | wasm memory | renderer peak RSS | native: time | native peak RSS | outcome |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const s of o.scale) {
      const w = s.wasm;
      const outcome = scaleOutcome(w, s.file_bytes);
      L.push(`| ${s.lines} | ${mib(s.file_bytes)} | ${sec(w.seconds)} s | ${mib(w.wasm_memory_bytes)} | ${mib(w.renderer_peak_rss_bytes)} | ${sec(s.native.seconds)} s | ${mib(s.native.peak_rss_bytes)} | ${outcome} |`);
    }
  }
  // Side experiments (`--tag NAME` runs) found next to the main result.
  const sides = o.tag ? [] : readdirSync(RESULTS).filter((f) => /^browser-.+\.json$/.test(f)).sort()
    .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) }));
  const ratioSides = sides.filter((x) => x.wasm_vs_native.length);
  if (ratioSides.length) {
    L.push('', '## Build variants (separate runs, wasm / native medians in each run)', '');
    L.push('Each variant is its own run of the same harness (`--tag`), so its ratios are measured against native in that run; compare ratios, not times, across runs.', '');
    const jobsSeen = [...new Set(ratioSides.flatMap((x) => x.wasm_vs_native.map((w) => w.job)))];
    L.push(`| build | ${jobsSeen.join(' | ')} | .wasm size | file |`);
    L.push(`|---|${jobsSeen.map(() => '---:').join('|')}|---:|---|`);
    const line = (name, x) => `| ${name} | ${jobsSeen.map((j) => { const w = x.wasm_vs_native.find((v) => v.job === j); return w ? `${w.ratio.toFixed(2)}×` : '—'; }).join(' | ')} | ${x.wasm_bytes ?? '—'} | ${x.file ?? 'browser.json'} |`;
    L.push(line(`this run (wasm-opt ${o.build.wasm_opt ? '-O3' : 'off'}, SIMD ${o.build.simd ? 'on' : 'off'})`, o));
    for (const x of ratioSides) L.push(line(`wasm-opt ${x.build.wasm_opt ? '-O3' : 'off'}, SIMD ${x.build.simd ? 'on (+simd128)' : 'off'}`, x));
  }
  const scaleSides = sides.filter((x) => x.scale.length);
  if (scaleSides.length) {
    L.push('', 'Further scale runs (separate runs, same harness):', '');
    for (const x of scaleSides) {
      for (const s of x.scale) {
        const w = s.wasm;
        const outcome = scaleOutcome(w, s.file_bytes);
        L.push(`- ${s.lines} lines (${mib(s.file_bytes)}), ${x.file}: wasm ${sec(w.seconds)} s, wasm memory ${mib(w.wasm_memory_bytes)}, renderer peak RSS ${mib(w.renderer_peak_rss_bytes)}; native ${s.native ? `${sec(s.native.seconds)} s, ${mib(s.native.peak_rss_bytes)}` : '—'}; ${outcome}.`);
      }
    }
  }
  L.push('', 'Raw repetitions, check values and notes: `bench/results/browser.json` (and `browser-*.json` for the variants).', '');
  return L.join('\n');
}

await main();
