// The dashboard (issue 18 point 1, docs/definitions.md §4.11): after a file or the demo loads,
// the first screen at 1280×800 shows the key-number cards, revenue and active customers by
// month, the segment mix and the top products, and every number equals what
// `segmint summary --json` prints for the same file (tests/e2e/fixtures/summary_*.json, kept
// current by crates/cli/tests/analyses.rs `summary_fixtures_for_the_browser_are_current`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { startServer } from './server.mjs';
import { withBrowser, screenshot } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const ARTIFACTS = join(HERE, 'artifacts');
const TIMEOUT = 60_000;
const fixture = async (name) => JSON.parse(await readFile(join(HERE, 'fixtures', name), 'utf8'));

let server;
before(async () => {
  server = await startServer({ dir: DIST });
  await mkdir(ARTIFACTS, { recursive: true });
});
after(async () => server?.close());

const CARDS = [
  ['customers', 'customers'],
  ['orders', 'orders'],
  ['revenue', 'revenue'],
  ['aov', 'average_order_value'],
  ['repeat', 'repeat_rate'],
  ['at-risk', 'revenue_at_risk'],
];

/** The cards, the chart, the segments and the products are drawn and within the window. */
async function assertFirstScreen(page) {
  await page.waitForSelector('[data-testid="dash-monthly"] canvas[data-drawn]', { timeout: TIMEOUT });
  const { height } = page.viewportSize();
  for (const testid of ['dash-cards', 'dash-monthly', 'dash-segments', 'dash-products']) {
    const box = await page.locator(`[data-testid="${testid}"]`).boundingBox();
    assert.ok(box, `${testid} is shown`);
    // At least its top part (title and first rows) is on the first screen, without scrolling.
    assert.ok(box.y + Math.min(box.height, 120) <= height, `${testid} starts at ${box.y}, below ${height}`);
  }
  const cards = await page.locator('[data-testid="dash-cards"]').boundingBox();
  assert.ok(cards.y + cards.height <= height, 'every card is on the first screen');
  assert.equal(await page.evaluate(() => window.scrollY), 0);
}

/** Every number on the page is the command line's. */
async function assertNumbersEqual(page, summary) {
  for (const [id, key] of CARDS) {
    const shown = await page.getAttribute(`[data-testid="overview-${id}"]`, 'data-value');
    assert.equal(Number(shown), summary[key].value, `${key}: page ${shown}, CLI ${summary[key].value}`);
    const change = await page.textContent(`[data-testid="card-${id}-change"]`);
    if (summary[key].change === null) {
      assert.match(change, summary.comparison ? /none in the previous period/ : /no earlier period/, key);
    } else {
      const pct = (summary[key].change * 100 + 0).toFixed(1);
      assert.ok(change.includes(`${summary[key].change > 0 ? '+' : ''}${pct}%`), `${key} change: ${change} vs ${pct}`);
    }
  }
  const months = await page.$$eval('[data-testid="dash-months"] tbody tr', (trs) => trs.map((tr) => ({
    month: tr.cells[0].textContent.replace(' *', ''),
    revenue: Number(tr.cells[1].dataset.value),
    customers: Number(tr.cells[2].textContent.replaceAll(',', '')),
    orders: Number(tr.cells[3].textContent.replaceAll(',', '')),
  })));
  assert.deepEqual(months, summary.months.map(({ month, revenue, customers, orders }) =>
    ({ month, revenue, customers, orders })));
  const segments = await page.$$eval('[data-testid="dash-segments"] tbody tr', (trs) => trs.map((tr) => [
    tr.cells[0].textContent, Number(tr.cells[1].dataset.value)]));
  assert.deepEqual(segments, summary.segments.map((s) => [s.name, s.customers]));
  // Each segment's bar is as wide as its share of revenue (set through the CSSOM, which the
  // strict CSP allows, not by a style attribute, which it blocks).
  const bars = await page.$$eval('[data-testid="dash-segments"] tbody .share-bar', (spans) =>
    spans.map((span) => span.style.width));
  assert.deepEqual(bars, summary.segments.map((s) => `${Math.round(Math.min(Math.max(s.revenue_share, 0), 1) * 100)}%`));
  const products = await page.$$eval('[data-testid="dash-products"] tbody tr', (trs) => trs.map((tr) =>
    [tr.cells[0].title, Number(tr.cells[1].dataset.value)]));
  assert.deepEqual(products, summary.top_products.map((p) => [p.product_id, p.revenue]));
}

test('the demo opens on the dashboard with the numbers of segmint summary', async () => {
  const summary = await fixture('summary_demo.json');
  await withBrowser(async (context) => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.click('[data-testid="demo-button"]');
    await page.waitForSelector('[data-testid="overview-customers"]', { timeout: TIMEOUT });
    assert.equal(await page.getAttribute('[data-testid="tab-overview"]', 'aria-selected'), 'true');
    await assertFirstScreen(page);
    await assertNumbersEqual(page, summary);
    await screenshot(page, { path: join(ARTIFACTS, 'dashboard-demo-1280.png') });
  });
});

test('a file covering two periods shows the changes segmint summary computes', async () => {
  const summary = await fixture('summary_small.json');
  assert.ok(summary.comparison, 'the fixture covers two periods');
  await withBrowser(async (context) => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.setInputFiles('[data-testid="file-input"]', join(ROOT, 'tests', 'fixtures', 'overview_small.csv'));
    await page.waitForSelector('[data-testid="overview-customers"]', { timeout: TIMEOUT });
    await assertFirstScreen(page);
    await assertNumbersEqual(page, summary);
    assert.match(await page.textContent('[data-testid="dash-period"]'), /last 30 days \(from 2024-03-02\)/);
    await screenshot(page, { path: join(ARTIFACTS, 'dashboard-small-1280.png') });
  });
});

// Issue 18 point 5: in Chinese the segment mix names the preset segments in Chinese; each row
// keeps the core's name (data-segment) and the numbers of `segmint summary`.
test('in a zh-CN browser the segment mix names the preset segments in Chinese', async () => {
  const summary = await fixture('summary_demo.json');
  await withBrowser(async (context) => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.click('[data-testid="demo-button"]');
    await page.waitForSelector('[data-testid="dash-segments"] tbody tr', { timeout: TIMEOUT });
    const rows = await page.$$eval('[data-testid="dash-segments"] tbody tr', (trs) => trs.map((tr) => [
      tr.dataset.segment, tr.cells[0].textContent, Number(tr.cells[1].dataset.value)]));
    assert.deepEqual(rows.map(([name, , n]) => [name, n]), summary.segments.map((s) => [s.name, s.customers]));
    for (const [name, shown] of rows) {
      assert.match(shown, /^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*$/, `${name} is shown as ${shown}`);
    }
    assert.equal(rows.find(([name]) => name === 'Champions')?.[1], '冠军客户');
    assert.equal(rows.find(([name]) => name === 'Other')?.[1], '其他');
  }, { locale: 'zh-CN' });
});
