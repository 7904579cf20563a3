// End-to-end tests of the Clusters and Baskets tabs, in real headless Chromium against the
// release build in dist/, under the strict Content-Security-Policy and with no request
// leaving the origin. The numbers must equal what segmint-core computes natively
// (tests/e2e/fixtures/demo_clusters_baskets.json, kept so by
// crates/charts/tests/e2e_expectations.rs). Screenshots go to tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { startServer, STRICT_CSP } from './server.mjs';
import { withBrowser, watch, recordCspViolations, screenshot, showRfm } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const ARTIFACTS = join(HERE, 'artifacts');
const HOSTILE = join(HERE, 'fixtures', 'hostile_orders.csv');
const EXPECTED = JSON.parse(await readFile(join(HERE, 'fixtures', 'demo_clusters_baskets.json'), 'utf8'));
const COLUMNS = JSON.parse(await readFile(join(HERE, 'fixtures', 'demo_cluster_columns.json'), 'utf8'));
const CUSTOMERS_CSV = join(ROOT, 'tests', 'fixtures', 'online_retail_customers.csv');
// `segmint cluster www/demo/online_retail_sample.csv --k-range 2..10 --customer-columns
// tests/fixtures/crm_members.csv --id-column member_ref --transform …`, kept current by
// crates/cli/tests/analyses.rs (cluster_transforms_fixture_for_the_browser_is_current).
const CRM_CSV = join(ROOT, 'tests', 'fixtures', 'crm_members.csv');
const CLI_TRANSFORMS = JSON.parse(await readFile(join(HERE, 'fixtures', 'cluster_transforms.json'), 'utf8'));
const TIMEOUT = 90_000;

let strict;
before(async () => {
  strict = await startServer({ dir: DIST, csp: STRICT_CSP });
  await mkdir(ARTIFACTS, { recursive: true });
});
after(async () => {
  await strict?.close();
});

const number = (text) => Number(text.replaceAll(',', ''));

async function openTab(page, id) {
  await page.click(`[data-testid="tab-${id}"]`);
  await page.waitForSelector(`[data-testid="panel-${id}"]`);
}

async function download(page, selector) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.click(selector),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/** Pixels of the canvas in `figure` that are not white: the chart was drawn. */
async function inkedPixels(page, figure) {
  await page.waitForSelector(`[data-testid="${figure}"] canvas[data-drawn]`);
  return page.$eval(`[data-testid="${figure}"] canvas`, (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked += 1;
    }
    return inked;
  });
}

/** Split CSV text into rows of cells (RFC 4180 quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') {
      row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** No cell a spreadsheet would run as a formula: text cells that start with one are quoted. */
function assertFormulaSafe(text) {
  for (const row of parseCsv(text)) {
    for (const cell of row) {
      if (/^[=+\-@\t\r\n]/.test(cell)) {
        assert.ok(!Number.isNaN(Number(cell)), `cell ${JSON.stringify(cell)} would run as a formula`);
      }
    }
  }
}

async function openDemo(context) {
  const page = await context.newPage();
  await page.goto(strict.url);
  await page.click('[data-testid="demo-button"]');
  await showRfm(page, TIMEOUT);
  await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
  return page;
}

/** The demo file's Clusters tab, watched for requests, problems and CSP violations. */
async function demoClusters(context) {
  await recordCspViolations(context);
  const seen = watch(context);
  const page = await openDemo(context);
  await openTab(page, 'clusters');
  await page.waitForSelector('[data-testid="cluster-row"]', { timeout: TIMEOUT });
  return { page, seen };
}

const profileRows = (page) => page.$$eval('[data-testid="cluster-row"]', (trs) => trs.map((tr) => ({
  cluster: Number(tr.querySelector('[data-testid="cluster-id"]').textContent),
  name: tr.querySelector('[data-testid="cluster-name"]').textContent,
  customers: Number(tr.querySelector('[data-testid="cluster-customers"]').textContent.replaceAll(',', '')),
  median_recency_days: tr.querySelector('[data-testid="cluster-recency"]').textContent,
})));

