// Browser benchmarks of the app (committed numbers, never assertions):
//   node bench/app/run.mjs [--runs N] [--file PATH]
// after `trunk build --release`. Measures, in Debian's headless Chromium on localhost:
//   - first paint / first contentful paint (performance paint entries), cold (fresh profile:
//     no HTTP cache, no service worker) and warm (a reload served by the service worker);
//   - file pick → dashboard: from setInputFiles of ../shared/data/online_retail.csv to the
//     dashboard rendered (key-number cards shown, the monthly chart drawn; worker on), the
//     target of issue 18 being under 1 s;
//   - main-thread long tasks (PerformanceObserver `longtask`) while the file's first 500,000
//     lines go through every tab, each waited for until its charts are drawn: the longest,
//     against the 200 ms target (a speed target, so measured here and not asserted in tests);
//   - the app's wasm sizes gzipped (gzip -9), against the 1.5 MB target.
// Medians of N runs. Writes bench/results/app.json and bench/results/app.md.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readdir, readFile, writeFile, mkdir, mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, tmpdir } from 'node:os';
import { startServer } from '../../tests/e2e/server.mjs';
import { launch, headOf, longTaskFlow } from '../../tests/e2e/browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const RESULTS = join(ROOT, 'bench', 'results');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('--runs', '5'));
const FILE = arg('--file', join(ROOT, '..', 'shared', 'data', 'online_retail.csv'));
const TARGET_GZ = 1.5e6;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

async function paints(page) {
  await page.waitForSelector('[data-testid="demo-button"]');
  return page.evaluate(() => Object.fromEntries(
    performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]),
  ));
}

/** The longest main-thread task (ms) from the pick of `file` until every tab has settled. */
async function longestTask(url, file) {
  const context = await launch();
  try {
    return (await longTaskFlow(context, url, file)).longest;
  } finally {
    await context.close();
  }
}

const loadBefore = (await readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?')).split(' ').slice(0, 3).join(' ');
const server = await startServer({ dir: DIST });
const cold = [];
const warm = [];
const pick = [];
const longest = [];
let chromium = '';
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await launch();
    try {
      chromium ||= context.browser()?.version() ?? '';
      const page = await context.newPage();
      await page.goto(server.url);
      cold.push(await paints(page));
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.reload();
      warm.push(await paints(page));
    } finally {
      await context.close();
    }
  }
  if (existsSync(FILE)) {
    for (let i = 0; i < RUNS; i++) {
      const context = await launch();
      try {
        const page = await context.newPage();
        await page.goto(server.url);
        await page.waitForSelector('[data-testid="demo-button"]');
        const t0 = performance.now();
        await page.setInputFiles('[data-testid="file-input"]', FILE);
        await page.waitForSelector('[data-testid="overview-customers"]', { state: 'visible', timeout: 600_000 });
        await page.waitForSelector('[data-testid="dash-monthly"] canvas[data-drawn]', { timeout: 600_000 });
        pick.push(performance.now() - t0);
      } finally {
        await context.close();
      }
    }
    const head = await headOf(FILE, 500_001, join(await mkdtemp(join(tmpdir(), 'segmint-bench-')), 'head_500k.csv'));
    for (let i = 0; i < RUNS; i++) longest.push(await longestTask(server.url, head));
  }
} finally {
  await server.close();
}

const sizes = {};
for (const name of (await readdir(DIST)).filter((f) => f.endsWith('.wasm'))) {
  const bytes = await readFile(join(DIST, name));
  const key = name.startsWith('worker') ? 'worker' : 'app';
  sizes[key] = { file: name, bytes: bytes.length, gzip9: gzipSync(bytes, { level: 9 }).length };
}

const stat = (runs, key) => round(median(runs.map((r) => r[key] ?? NaN)));
const result = {
  date: new Date().toISOString(),
  chromium,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  runs: RUNS,
  load_average_before: loadBefore,
  first_paint_ms: { cold: stat(cold, 'first-paint'), warm: stat(warm, 'first-paint') },
  first_contentful_paint_ms: { cold: stat(cold, 'first-contentful-paint'), warm: stat(warm, 'first-contentful-paint') },
  file_pick_to_dashboard_ms: pick.length ? { file: FILE.split('/').pop(), median: round(median(pick)), runs: pick.map(round), target: 1000 } : null,
  longest_main_thread_task_ms: longest.length ? { lines: 500_000, median: round(median(longest)), runs: longest.map(round), target: 200 } : null,
  wasm: sizes,
  wasm_gzip_target_bytes: TARGET_GZ,
};
await mkdir(RESULTS, { recursive: true });
await writeFile(join(RESULTS, 'app.json'), `${JSON.stringify(result, null, 2)}\n`);
const kb = (n) => `${(n / 1000).toFixed(0)} kB`;
const md = `# App benchmarks (headless Chromium, localhost)

\`node bench/app/run.mjs --runs ${RUNS}\` after \`trunk build --release\`; ${result.date}, Chromium
${chromium}, ${result.machine}. Medians of ${RUNS} runs. The machine is shared (load average ${loadBefore} before the
run), so treat the times as an upper bound.

| What | Cold (fresh profile) | Warm (service worker) |
|---|---|---|
| First paint | ${result.first_paint_ms.cold} ms | ${result.first_paint_ms.warm} ms |
| First contentful paint (the app rendered) | ${result.first_contentful_paint_ms.cold} ms | ${result.first_contentful_paint_ms.warm} ms |

File pick → dashboard rendered (worker on; target under 1,000 ms): ${pick.length ? `**${result.file_pick_to_dashboard_ms.median} ms** for ${result.file_pick_to_dashboard_ms.file} (runs: ${result.file_pick_to_dashboard_ms.runs.join(', ')} ms)` : 'not measured (no data file)'}.

Longest main-thread task while the first 500,000 lines go through every tab (target at most 200 ms): ${longest.length ? `**${result.longest_main_thread_task_ms.median} ms** (runs: ${result.longest_main_thread_task_ms.runs.join(', ')} ms)` : 'not measured (no data file)'}.

| wasm | size | gzip -9 | target |
|---|---|---|---|
${Object.entries(sizes).map(([k, s]) => `| ${k} (${s.file}) | ${kb(s.bytes)} | ${kb(s.gzip9)} | ${k === 'app' ? `≤ ${kb(TARGET_GZ)}` : '—'} |`).join('\n')}
`;
await writeFile(join(RESULTS, 'app.md'), md);
console.log(md);
