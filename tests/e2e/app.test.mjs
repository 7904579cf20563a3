// End-to-end tests of the app in real headless Chromium, against the release build in dist/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startServer, STRICT_CSP } from './server.mjs';
import { withBrowser, watch, recordCspViolations, openFileFold } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const TINY = join(ROOT, 'tests', 'fixtures', 'tiny_orders.csv');
const TIMEOUT = 30_000;

let plain;
let strict;
before(async () => {
  plain = await startServer({ dir: DIST });
  strict = await startServer({ dir: DIST, csp: STRICT_CSP });
});
after(async () => {
  await plain?.close();
  await strict?.close();
});

/** A fresh page of `context` on `url`, watched. */
async function openApp(context, url) {
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(url);
  return { page, seen };
}

async function clickDemo(page) {
  await page.click('[data-testid="demo-button"]');
  await page.waitForSelector('[data-testid="file-line"]', { timeout: TIMEOUT });
}

async function canvasHasInk(page, testid) {
  await page.waitForSelector(`[data-testid="${testid}"] canvas[data-drawn]`);
  return page.$eval(`[data-testid="${testid}"] canvas`, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
    }
    return ink;
  });
}

test('a picked file is parsed in the worker and summarised with a chart', async () => {
  await withBrowser(async (context) => {
    const { page, seen } = await openApp(context, plain.url);
    await page.setInputFiles('[data-testid="file-input"]', TINY);
    // The file's summary is folded into one line once the analyses can run: open it.
    await openFileFold(page, TIMEOUT);
    assert.ok(await page.isVisible('[data-testid="summary"]'));
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '3');
    assert.equal(await page.textContent('[data-testid="columns"]'), '4');
    assert.equal(await page.textContent('[data-testid="file-name"]'), 'tiny_orders.csv');
    const header = await page.$$eval('[data-testid="header-list"] li', (li) => li.map((x) => x.textContent));
    assert.deepEqual(header, ['order_id', 'customer', 'date', 'amount']);
    // The chart's data table: "customer" is filled in 2 of 3 rows.
    const cells = await page.$$eval('[data-testid="column-chart-data"] tbody tr', (rows) =>
      rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(cells[1], ['customer', '66.7']);
    assert.ok((await canvasHasInk(page, 'column-chart')) > 500, 'the chart canvas is drawn');
    // The worker really did the work: its script and wasm were loaded.
    assert.ok(seen.requests.some((u) => u.endsWith('/worker_bg.wasm')), 'worker wasm loaded');
    assert.deepEqual(seen.problems, []);
  });
});

test('the demo data is one click away', async () => {
  await withBrowser(async (context) => {
    const { page, seen } = await openApp(context, plain.url);
    await clickDemo(page);
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '20000');
    assert.equal(await page.textContent('[data-testid="columns"]'), '8');
    assert.equal(await page.textContent('[data-testid="encoding"]'), 'utf-8');
    assert.deepEqual(seen.problems, []);
  });
});

test('zero egress: every request of the whole flow stays on the page origin', async () => {
  await withBrowser(async (context) => {
    const { page, seen } = await openApp(context, plain.url);
    await clickDemo(page);
    await page.setInputFiles('[data-testid="file-input"]', TINY);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="rows-read"]')?.textContent === '3',
      null,
      { timeout: TIMEOUT },
    );
    assert.ok(seen.requests.length >= 5, `requests were recorded: ${seen.requests}`);
    assert.deepEqual(seen.egress(plain.url), []);
  });
});

test('the egress check catches a request to another origin', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(`${plain.url}/__selftest/egress.html`);
    await page.waitForLoadState('load');
    assert.deepEqual(seen.egress(plain.url), ['http://segmint-egress.invalid/pixel.png']);
  });
});

test('under a strict Content-Security-Policy the app works with no violation', async () => {
  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const { page, seen } = await openApp(context, strict.url);
    await page.setInputFiles('[data-testid="file-input"]', TINY);
    await page.waitForSelector('[data-testid="file-line"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="rows-read"]'), '3');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('the CSP check catches an inline script', async () => {
  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const page = await context.newPage();
    await page.goto(`${strict.url}/__selftest/inline.html`);
    await page.waitForLoadState('load');
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.equal(violations.length, 1, JSON.stringify(violations));
    assert.match(violations[0], /^script-src/);
  });
});