test('the Clusters tab shows the recommendation and profiles segmint-core computes, with charts and exports', async () => {
  await withBrowser(async (context) => {
    const { page, seen } = await demoClusters(context);
    const c = EXPECTED.clusters;
    assert.equal(number(await page.textContent('[data-testid="cluster-recommended-k"]')), c.recommended_k);
    assert.equal(await page.textContent('[data-testid="cluster-reason"]'), c.reason);
    assert.equal(await page.$$eval('[data-testid="sweep-row"]', (r) => r.length), c.sweep_ks.length);
    assert.deepEqual(await profileRows(page), c.profiles);

    // Both charts are drawn on their canvases.
    assert.ok(await inkedPixels(page, 'elbow-chart') > 2000, 'elbow chart drawn');
    assert.ok(await inkedPixels(page, 'cluster-scatter') > 2000, 'scatter drawn');
    await page.$eval('[data-testid="clusters"] h2', (h) => h.scrollIntoView());
    await screenshot(page, { path: join(ARTIFACTS, 'clusters.png') });

    // Campaign file of cluster 0: its members, with their cluster name and R, F, M.
    const members = await download(page, '[data-testid="cluster-row"]:first-child [data-testid="cluster-members-csv"]');
    assert.match(members.name, /^online_retail_sample-cluster-0-.*\.csv$/);
    const rows = parseCsv(members.text);
    assert.deepEqual(rows[0], ['customer_id', 'cluster', 'cluster_name', 'recency_days', 'frequency',
      'monetary', 'r', 'f', 'm', 'rfm_segment']);
    assert.equal(rows.length - 1, c.profiles[0].customers);
    assert.ok(rows.slice(1).every((r) => r[1] === '0' && r[2] === c.profiles[0].name), 'one cluster');
    assert.ok(rows.some((r) => r[0] === c.first_member_of_cluster_0), 'its first member');
    assertFormulaSafe(members.text);
    const all = await download(page, '[data-testid="cluster-customers-csv"]');
    assert.equal(parseCsv(all.text).length - 1, c.customers);
    const profiles = await download(page, '[data-testid="cluster-profiles-csv"]');
    assert.ok(profiles.text.startsWith('cluster,name,customers,share,revenue'), profiles.text);
    const sweep = await download(page, '[data-testid="elbow-chart-csv"]');
    assert.equal(parseCsv(sweep.text).length - 1, c.sweep_ks.length);
    const svg = await download(page, '[data-testid="elbow-chart-svg"]');
    assert.ok(svg.text.startsWith('<svg'), svg.text.slice(0, 80));
    assert.ok(svg.text.includes(`recommended k = ${c.recommended_k}`), 'the recommended k is marked');
    const png = await download(page, '[data-testid="cluster-scatter-png"]');
    assert.match(png.name, /\.png$/);
    const points = await download(page, '[data-testid="cluster-scatter-csv"]');
    assert.equal(parseCsv(points.text).length - 1, c.customers);

    // Another k re-runs k-means at that k on the dataset kept in the worker.
    const before = seen.requests.length;
    await page.selectOption('[data-testid="k-select"]', String(c.fixed_k));
    await page.waitForFunction((k) => document.querySelector('[data-testid="cluster-k"]')?.textContent === `${k} clusters`,
      c.fixed_k, { timeout: TIMEOUT });
    assert.deepEqual(await profileRows(page), c.fixed_profiles);
    assert.equal(seen.requests.length, before, 'no request for a re-run');
    // Back to the recommendation.
    await page.selectOption('[data-testid="k-select"]', '');
    await page.waitForFunction((k) => document.querySelector('[data-testid="cluster-k"]')?.textContent === `${k} clusters`,
      c.recommended_k, { timeout: TIMEOUT });

    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('customer columns from a second file join the clusters: summary, choice, profiles as segmint-core computes them', async () => {
  await withBrowser(async (context) => {
    const { page, seen } = await demoClusters(context);
    await page.click('[data-testid="columns-details"] summary');
    await page.setInputFiles('[data-testid="columns-input"]', CUSTOMERS_CSV);
    await page.waitForSelector('[data-testid="columns-summary"]', { timeout: TIMEOUT });
    const summary = await page.textContent('[data-testid="columns-summary"]');
    assert.equal(summary, `online_retail_customers.csv: ${COLUMNS.rows.toLocaleString('en-US')} customers, id column \u201c${COLUMNS.id_column}\u201d; ${COLUMNS.matched} of the orders' customers have a row.`);
    assert.equal(await page.$('[data-testid="columns-missing"]'), null, 'every customer has a row');
    assert.deepEqual(await page.$$eval('[data-testid="columns-warnings"] li', (li) => li.map((x) => x.textContent)), COLUMNS.warnings);
    // The numeric columns are ticked; the text column cannot be.
    const options = await page.$$eval('[data-testid="columns-option"] input', (inputs) =>
      inputs.map((i) => [i.dataset.column, i.checked, i.disabled]));
    assert.deepEqual(options, [
      ...COLUMNS.numeric.map((c) => [c, true, false]),
      ...COLUMNS.not_numeric.map((c) => [c, false, true]),
    ]);
    // Nothing is clustered on them until asked: the profiles have no extra column yet.
    assert.equal(await page.$('[data-testid="cluster-extra-header"]'), null);
    await page.click('[data-testid="columns-apply"]');
    await page.waitForSelector('[data-testid="cluster-extra-header"]', { timeout: TIMEOUT });
    assert.deepEqual(await page.$$eval('[data-testid="cluster-extra-header"]', (th) => th.map((x) => x.textContent)),
      COLUMNS.numeric.map((c) => `Median ${c}`));
    assert.equal(await page.textContent('[data-testid="columns-in-use"]'), `The clusters below also use: ${COLUMNS.numeric.join(', ')}.`);
    assert.equal(number(await page.textContent('[data-testid="cluster-recommended-k"]')), COLUMNS.recommended_k);
    const shown = await page.$$eval('[data-testid="cluster-row"]', (trs) => trs.map((tr) => ({
      cluster: Number(tr.querySelector('[data-testid="cluster-id"]').textContent),
      customers: Number(tr.querySelector('[data-testid="cluster-customers"]').textContent.replaceAll(',', '')),
      extra_medians: [...tr.querySelectorAll('[data-testid="cluster-extra"]')].map((td) => td.textContent),
      name: tr.querySelector('[data-testid="cluster-name"]').textContent,
    })));
    assert.deepEqual(shown, COLUMNS.profiles);
    const profiles = await download(page, '[data-testid="cluster-profiles-csv"]');
    const header = parseCsv(profiles.text)[0];
    assert.deepEqual(header.slice(-2), COLUMNS.numeric.map((c) => `median_${c}`));
    await screenshot(page, { path: join(ARTIFACTS, 'clusters-columns.png'), fullPage: true });

    // Only one of them: untick the other and apply.
    await page.uncheck(`[data-testid="columns-option"] input[data-column="${COLUMNS.numeric[1]}"]`);
    await page.click('[data-testid="columns-apply"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="cluster-extra-header"]').length === n
      && document.querySelector('[data-testid="cluster-row"]'), 1, { timeout: TIMEOUT });
    // Removed: back to recency, frequency and monetary value, the numbers of the plain view.
    await page.click('[data-testid="columns-remove"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="cluster-row"]')
      && !document.querySelector('[data-testid="cluster-extra-header"]'), null, { timeout: TIMEOUT });
    assert.deepEqual(await profileRows(page), EXPECTED.clusters.profiles);

    // A file without a customer-id column says so, with the file's name.
    await page.setInputFiles('[data-testid="columns-input"]', { name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from('who,points\nA,1\n') });
    await page.waitForSelector('[data-testid="columns-error"]', { timeout: TIMEOUT });
    assert.match(await page.textContent('[data-testid="columns-error"]'), /^points\.csv: /);
    // A file that lacks customers says how many and which, before anything is clustered.
    const one = EXPECTED.clusters.first_member_of_cluster_0;
    await page.setInputFiles('[data-testid="columns-input"]', { name: 'few.csv', mimeType: 'text/csv', buffer: Buffer.from(`CustomerID,points\n${one},1\n`) });
    await page.waitForSelector('[data-testid="columns-missing"]', { timeout: TIMEOUT });
    assert.match(await page.textContent('[data-testid="columns-missing"]'),
      new RegExp(`^${COLUMNS.matched - 1} customers with orders have no row in this file \\(the first is “[^”]+”\\)`));
    assert.match(await page.textContent('[data-testid="columns-summary"]'), /: 1 customer, id column “CustomerID”; 1 of the orders' customers has a row\.$/);

    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

const ruleRows = (page) => page.$$eval('[data-testid="rule-row"]', (trs) => trs.map((tr) => ({
  antecedent: tr.querySelector('[data-testid="rule-antecedent"]').textContent,
  consequent: tr.querySelector('[data-testid="rule-consequent"]').textContent,
  count: Number(tr.querySelector('[data-testid="rule-count"]').textContent.replaceAll(',', '')),
  confidence: Number(tr.querySelector('[data-testid="rule-confidence"]').textContent),
  lift: Number(tr.querySelector('[data-testid="rule-lift"]').textContent),
})));

const b = EXPECTED.baskets;
const display = (item, labels = b.item_labels) => (labels[item] && labels[item] !== item ? `${item} ${labels[item]}` : item);
const side = (items) => items.map((i) => display(i)).join(', ');

test('the customer-id column and each feature\'s transforms are chosen as on the command line, and the clusters equal `segmint cluster`\'s', async () => {
  await withBrowser(async (context) => {
    const { page, seen } = await demoClusters(context);
    const cli = CLI_TRANSFORMS;
    await page.click('[data-testid="columns-details"] summary');
    // The transforms of recency, frequency and monetary value are shown with their default.
    assert.deepEqual(await page.$$eval('[data-testid="feature-transform"]', (inputs) => inputs.map((i) => [i.dataset.feature, i.value])),
      [['recency_days', 'log1p,zscore'], ['frequency', 'log1p,zscore'], ['monetary', 'log1p,zscore']]);
    await page.setInputFiles('[data-testid="columns-input"]', CRM_CSV);
    await page.waitForSelector('[data-testid="columns-summary"]', { timeout: TIMEOUT });
    // Found by its name, the id column is the CRM's own: no customer of the orders has a row.
    assert.match(await page.textContent('[data-testid="columns-summary"]'), /id column “customer_id”; 0 of the orders' customers have a row\.$/);
    assert.ok(await page.$('[data-testid="columns-missing"]'), 'every customer is missing');
    assert.deepEqual(await page.$$eval('[data-testid="columns-id-select"] option', (o) => o.map((x) => x.value)),
      ['', 'customer_id', 'member_ref', 'visits', 'balance', 'points']);
    // The column that holds the orders' customer ids, as --id-column member_ref.
    await page.selectOption('[data-testid="columns-id-select"]', 'member_ref');
    await page.waitForFunction(() => /id column “member_ref”/.test(document.querySelector('[data-testid="columns-summary"]')?.textContent ?? ''),
      null, { timeout: TIMEOUT });
    assert.equal(await page.$('[data-testid="columns-missing"]'), null, 'every customer has a row');
    assert.equal(await page.$eval('[data-testid="columns-id-select"]', (s) => s.value), 'member_ref');
    const options = await page.$$eval('[data-testid="columns-option"] input', (inputs) =>
      inputs.map((i) => [i.dataset.column, i.checked, i.disabled]));
    assert.deepEqual(options, [['customer_id', false, true], ['visits', true, false], ['balance', true, false], ['points', true, false]]);

    // A step there is not: named, nothing is clustered, the command line's words.
    const transform = (feature) => `[data-testid="feature-transform"][data-feature="${feature}"]`;
    await page.fill(transform('recency_days'), 'zscore,cube');
    await page.click('[data-testid="columns-apply"]');
    await page.waitForSelector('[data-testid="transforms-error"]');
    assert.equal(await page.textContent('[data-testid="transforms-error"]'),
      'recency_days: unknown transform “cube”; use log1p, signed-log1p, zscore, minmax or none');
    assert.equal(await page.$('[data-testid="cluster-extra-header"]'), null);
    // log1p of a negative balance: the analysis says which customer and what to choose instead.
    await page.fill(transform('recency_days'), 'zscore');
    await page.click('[data-testid="columns-apply"]');
    await page.waitForSelector('[data-testid="clusters-error"]', { timeout: TIMEOUT });
    assert.equal(await page.$('[data-testid="transforms-error"]'), null);
    assert.match(await page.textContent('[data-testid="clusters-error"]'),
      /“balance” of customer “[^”]+” is -\d+, and log1p is undefined at or below −1 .*choose signed-log1p instead of log1p for “balance” in the transforms/);

    // The command line's choices: the clusters equal `segmint cluster --json`'s.
    await page.fill(transform('balance'), 'signed-log1p,zscore');
    await page.fill(transform('visits'), 'minmax');
    await page.fill(transform('points'), ' log1p , minmax ');
    await page.click('[data-testid="columns-apply"]');
    await page.waitForSelector('[data-testid="cluster-extra-header"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="transforms-in-use"]'),
      'Transforms: balance = signed-log1p,zscore; points = log1p,minmax; recency_days = zscore; visits = minmax.');
    assert.deepEqual(await page.$$eval('[data-testid="cluster-extra-header"]', (th) => th.map((x) => x.textContent)),
      cli.features.slice(3).map((c) => `Median ${c}`));
    assert.equal(number(await page.textContent('[data-testid="cluster-recommended-k"]')), cli.recommendation.k);
    assert.equal(await page.textContent('[data-testid="cluster-reason"]'), cli.recommendation.reason);
    // Numbers the browser computed against the command line's: equal, but for the last bits a
    // logarithm may round differently in wasm than in the native C library (1e-9 relative).
    const near = (shown, cli, what) => {
      assert.equal(shown.length, cli.length, what);
      shown.forEach((v, i) => {
        if (cli[i] === null || typeof cli[i] === 'string') assert.equal(v, cli[i], `${what}[${i}]`);
        else assert.ok(Math.abs(v - cli[i]) <= 1e-9 * Math.max(1, Math.abs(cli[i])), `${what}[${i}]: ${v} vs ${cli[i]}`);
      });
    };
    // Every k of the sweep.
    const sweep = parseCsv((await download(page, '[data-testid="elbow-chart-csv"]')).text);
    const opt = (v) => (v === '' ? null : Number(v));
    assert.equal(sweep.length - 1, cli.sweep.length);
    cli.sweep.forEach((r, i) => near(sweep[i + 1].slice(0, 6).map(opt),
      [r.k, r.inertia, r.silhouette, r.davies_bouldin, r.calinski_harabasz, r.smallest_share], `sweep k = ${r.k}`));
    // Every customer's cluster, exactly, and PCA point.
    const points = parseCsv((await download(page, '[data-testid="cluster-scatter-csv"]')).text);
    assert.deepEqual(points[0], ['customer_id', 'cluster', 'pc1', 'pc2']);
    assert.deepEqual(points.slice(1).map((r) => [r[0], Number(r[1])]), cli.assignments.map((a) => [a.customer_id, a.cluster]));
    near(points.slice(1).flatMap((r) => [Number(r[2]), Number(r[3])]), cli.pca.points.flat(), 'PCA points');
    // Every cluster's profile, with the medians of the customer columns.
    const profiles = parseCsv((await download(page, '[data-testid="cluster-profiles-csv"]')).text);
    assert.deepEqual(profiles[0].slice(-3), cli.features.slice(3).map((c) => `median_${c}`));
    assert.equal(profiles.length - 1, cli.profiles.length);
    cli.profiles.forEach((p, i) => near([Number(profiles[i + 1][0]), profiles[i + 1][1], ...profiles[i + 1].slice(2).map(Number)],
      [p.cluster, p.name, p.customers, p.share, p.revenue, p.revenue_share,
        p.median_recency_days, p.median_frequency, p.median_monetary, ...p.feature_medians.slice(3)], `profile ${i}`));
    await screenshot(page, { path: join(ARTIFACTS, 'clusters-transforms.png'), fullPage: true });

    // Removing the customer columns keeps the transforms of recency, frequency and monetary value.
    await page.click('[data-testid="columns-remove"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="cluster-row"]')
      && !document.querySelector('[data-testid="cluster-extra-header"]'), null, { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="transforms-in-use"]'), 'Transforms: recency_days = zscore.');

    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('the Baskets tab lists the rules segmint-core finds, sorts and filters them by keyboard, and shows what sells with a product', async () => {
  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const seen = watch(context);
    const page = await openDemo(context);
    await openTab(page, 'baskets');
    await page.waitForSelector('[data-testid="rule-row"]', { timeout: TIMEOUT });
    // The support chosen for this small file (756 orders): 2%, i.e. 16 baskets.
    assert.equal(await page.$eval('[data-testid="support-select"]', (s) => s.value), String(b.min_support));
    const summary = await page.textContent('[data-testid="basket-summary"]');
    assert.ok(summary.startsWith(`${b.transactions} baskets`), summary);
    assert.ok(summary.includes(`in ${b.min_count} or more baskets`), summary);
    const total = b.rules_total.toLocaleString('en-US');
    assert.equal(await page.textContent('[data-testid="rules-count"]'),
      `${total} of ${total} rules match; the first 100 are listed`);
    const shown = await ruleRows(page);
    assert.equal(shown.length, b.rules.length);
    shown.forEach((row, i) => {
      const want = b.rules[i];
      assert.equal(row.antecedent, side(want.antecedent), `rule ${i}`);
      assert.equal(row.consequent, side(want.consequent), `rule ${i}`);
      assert.equal(row.count, want.count, `rule ${i}`);
      assert.ok(Math.abs(row.confidence - Number(want.confidence)) < 0.0011, `rule ${i} confidence`);
      assert.ok(Math.abs(row.lift - Number(want.lift)) < 0.051, `rule ${i} lift`);
    });
    // Product names beside the codes.
    assert.ok(shown.some((r) => / [A-Z]{3,}/.test(r.antecedent)), 'labels shown');

    // Sort by lift from the keyboard: Enter on the header's button, then again for ascending.
    await page.focus('[data-testid="sort-lift"] button');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-testid="sort-lift"]', 'aria-sort'), 'descending');
    let lifts = (await ruleRows(page)).map((r) => r.lift);
    assert.ok(Math.abs(lifts[0] - Number(b.lift_max)) < 0.051, `${lifts[0]} is the highest lift`);
    assert.ok(lifts.every((l, i) => i === 0 || lifts[i - 1] >= l), 'descending lift');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-testid="sort-lift"]', 'aria-sort'), 'ascending');
    lifts = (await ruleRows(page)).map((r) => r.lift);
    assert.ok(lifts.every((l, i) => i === 0 || lifts[i - 1] <= l), 'ascending lift');
    assert.equal(await page.getAttribute('[data-testid="sort-confidence"]', 'aria-sort'), 'none');

    // Filters from the keyboard: lift at least 10, then a product code.
    await page.focus('[data-testid="filter-lift"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10');
    await page.keyboard.press('Tab');
    const atLeast10 = b.rules_lift_at_least_10.toLocaleString('en-US');
    await page.waitForFunction((t) => document.querySelector('[data-testid="rules-count"]').textContent.startsWith(t),
      `${atLeast10} of ${total} rules match`);
    assert.ok((await ruleRows(page)).every((r) => r.lift >= 10));
    const item = b.together.item;
    await page.focus('[data-testid="filter-text"]');
    await page.keyboard.type(item);
    await page.waitForFunction((t) => !document.querySelector('[data-testid="rules-count"]').textContent.startsWith(t),
      `${atLeast10} of`);
    const filtered = await ruleRows(page);
    assert.ok(filtered.length > 0, 'rules with the product');
    assert.ok(filtered.every((r) => (r.antecedent + r.consequent).includes(item) && r.lift >= 10));
    const csv = await download(page, '[data-testid="rules-csv"]');
    const csvRows = parseCsv(csv.text);
    assert.deepEqual(csvRows[0].slice(0, 8), ['antecedent', 'antecedent_names', 'consequent', 'consequent_names',
      'count', 'support', 'confidence', 'lift']);
    const matching = Number((await page.textContent('[data-testid="rules-count"]')).split(' ')[0].replaceAll(',', ''));
    assert.equal(csvRows.length - 1, matching, 'the CSV holds the filtered rules');
    assertFormulaSafe(csv.text);

    // What sells with the most frequent product: its companions, as the core counts them.
    await page.fill('[data-testid="together-input"]', item);
    await page.press('[data-testid="together-input"]', 'Enter');
    await page.waitForSelector('[data-testid="together-row"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="together-item"]'), display(item));
    const companions = await page.$$eval('[data-testid="together-row"]', (trs) => trs.map((tr) => [
      tr.querySelector('[data-testid="together-companion"]').textContent,
      tr.querySelector('[data-testid="together-confidence"]').textContent,
      tr.querySelector('[data-testid="together-lift"]').textContent,
    ]));
    const withLabels = b.together.item_labels;
    assert.deepEqual(companions, b.together.companions.map((c) => [display(c.item, withLabels), c.confidence, c.lift]));
    // By name, too: the first companion's name (any case) finds that product.
    const companion = b.together.companions[0].item;
    await page.fill('[data-testid="together-input"]', withLabels[companion].toLowerCase());
    await page.press('[data-testid="together-input"]', 'Enter');
    await page.waitForFunction((t) => document.querySelector('[data-testid="together-item"]')?.textContent === t,
      display(companion, withLabels), { timeout: TIMEOUT });
    assert.ok(await page.$$eval('[data-testid="together-row"]', (r) => r.length) > 0);

    // Clear the filters: the charts and their exports.
    await page.fill('[data-testid="filter-text"]', '');
    assert.ok(await inkedPixels(page, 'rules-scatter') > 2000, 'rules scatter drawn');
    assert.ok(await inkedPixels(page, 'top-rules') > 2000, 'top rules drawn');
    const top = await download(page, '[data-testid="top-rules-svg"]');
    assert.ok(top.text.startsWith('<svg') && top.text.includes('Top rules by lift'));
    const scatter = await download(page, '[data-testid="rules-scatter-csv"]');
    assert.equal(parseCsv(scatter.text).length - 1, b.rules_total);
    await page.selectOption('[data-testid="rank-select"]', 'confidence');
    await page.waitForFunction(() => document.querySelector('[data-testid="top-rules"] figcaption').textContent.includes('confidence'));

    await page.$eval('[data-testid="baskets"] h2', (h) => h.scrollIntoView());
    await screenshot(page, { path: join(ARTIFACTS, 'baskets.png') });

    // Another support re-runs the mining in the worker.
    await page.selectOption('[data-testid="support-select"]', '0.05');
    await page.waitForFunction(() => document.querySelector('[data-testid="basket-summary"]')?.textContent.includes('(5% of them)'),
      null, { timeout: TIMEOUT });

    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('hostile names stay text in the clusters and baskets views and export formula-safe', async () => {
  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const seen = watch(context);
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    await page.goto(strict.url);
    await page.setInputFiles('[data-testid="file-input"]', HOSTILE);
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    await openTab(page, 'clusters');
    await page.waitForSelector('[data-testid="cluster-row"], [data-testid="clusters-error"]', { timeout: TIMEOUT });
    if (await page.$('[data-testid="cluster-row"]')) {
      const all = await download(page, '[data-testid="cluster-customers-csv"]');
      assert.ok(all.text.includes('<img src=x onerror=alert(1)>'), 'the id is kept as text');
      assert.ok(all.text.includes('"\'=HYPERLINK('), all.text);
      assertFormulaSafe(all.text);
    }
    await openTab(page, 'baskets');
    await page.waitForSelector('[data-testid="basket-summary"], [data-testid="baskets-error"]', { timeout: TIMEOUT });
    await page.fill('[data-testid="together-input"]', '=1+1');
    await page.press('[data-testid="together-input"]', 'Enter');
    await page.waitForSelector('[data-testid="together-summary"], [data-testid="together-error"]', { timeout: TIMEOUT });
    assert.equal(await page.$$eval('img, script:not([src])', (els) => els.length), 0);
    assert.equal(dialogs, 0);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(seen.problems, []);
  });
});

test('after Forget everything and another file, every view starts afresh: no result or choice of the old file is left', async () => {
  await withBrowser(async (context) => {
    const { page, seen } = await demoClusters(context);
    // Results and choices on the demo file: a picked k, customer columns, basket choices and
    // a product's companions.
    await page.selectOption('[data-testid="k-select"]', String(EXPECTED.clusters.fixed_k));
    await page.waitForFunction((k) => document.querySelector('[data-testid="cluster-k"]')?.textContent === `${k} clusters`,
      EXPECTED.clusters.fixed_k, { timeout: TIMEOUT });
    await page.click('[data-testid="columns-details"] summary');
    await page.setInputFiles('[data-testid="columns-input"]', CUSTOMERS_CSV);
    await page.click('[data-testid="columns-apply"]');
    await page.waitForSelector('[data-testid="cluster-extra-header"]', { timeout: TIMEOUT });
    await openTab(page, 'baskets');
    await page.waitForSelector('[data-testid="rule-row"]', { timeout: TIMEOUT });
    await page.selectOption('[data-testid="confidence-select"]', '0.5');
    await page.selectOption('[data-testid="max-len-select"]', '2');
    await page.waitForSelector('[data-testid="rule-row"]', { timeout: TIMEOUT });
    await page.fill('[data-testid="together-input"]', '85123A');
    await page.press('[data-testid="together-input"]', 'Enter');
    await page.waitForSelector('[data-testid="together-summary"]', { timeout: TIMEOUT });
    const demoTraces = ['85123A', b.item_labels['85123A']];
    assert.ok((await page.textContent('body')).includes(demoTraces[1]), 'the demo product is on screen');

    await page.click('[data-testid="forget"]');
    await page.waitForSelector('[data-testid="empty"]');
    await page.setInputFiles('[data-testid="file-input"]', HOSTILE);
    await page.waitForSelector('[data-testid="file-line"]', { timeout: TIMEOUT });
    await openTab(page, 'rfm');
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });

    // Clusters: the new file's (or why there are none), at the recommended k, without the
    // old file's customer columns.
    await openTab(page, 'clusters');
    await page.waitForSelector('[data-testid="cluster-row"], [data-testid="clusters-error"]', { timeout: TIMEOUT });
    assert.equal(await page.$('[data-testid="cluster-extra-header"]'), null);
    assert.equal(await page.$('[data-testid="columns-in-use"]'), null);
    assert.equal(await page.$('[data-testid="columns-summary"]'), null);
    if (await page.$('[data-testid="k-select"]')) {
      assert.equal(await page.inputValue('[data-testid="k-select"]'), '', 'the recommended k');
    }
    // Baskets: the default choices, chosen again for the new data, and no companions.
    await openTab(page, 'baskets');
    await page.waitForSelector('[data-testid="basket-summary"], [data-testid="baskets-error"]', { timeout: TIMEOUT });
    assert.equal(await page.$('[data-testid="together-summary"]'), null);
    if (await page.$('[data-testid="confidence-select"]')) {
      assert.equal(await page.inputValue('[data-testid="confidence-select"]'), '0.1');
      assert.equal(await page.inputValue('[data-testid="max-len-select"]'), '3');
    }
    // Nothing of the demo file on any tab.
    for (const id of ['rfm', 'clusters', 'baskets', 'clv', 'cohorts', 'overview']) {
      await openTab(page, id);
      const text = await page.textContent('body');
      for (const trace of demoTraces) assert.ok(!text.includes(trace), `${id}: "${trace}" is from the old file`);
    }
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(strict.url), []);
    assert.deepEqual(seen.problems, []);
  });
});
