// End-to-end tests of the analyses: from a file to RFM, lifetime value and cohorts, in real
// headless Chromium against the release build in dist/. Screenshots of every view go to
// tests/e2e/artifacts/ (CI keeps them; docs/screenshots/ holds copies for the README).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { startServer, STRICT_CSP } from './server.mjs';
import { withBrowser, watch, recordCspViolations, screenshot, showRfm, openFileFold } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const HOSTILE = join(HERE, 'fixtures', 'hostile_orders.csv');
const ARTIFACTS = join(HERE, 'artifacts');
// Computed natively by segmint-core (crates/charts/tests/e2e_expectations.rs keeps it so).
const DEMO = JSON.parse(await readFile(join(HERE, 'fixtures', 'demo_rfm.json'), 'utf8'));
const TIMEOUT = 60_000;
// The whole UCI Online Retail file (541,909 lines), where this machine has it.
const FULL = join(ROOT, '..', 'shared', 'data', 'online_retail.csv');
const FULL_EXPECTED = JSON.parse(await readFile(join(HERE, 'fixtures', 'online_retail_rfm.json'), 'utf8'));

let plain;
let strict;
before(async () => {
  plain = await startServer({ dir: DIST });
  strict = await startServer({ dir: DIST, csp: STRICT_CSP });
  await mkdir(ARTIFACTS, { recursive: true });
});
after(async () => {
  await plain?.close();
  await strict?.close();
});

const number = (text) => Number(text.replaceAll(',', ''));

async function openTab(page, id) {
  await page.click(`[data-testid="tab-${id}"]`);
  await page.waitForSelector(`[data-testid="panel-${id}"]`);
}

async function download(page, testid) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`[data-testid="${testid}"]`),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

test('the demo data reaches the RFM view with the numbers segmint-core computes', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(plain.url);
    await page.click('[data-testid="demo-button"]');
    // The mapping and quality panel is folded into one line above the analyses: open it.
    await openFileFold(page, TIMEOUT);
    await page.waitForSelector('[data-testid="mapping"]', { timeout: TIMEOUT });
    assert.match(await page.textContent('[data-testid="quality-sentence"]'), /^20,000 rows read/);
    assert.match(await page.textContent('[data-testid="role-customer_id"]'), /CustomerID/);
    await screenshot(page, { path: join(ARTIFACTS, 'mapping.png'), fullPage: true });

    // The dashboard is the tab shown first; RFM is a click away.
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    assert.equal(number(await page.textContent('[data-testid="rfm-customers"]')), DEMO.customers);
    assert.equal(await page.textContent('[data-testid="rfm-reference-date"]'), DEMO.reference_date);
    const rows = await page.$$eval('[data-testid="segment-row"]', (trs) => trs.map((tr) => [
      tr.querySelector('[data-testid="segment-name"]').textContent,
      tr.querySelector('[data-testid="segment-customers"]').textContent,
    ]));
    assert.ok(rows.length >= 5, JSON.stringify(rows));
    const shown = Object.fromEntries(rows.map(([name, n]) => [name, number(n)]));
    for (const [name, n] of Object.entries(DEMO.segments)) {
      if (n > 0) assert.equal(shown[name], n, `segment ${name}`);
    }
    // The R×F grid adds up to every customer, and its canvas is drawn.
    const grid = await page.$$eval('[data-testid="rf-heatmap-table"] tbody td', (tds) =>
      tds.map((td) => Number(td.textContent.replaceAll(',', ''))));
    assert.equal(grid.reduce((a, b) => a + b, 0), DEMO.customers);
    await page.waitForSelector('[data-testid="rf-heatmap"] canvas[data-drawn]');
    await screenshot(page, { path: join(ARTIFACTS, 'rfm.png'), fullPage: true });

    // Another preset re-runs RFM on the dataset kept in the worker (no new file read).
    const wasmBefore = seen.requests.length;
    await page.selectOption('[data-testid="preset-select"]', 'three-level');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="segment-name"]')]
      .some((th) => th.textContent === 'Lapsed'), null, { timeout: TIMEOUT });
    assert.equal(seen.requests.length, wasmBefore, 'no request for a re-run');

    await openTab(page, 'overview');
    assert.equal(number(await page.textContent('[data-testid="overview-customers"]')), DEMO.customers);
    // The demo covers ten days of orders: the overview says that is too short for recency.
    assert.match(await page.textContent('[data-testid="overview-warnings"]'),
      /last order is within \d days of the reference date: the file covers too short a time/);
    await screenshot(page, { path: join(ARTIFACTS, 'overview.png'), fullPage: true });

    await openTab(page, 'clv');
    await page.waitForSelector('[data-testid="clv-row"], [data-testid="clv-error"]', { timeout: TIMEOUT });
    await screenshot(page, { path: join(ARTIFACTS, 'clv.png'), fullPage: true });

    await openTab(page, 'cohorts');
    await page.waitForSelector('[data-testid="cohort-row"]', { state: 'attached', timeout: TIMEOUT });
    await screenshot(page, { path: join(ARTIFACTS, 'cohorts.png'), fullPage: true });
    assert.deepEqual(seen.problems, []);
  });
});

