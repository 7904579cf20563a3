// End-to-end tests of the platform: offline (service worker + manifest), what is stored on the
// device (nothing by default; settings after opting in; "Forget everything"), .csv.gz files,
// Cancel for loading and for analyses, and long tasks on the main thread while a
// 500,000-line file is analysed. Real headless Chromium against the release build in dist/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { startServer, STRICT_CSP } from './server.mjs';
import { withBrowser, watch, recordCspViolations, screenshot, showRfm, headOf, longTaskFlow } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const ARTIFACTS = join(HERE, 'artifacts');
const DEMO_CSV = join(ROOT, 'www', 'demo', 'online_retail_sample.csv');
const TINY = join(ROOT, 'tests', 'fixtures', 'tiny_orders.csv');
const FULL = join(ROOT, '..', 'shared', 'data', 'online_retail.csv');
const DEMO = JSON.parse(await readFile(join(HERE, 'fixtures', 'demo_rfm.json'), 'utf8'));
const TIMEOUT = 60_000;
const LONG = 600_000;

let plain;
let strict;
let scratch;
before(async () => {
  plain = await startServer({ dir: DIST });
  strict = await startServer({ dir: DIST, csp: STRICT_CSP });
  scratch = await mkdtemp(join(tmpdir(), 'segmint-platform-'));
  await mkdir(ARTIFACTS, { recursive: true });
});
after(async () => {
  await plain?.close();
  await strict?.close();
});

const number = (text) => Number(text.replaceAll(',', ''));

/** The app files the service worker precaches (written into dist/sw.js at build time). */
async function precacheList() {
  const sw = await readFile(join(DIST, 'sw.js'), 'utf8');
  const match = sw.match(/const PRECACHE = (\[[\s\S]*?\]);/);
  assert.ok(match, 'dist/sw.js has its precache list (the post_build hook ran)');
  return JSON.parse(match[1]);
}

/** Everything the page's storage holds, as plain data. */
async function storageContents(page) {
  return page.evaluate(async () => {
    const dump = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
    const caches_ = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      caches_[name] = (await cache.keys()).map((r) => r.url);
    }
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      indexedDB: (await indexedDB.databases()).map((d) => d.name),
      caches: caches_,
    };
  });
}

async function segmentRows(page) {
  return page.$$eval('[data-testid="segment-row"]', (trs) => trs.map((tr) => [
    tr.querySelector('[data-testid="segment-name"]').textContent,
    tr.querySelector('[data-testid="segment-customers"]').textContent,
  ]));
}

async function openTab(page, id) {
  await page.click(`[data-testid="tab-${id}"]`);
  await page.waitForSelector(`[data-testid="panel-${id}"]`);
}

/** Wait until the service worker is active and its precache is complete. */
async function waitForOfflineCopy(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    // `ready` resolves once there is an active worker, which may still be activating
    // (deleting old caches): wait for the activation to finish.
    const active = registration.active;
    if (active.state !== 'activated') {
      await new Promise((done) => {
        active.addEventListener('statechange', () => active.state === 'activated' && done());
      });
    }
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('segmint-app-')));
    return { state: registration.active.state, cached: (await cache.keys()).length };
  });
}

test('offline: after one visit the app reloads without a network and the demo data works end to end', async () => {
  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(strict.url);
    const copy = await waitForOfflineCopy(page);
    const list = await precacheList();
    assert.equal(copy.state, 'activated');
    assert.equal(copy.cached, list.length, 'every app file is precached');
    for (const needed of ['./index.html', './worker_bg.wasm', './worker.js', './worker_loader.js', './demo/online_retail_sample.csv']) {
      assert.ok(list.includes(needed), `${needed} precached: ${list}`);
    }
    assert.ok(list.some((u) => /segmint-app-[0-9a-f]+_bg\.wasm$/.test(u)), `hashed app wasm precached: ${list}`);

    // Installable: the manifest parses and Chromium finds nothing missing.
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));

    await context.setOffline(true);
    await page.reload();
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the service worker');
    await page.click('[data-testid="demo-button"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '20000');
    assert.equal(number(await page.textContent('[data-testid="rfm-customers"]')), DEMO.customers);
    await openTab(page, 'cohorts');
    await page.waitForSelector('[data-testid="cohort-row"]', { state: 'attached', timeout: TIMEOUT });
    await screenshot(page, { path: join(ARTIFACTS, 'offline-cohorts.png'), fullPage: true });
    // The worker ran offline too: its files came from the cache.
    assert.ok(seen.requests.some((u) => u.endsWith('/worker_bg.wasm')), 'worker wasm requested');
    await context.setOffline(false);

    assert.ok(seen.requests.some((u) => u.endsWith('/sw.js')), 'the service worker was seen by the request log');
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('nothing is stored by default; opting in stores only the settings; Forget everything clears it all', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(plain.url);
    await waitForOfflineCopy(page);
    assert.equal(await page.isChecked('[data-testid="remember-settings"]'), false);

    // A full flow on a picked file and on the demo data.
    await page.setInputFiles('[data-testid="file-input"]', TINY);
    await page.waitForSelector('[data-testid="file-line"]', { timeout: TIMEOUT });
    await page.click('[data-testid="demo-button"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    await page.selectOption('[data-testid="preset-select"]', 'three-level');
    await page.selectOption('[data-testid="bins-select"]', '4');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    for (const id of ['overview', 'clv', 'cohorts']) await openTab(page, id);

    const list = await precacheList();
    const appUrls = new Set(list.map((u) => new URL(u, `${plain.url}/`).href));
    let stored = await storageContents(page);
    assert.deepEqual(stored.local, {}, 'localStorage');
    assert.deepEqual(stored.session, {}, 'sessionStorage');
    assert.deepEqual(stored.indexedDB, [], 'IndexedDB');
    const cached = Object.values(stored.caches).flat();
    assert.ok(cached.length > 0);
    for (const url of cached) assert.ok(appUrls.has(url), `only app files are cached, not ${url}`);
    assert.ok(!cached.some((u) => u.includes('tiny_orders')), 'the picked file is not cached');

    // Opt in: exactly the settings, nothing from the data.
    await openTab(page, 'rfm');
    await page.check('[data-testid="remember-settings"]');
    stored = await storageContents(page);
    assert.deepEqual(Object.keys(stored.local), ['segmint.settings']);
    assert.deepEqual(JSON.parse(stored.local['segmint.settings']), { version: 1, preset: 'three-level', bins: 4 });
    assert.deepEqual(stored.session, {});
    assert.deepEqual(stored.indexedDB, []);

    // Remembered on the next visit.
    await page.reload();
    assert.equal(await page.isChecked('[data-testid="remember-settings"]'), true);
    await page.click('[data-testid="demo-button"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    assert.equal(await page.inputValue('[data-testid="preset-select"]'), 'three-level');
    assert.equal(await page.inputValue('[data-testid="bins-select"]'), '4');

    // Forget everything: storage (including what something else put there), the worker's
    // dataset (the worker is terminated and a fresh one started) and the page.
    await page.evaluate(() => new Promise((ok, fail) => {
      sessionStorage.setItem('probe', 'x');
      const open = indexedDB.open('probe-db');
      open.onsuccess = () => { open.result.close(); ok(); };
      open.onerror = () => fail(open.error);
    }));
    const old = page.workers();
    assert.ok(old.length > 0, 'a worker is running');
    await page.click('[data-testid="forget"]');
    await page.waitForSelector('[data-testid="forgotten"]');
    await page.waitForSelector('[data-testid="empty"]');
    assert.equal(await page.$('[data-testid="summary"]'), null, 'the page forgot the file');
    assert.equal(await page.isChecked('[data-testid="remember-settings"]'), false);
    await page.waitForFunction(async () => (await indexedDB.databases()).length === 0, null, { timeout: TIMEOUT });
    stored = await storageContents(page);
    assert.deepEqual(stored.local, {});
    assert.deepEqual(stored.session, {});
    assert.deepEqual(stored.indexedDB, []);
    // The worker holding the dataset is gone, and a fresh one runs.
    for (let i = 0; i < 200 && page.workers().some((w) => old.includes(w)); i++) await page.waitForTimeout(50);
    assert.ok(!page.workers().some((w) => old.includes(w)), 'the old worker was terminated');
    for (let i = 0; i < 200 && page.workers().length === 0; i++) await page.waitForTimeout(50);
    assert.ok(page.workers().length > 0, 'a fresh worker was started');
    assert.match(await page.textContent('[data-testid="forgotten"]'), /offline copy of the app/);
    await screenshot(page, { path: join(ARTIFACTS, 'forgotten.png'), fullPage: true });

    // And the next visit starts with the defaults.
    await page.reload();
    assert.equal(await page.isChecked('[data-testid="remember-settings"]'), false);
    await page.click('[data-testid="demo-button"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    assert.equal(await page.inputValue('[data-testid="preset-select"]'), 'rfm-10');
    assert.deepEqual(seen.egress(plain.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('a .csv.gz of the demo data gives the same report as the .csv; a gzip bomb and a truncated file are clear errors', async () => {
  const csv = await readFile(DEMO_CSV);
  const gz = join(scratch, 'online_retail_sample.csv.gz');
  await writeFile(gz, gzipSync(csv, { level: 9 }));
  // 64 MiB of one repeated line compresses about 1000:1.
  const line = Buffer.from('536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n');
  const header = csv.subarray(0, csv.indexOf(10) + 1);
  const bomb = join(scratch, 'bomb.csv.gz');
  await writeFile(bomb, gzipSync(Buffer.concat([header, Buffer.alloc(64 << 20, line.toString())]), { level: 9 }));
  const cut = join(scratch, 'cut.csv.gz');
  const packed = gzipSync(csv);
  await writeFile(cut, packed.subarray(0, packed.length >> 1));

  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const seen = watch(context);
    const page = await context.newPage();
    // A 16 MiB cap for this page (the default is 2 GiB), so the bomb needs no 2 GiB file.
    await page.goto(`${strict.url}/?max-unpacked=16`);
    await page.setInputFiles('[data-testid="file-input"]', DEMO_CSV);
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    const plainSentence = await page.textContent('[data-testid="quality-sentence"]');
    const plainRows = await segmentRows(page);

    await page.setInputFiles('[data-testid="file-input"]', gz);
    await page.waitForFunction(() => document.querySelector('[data-testid="file-name"]')?.textContent.endsWith('.gz'), null, { timeout: TIMEOUT });
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="file-name"]'), 'online_retail_sample.csv.gz');
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '20000');
    assert.equal(await page.textContent('[data-testid="quality-sentence"]'), plainSentence);
    assert.deepEqual(await segmentRows(page), plainRows);
    assert.equal(number(await page.textContent('[data-testid="rfm-customers"]')), DEMO.customers);
    await screenshot(page, { path: join(ARTIFACTS, 'gzip-rfm.png'), fullPage: true });

    await page.setInputFiles('[data-testid="file-input"]', bomb);
    await page.waitForSelector('[data-testid="error"]', { timeout: TIMEOUT });
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'bomb.csv.gz: decompresses to more than 16 MiB — unpack it first and open the .csv, or open a smaller export',
    );
    await screenshot(page, { path: join(ARTIFACTS, 'gzip-bomb.png'), fullPage: true });

    await page.setInputFiles('[data-testid="file-input"]', cut);
    await page.waitForFunction(() => document.querySelector('[data-testid="error"]')?.textContent.startsWith('cut.csv.gz'), null, { timeout: TIMEOUT });
    assert.match(await page.textContent('[data-testid="error"]'), /^cut\.csv\.gz: the gzip data is damaged or cut short \(.+\); download or export the file again/);

    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('a .csv.gz is read in the page too when no worker can start', async () => {
  const gz = join(scratch, 'in_page.csv.gz');
  await writeFile(gz, gzipSync(await readFile(DEMO_CSV)));
  await withBrowser(async (context) => {
    await context.route('**/worker_loader.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(plain.url);
    await page.setInputFiles('[data-testid="file-input"]', gz);
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '20000');
    assert.equal(number(await page.textContent('[data-testid="rfm-customers"]')), DEMO.customers);
  });
});

test('Cancel while a big file loads returns to a usable page, and a new file then loads', async () => {
  const big = existsSync(FULL) ? FULL : null;
  const file = big ?? join(scratch, 'repeated.csv');
  if (!big) {
    const csv = await readFile(DEMO_CSV, 'utf8');
    const [head, ...rest] = csv.trimEnd().split('\n');
    await writeFile(file, `${head}\n${Array(25).fill(rest.join('\n')).join('\n')}\n`);
  }
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(plain.url);
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForSelector('[data-testid="working"]', { timeout: TIMEOUT });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.value ?? 0) > 0, null, { timeout: TIMEOUT });
    await screenshot(page, { path: join(ARTIFACTS, 'loading.png'), fullPage: true });
    await page.click('[data-testid="cancel"]');
    await page.waitForSelector('[data-testid="empty"]');
    assert.equal(await page.$('[data-testid="working"]'), null);
    await page.setInputFiles('[data-testid="file-input"]', TINY);
    await page.waitForSelector('[data-testid="file-line"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '3');
    assert.deepEqual(seen.problems, []);
  });
});

test('Cancel while analyses run keeps the file; "Run them again" loads it again and finishes', { skip: !existsSync(FULL) && 'no ../shared/data/online_retail.csv' }, async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(plain.url);
    // Analyses of the full file take seconds: press Cancel the moment the button shows.
    await page.evaluate(() => {
      window.__pressed = false;
      new MutationObserver((_, observer) => {
        const button = document.querySelector('[data-testid="cancel-analyses"]');
        if (button) {
          window.__pressed = true;
          button.click();
          observer.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.setInputFiles('[data-testid="file-input"]', FULL);
    await page.waitForSelector('[data-testid="analyses-stopped"]', { timeout: LONG });
    assert.ok(await page.evaluate(() => window.__pressed));
    await screenshot(page, { path: join(ARTIFACTS, 'analyses-cancelled.png'), fullPage: true });
    // The file's summary stays; the page is usable.
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '541909');
    await page.click('[data-testid="rerun-analyses"]');
    await showRfm(page);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: LONG });
    await openTab(page, 'cohorts');
    await page.waitForSelector('[data-testid="cohort-row"]', { state: 'attached', timeout: LONG });
    assert.deepEqual(seen.problems, []);
  });
});

test('a 500,000-line file goes through every tab (the longest main-thread task is logged; bench/app/run.mjs measures it)', { skip: !existsSync(FULL) && 'no ../shared/data/online_retail.csv' }, async () => {
  const file = await headOf(FULL, 500_001, join(scratch, 'online_retail_500k.csv'));
  await withBrowser(async (context) => {
    const { page, tabs, tasks, longest: max } = await longTaskFlow(context, plain.url, file, LONG);
    // The RFM view showed its segments on the way.
    await showRfm(page);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: LONG });
    console.log(`# longest main-thread task during the 500,000-line flow: ${max.toFixed(0)} ms (${tasks.length} long tasks; tabs: ${tabs.join(', ')})`);
    // Every tab was opened and settled. The 200 ms target is a speed target, measured side by
    // side in the committed benchmark (bench/app/run.mjs, bench/results/app.md), not asserted
    // here: on a loaded CI machine a task's length says more about the load than the code.
    assert.ok(tabs.length >= 9, `every view has a tab: ${tabs}`);
  });
});

// Issue #17: the app's wasm no larger than 916 kB gzipped (docs/architecture.md, "Bundle sizes").
test('the app wasm is at most 916,000 bytes gzipped (gzip -9)', async () => {
  const { readdir } = await import('node:fs/promises');
  const wasm = (await readdir(DIST)).filter((f) => f.endsWith('.wasm'));
  const app = wasm.find((f) => f.startsWith('segmint-app-'));
  assert.ok(app, `the app wasm in dist/: ${wasm}`);
  for (const f of wasm) {
    const gz = gzipSync(await readFile(join(DIST, f)), { level: 9 }).length;
    console.log(`# ${f}: ${gz} bytes gzipped`);
    if (f === app) assert.ok(gz <= 916_000, `${f} is ${gz} bytes gzipped, over 916,000`);
  }
});