test('the full Online Retail file goes through the worker to every view', { skip: !existsSync(FULL) && 'no ../shared/data/online_retail.csv' }, async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(plain.url);
    await page.setInputFiles('[data-testid="file-input"]', FULL);
    await showRfm(page, 300_000);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: 300_000 });
    const sentence = await page.textContent('[data-testid="quality-sentence"]');
    assert.match(sentence, /^541,909 rows read/);
    const returns = FULL_EXPECTED.returns.toLocaleString('en-US');
    const missing = FULL_EXPECTED.missing_customer_id.toLocaleString('en-US');
    assert.ok(sentence.includes(`${returns} cancellations and returns excluded`), sentence);
    assert.ok(sentence.includes(`${missing} lines without a customer id kept for baskets only`), sentence);
    assert.equal(number(await page.textContent('[data-testid="rfm-customers"]')), FULL_EXPECTED.customers);
    const shown = Object.fromEntries(await page.$$eval('[data-testid="segment-row"]', (trs) => trs.map((tr) => [
      tr.querySelector('[data-testid="segment-name"]').textContent,
      Number(tr.querySelector('[data-testid="segment-customers"]').textContent.replaceAll(',', '')),
    ])));
    for (const [name, n] of Object.entries(FULL_EXPECTED.segments)) {
      assert.equal(shown[name], n, `segment ${name}`);
    }
    await screenshot(page, { path: join(ARTIFACTS, 'full-rfm.png'), fullPage: true });
    await openTab(page, 'cohorts');
    await page.waitForSelector('[data-testid="cohort-row"]', { state: 'attached', timeout: 300_000 });
    assert.equal(await page.$$eval('[data-testid="cohort-row"]', (r) => r.length), 13);
    await screenshot(page, { path: join(ARTIFACTS, 'full-cohorts.png'), fullPage: true });
    await openTab(page, 'clv');
    await page.waitForSelector('[data-testid="clv-row"]', { timeout: 300_000 });
    await screenshot(page, { path: join(ARTIFACTS, 'full-clv.png'), fullPage: true });
    await openTab(page, 'overview');
    assert.equal(number(await page.textContent('[data-testid="overview-customers"]')), FULL_EXPECTED.customers);
    await screenshot(page, { path: join(ARTIFACTS, 'full-overview.png'), fullPage: true });
    // Clusters: every customer of the file lands in exactly one cluster of the recommended k.
    await openTab(page, 'clusters');
    await page.waitForSelector('[data-testid="cluster-row"]', { timeout: 300_000 });
    const sizes = await page.$$eval('[data-testid="cluster-customers"]', (tds) =>
      tds.map((td) => Number(td.textContent.replaceAll(',', ''))));
    assert.equal(sizes.length, number(await page.textContent('[data-testid="cluster-recommended-k"]')));
    assert.equal(sizes.reduce((a, b) => a + b, 0), FULL_EXPECTED.customers);
    await screenshot(page, { path: join(ARTIFACTS, 'full-clusters.png'), fullPage: true });
    // Baskets: the orders of the file (with or without a customer id) and the rules found.
    await openTab(page, 'baskets');
    await page.waitForSelector('[data-testid="rule-row"]', { timeout: 300_000 });
    assert.match(await page.textContent('[data-testid="basket-summary"]'), /^[\d,]+ baskets/);
    await screenshot(page, { path: join(ARTIFACTS, 'full-baskets.png'), fullPage: true });
    assert.deepEqual(seen.egress(plain.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('where no worker can start, the same analyses run in the page', async () => {
  await withBrowser(async (context) => {
    // A host that forbids the worker: its script never loads.
    await context.route('**/worker_loader.js', (route) => route.abort());
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(plain.url);
    await page.click('[data-testid="demo-button"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    // (The service worker precaches worker_bg.wasm, so the request log cannot tell.)
    assert.equal(page.workers().length, 0, 'the worker never ran');
    assert.equal(number(await page.textContent('[data-testid="rfm-customers"]')), DEMO.customers);
    const champions = await page.$$eval('[data-testid="segment-row"]', (trs) => trs
      .filter((tr) => tr.querySelector('[data-testid="segment-name"]').textContent === 'Champions')
      .map((tr) => tr.querySelector('[data-testid="segment-customers"]').textContent));
    assert.deepEqual(champions.map(number), [DEMO.segments.Champions]);
    await openTab(page, 'cohorts');
    await page.waitForSelector('[data-testid="cohort-row"]', { state: 'attached', timeout: TIMEOUT });
    await openTab(page, 'clv');
    await page.waitForSelector('[data-testid="clv-row"]', { timeout: TIMEOUT });
    assert.deepEqual(seen.egress(plain.url), []);
  });
});

test('the analysis tabs work from the keyboard', async () => {
  await withBrowser(async (context) => {
    const page = await context.newPage();
    await page.goto(plain.url);
    await page.click('[data-testid="demo-button"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    await page.focus('[data-testid="tab-rfm"]');
    assert.equal(await page.getAttribute('[data-testid="tab-rfm"]', 'aria-selected'), 'true');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('[data-testid="tab-clusters"]', 'aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-clusters');
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid="panel-overview"]');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('[data-testid="panel-lift"]');
    const roles = await page.$$eval('[role="tab"]', (tabs) => tabs.map((t) => t.getAttribute('aria-controls')));
    assert.deepEqual(roles, ['panel-overview', 'panel-rfm', 'panel-clusters', 'panel-baskets', 'panel-clv', 'panel-cohorts',
      'panel-customers', 'panel-recommend', 'panel-lift']);
    assert.equal(await page.getAttribute('[role="tabpanel"]', 'aria-labelledby'), 'tab-lift');
    // A phone-sized viewport: nothing makes the page scroll sideways (wide tables scroll inside).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('[data-testid="tab-rfm"]');
    await showRfm(page);
    await page.waitForSelector('[data-testid="segment-row"]');
    await screenshot(page, { path: join(ARTIFACTS, 'phone-rfm.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  });
});

test('hostile names render as text, fire no dialog, and export formula-safe', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(plain.url);
    await page.setInputFiles('[data-testid="file-input"]', HOSTILE);
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    // The preview shows the cells as text.
    const preview = await page.$eval('[data-testid="preview"]', (t) => t.textContent);
    assert.ok(preview.includes('<img src=x onerror=alert(1)>'), preview);
    assert.ok(preview.includes('<script>alert(2)</script>'), preview);
    await openTab(page, 'clv');
    await page.waitForSelector('[data-testid="clv-row"], [data-testid="clv-error"]', { timeout: TIMEOUT });
    const ids = await page.$$eval('[data-testid="clv-customer"]', (ths) => ths.map((th) => th.textContent));
    if (ids.length > 0) {
      assert.ok(ids.includes('<img src=x onerror=alert(1)>'), JSON.stringify(ids));
      assert.ok(ids.includes('=HYPERLINK("http://evil.invalid","click")'), JSON.stringify(ids));
    }
    // No element came out of the data.
    assert.equal(await page.$$eval('img, script:not([src])', (els) => els.length), 0);
    await screenshot(page, { path: join(ARTIFACTS, 'hostile.png'), fullPage: true });

    await openTab(page, 'rfm');
    await showRfm(page);
    await page.waitForSelector('[data-testid="segment-row"]');
    const { name, text } = await download(page, 'rfm-customers-csv');
    assert.match(name, /^hostile_orders-rfm-customers\.csv$/);
    const lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 1 + 8, text);
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil.invalid"",""click"")"`), text);
    assert.ok(text.includes(`"'+cmd|' /C calc'!A0"`), text);
    assert.ok(text.includes(`"'@SUM(1+1)"`), text);
    assert.ok(text.includes(`"'-2+3"`), text);
    assert.ok(text.includes('<img src=x onerror=alert(1)>'), text);
    // No line (or field after a comma) starts a formula.
    for (const line of lines) {
      assert.ok(!/^[=+\-@]/.test(line), line);
      assert.ok(!/,[=+@]/.test(line), line);
    }
    // A segment's members: the same rows, one segment.
    const members = await download(page, 'segment-members-csv');
    assert.match(members.name, /^hostile_orders-segment-.*\.csv$/);
    assert.ok(members.text.startsWith('customer_id,recency_days,frequency,monetary,r,f,m,segment\r\n'));

    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(seen.egress(plain.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('an open question (the date order) is answered by the user and the file read again', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(plain.url);
    await page.setInputFiles('[data-testid="file-input"]', join(HERE, 'fixtures', 'ambiguous_dates.csv'));
    await page.waitForSelector('[data-testid="question"]', { timeout: TIMEOUT });
    assert.match(await page.textContent('[data-testid="question"]'), /01\/02\/2024/);
    // No analysis runs on a guess.
    assert.equal(await page.$('[data-testid="tabs"]'), null);
    await screenshot(page, { path: join(ARTIFACTS, 'question.png'), fullPage: true });
    await page.selectOption('[data-testid="question-answer"]', 'month_first');
    await page.click('[data-testid="question-apply"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    assert.equal(await page.$('[data-testid="question"]'), null);
    assert.match(await page.textContent('[data-testid="date-order"]'), /user chosen month first/);
    // Month first: the last order is 10 September 2024, so the reference date is the day after.
    assert.equal(await page.textContent('[data-testid="rfm-reference-date"]'), '2024-09-11');
    assert.deepEqual(seen.problems, []);
  });
});

test('under a strict CSP the whole flow, exports included, makes no violation and no egress', async () => {
  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(strict.url);
    await page.click('[data-testid="demo-button"]');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    const csv = await download(page, 'segments-csv');
    assert.ok(csv.text.startsWith('segment,description,action,customers'), csv.text);
    const svg = await download(page, 'rf-heatmap-svg');
    assert.ok(svg.text.startsWith('<svg'), svg.text.slice(0, 100));
    assert.ok(svg.text.includes('recency score'), 'axis labels in the SVG');
    const png = await download(page, 'rf-heatmap-png');
    assert.match(png.name, /\.png$/);
    const grid = await download(page, 'rf-heatmap-csv');
    const gridLines = grid.text.split('\r\n').filter(Boolean);
    assert.equal(gridLines[0], 'r,f,customers');
    const total = gridLines.slice(1).reduce((sum, l) => sum + Number(l.split(',')[2]), 0);
    assert.equal(total, DEMO.customers);
    for (const id of ['overview', 'clv', 'cohorts']) {
      await openTab(page, id);
    }
    await page.waitForSelector('[data-testid="cohort-row"]', { state: 'attached', timeout: TIMEOUT });
    const cohortSvg = await download(page, 'cohort-heatmap-svg');
    assert.ok(cohortSvg.text.startsWith('<svg'));
    const cohorts = await download(page, 'cohort-csv');
    assert.ok(cohorts.text.startsWith('cohort,cohort_size,cohort_complete,months_since'), cohorts.text);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(seen.problems, []);
  });
});
