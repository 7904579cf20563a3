// End-to-end tests of the editable parts of the RFM and lifetime-value views: remapping a
// column, the segment rules editor (keyboard only), the segment migration matrix and the
// lifetime-value charts, in real headless Chromium against the release build in dist/, under
// the strict CSP with no request leaving the origin. Every number is compared with
// tests/e2e/fixtures/rfm_clv_views.json, which crates/charts/tests/e2e_rfm_clv_expectations.rs
// keeps equal to what the native segmint-core computes. Screenshots go to tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { startServer, STRICT_CSP } from './server.mjs';
import { withBrowser, watch, recordCspViolations, screenshot, showRfm, openFileFold } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const ARTIFACTS = join(HERE, 'artifacts');
const EXPECTED = JSON.parse(await readFile(join(HERE, 'fixtures', 'rfm_clv_views.json'), 'utf8'));
const CDNOW = join(HERE, 'fixtures', 'cdnow_sample.csv');
const TIMEOUT = 60_000;

let server;
before(async () => {
  server = await startServer({ dir: DIST, csp: STRICT_CSP });
  await mkdir(ARTIFACTS, { recursive: true });
});
after(async () => {
  await server?.close();
});

const number = (text) => Number(text.replaceAll(',', ''));

/** Open the page under the strict CSP, run `fn(page)`, then check CSP, egress and errors. */
async function inStrictPage(fn) {
  await withBrowser(async (context) => {
    await recordCspViolations(context);
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await fn(page);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.egress(server.url), []);
    assert.deepEqual(seen.problems, []);
  });
}

async function openDemo(page) {
  await page.click('[data-testid="demo-button"]');
  await showRfm(page, TIMEOUT);
  await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
}

/** `{ segment name: customers }` as the segment table shows it (empty segments left out). */
async function shownSegments(page) {
  const rows = await page.$$eval('[data-testid="segment-row"]', (trs) => trs.map((tr) => [
    tr.querySelector('[data-testid="segment-name"]').textContent,
    tr.querySelector('[data-testid="segment-customers"]').textContent,
  ]));
  return Object.fromEntries(rows.map(([n, c]) => [n, number(c)]).filter(([, c]) => c > 0));
}

const nonEmpty = (segments) => Object.fromEntries(Object.entries(segments).filter(([, c]) => c > 0));

test('remapping the customer id to another column reads the file again with it', async () => {
  await inStrictPage(async (page) => {
    await openDemo(page);
    // The mapping is folded into the file's line once the analyses run: open it.
    await openFileFold(page, TIMEOUT);
    assert.equal(await page.inputValue('[data-testid="map-customer_id"]'), '#7');
    assert.equal(await page.textContent('[data-testid="role-source-customer_id"]'), 'preset');
    // Nothing changed yet: nothing to apply.
    assert.ok(await page.isDisabled('[data-testid="remap-apply"]'));
    await page.selectOption('[data-testid="map-customer_id"]', '#8');
    await page.click('[data-testid="remap-apply"]');
    await page.waitForSelector('[data-testid="role-source-customer_id"]:text("user")', { timeout: TIMEOUT });
    assert.equal(await page.inputValue('[data-testid="map-customer_id"]'), '#8');
    const chosen = await page.$eval('[data-testid="map-customer_id"]', (s) => s.selectedOptions[0].textContent);
    assert.equal(chosen, EXPECTED.remapped.customer_id_column);
    assert.match(await page.textContent('[data-testid="role-customer_id"]'), /100(\.0)?%/);
    await showRfm(page, TIMEOUT);
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    const rfm = EXPECTED.remapped.rfm;
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="rfm-customers"]')?.textContent === String(n),
      rfm.customers, { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="rfm-reference-date"]'), rfm.reference_date);
    assert.deepEqual(await shownSegments(page), nonEmpty(rfm.segments));
    await screenshot(page, { path: join(ARTIFACTS, 'mapping-edited.png'), fullPage: true });
  });
});

test('segment rules edited from the keyboard give the native core\'s segments', async () => {
  await inStrictPage(async (page) => {
    await openDemo(page);
    // Open the editor from the keyboard: focus its summary, press Enter.
    await page.focus('[data-testid="rules-details"] summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="rules-table"]');
    const first = '[data-testid="rule-row"]:nth-child(1)';
    // Rename the first rule: focus its name field, select all, type.
    await page.focus(`${first} [data-testid="rule-name"]`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Best');
    // Tab to "R from" and write 4.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'rule-r-from');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    // A broken range is explained in words and cannot be applied: R to = 3 < R from = 4.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    const error = await page.textContent('[data-testid="rules-error"]');
    assert.match(error, /Best/);
    assert.match(error, /1..=5 and be ordered/);
    assert.ok(await page.isDisabled('[data-testid="rules-apply"]'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5');
    await page.waitForSelector('[data-testid="rules-error"]', { state: 'detached' });
    // Notes in words: rfm-10 leaves score combinations to "Other".
    assert.match(await page.textContent('[data-testid="rules-notes"]'), /match no rule/);

    // Reorder from the keyboard: move the second rule up and back down.
    const second = '[data-testid="rule-row"]:nth-child(2)';
    const secondName = await page.inputValue(`${second} [data-testid="rule-name"]`);
    await page.focus(`${second} [data-testid="rule-up"]`);
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue(`${first} [data-testid="rule-name"]`), secondName);
    // The focus stays on the moved row's "up" button; Tab to its "down" and move it back.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'rule-up');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'rule-down');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue(`${first} [data-testid="rule-name"]`), 'Best');
    // Add a rule and remove it again.
    const before = (await page.$$('[data-testid="rule-row"]')).length;
    await page.focus('[data-testid="rule-add"]');
    await page.keyboard.press('Enter');
    assert.equal((await page.$$('[data-testid="rule-row"]')).length, before + 1);
    await page.focus('[data-testid="rule-row"]:last-child [data-testid="rule-remove"]');
    await page.keyboard.press('Enter');
    assert.equal((await page.$$('[data-testid="rule-row"]')).length, before);

    await page.focus('[data-testid="rules-apply"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="segment-name"]:text-is("Best")', { timeout: TIMEOUT });
    await page.waitForSelector('[data-testid="custom-rules-note"]');
    assert.deepEqual(await shownSegments(page), nonEmpty(EXPECTED.edited_rules.rfm.segments));
    await screenshot(page, { path: join(ARTIFACTS, 'rules-editor.png'), fullPage: true });

    // Reset goes back to the preset's rules and segments.
    await page.focus('[data-testid="rules-reset"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="segment-name"]:text-is("Champions")', { timeout: TIMEOUT });
    assert.equal(await page.inputValue(`${first} [data-testid="rule-name"]`), 'Champions');
  });
});

/** The migration table as numbers, rows top to bottom. */
async function shownMigration(page) {
  return page.$$eval('[data-testid="migration-row"]', (trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => Number(td.textContent.replaceAll(',', '')))));
}

test('the migration matrix equals the native core\'s, for the default and a chosen date', async () => {
  await inStrictPage(async (page) => {
    await openDemo(page);
    await page.waitForSelector('[data-testid="migration-heatmap"] canvas[data-drawn]');
    const expected = EXPECTED.migration.default;
    assert.match(await page.textContent('[data-testid="migration-summary"]'), new RegExp(expected.from_date));
    assert.equal(await page.inputValue('[data-testid="migration-date"]'), expected.from_date);
    const heads = await page.$$eval('[data-testid="migration-row"] th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(heads, expected.segments);
    assert.deepEqual(await shownMigration(page), expected.counts);
    // The summary in words: stayed (the diagonal), moved, new (the last row) add up.
    const summary = await page.textContent('[data-testid="migration-summary"]');
    const [, stayed, moved, fresh] = summary.match(/: ([\d,]+) stayed .*?, ([\d,]+) moved, ([\d,]+) are new/).map((x) => x && number(x));
    const diagonal = expected.counts.slice(0, -1).reduce((s, row, i) => s + (row[i] ?? 0), 0);
    assert.equal(stayed, diagonal);
    assert.equal(fresh, expected.counts.at(-1).reduce((a, b) => a + b, 0));
    assert.equal(stayed + moved + fresh, expected.counts.flat().reduce((a, b) => a + b, 0));
    // The canvas has been drawn on (not blank).
    const inked = await page.$eval('[data-testid="migration-heatmap"] canvas', (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n += 1;
      return n;
    });
    assert.ok(inked > 500, `only ${inked} dark pixels`);
    // CSV export of the matrix.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="migration-heatmap-csv"]'),
    ]);
    const csv = await readFile(await file.path(), 'utf8');
    assert.match(csv.split(/\r?\n/)[0], /^from_segment,to_segment,customers/);
    const total = csv.trim().split(/\r?\n/).slice(1).reduce((s, l) => s + Number(l.split(',').at(-1)), 0);
    assert.equal(total, expected.counts.flat().reduce((a, b) => a + b, 0));

    const chosen = EXPECTED.migration.from_2010_12_07;
    await page.fill('[data-testid="migration-date"]', '2010-12-07');
    await page.click('[data-testid="migration-apply"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="migration-summary"]')?.textContent.includes('2010-12-07'),
      null, { timeout: TIMEOUT });
    assert.deepEqual(await shownMigration(page), chosen.counts);
    await screenshot(page, { path: join(ARTIFACTS, 'migration.png'), fullPage: true });
    await screenshot(page, { path: join(ARTIFACTS, 'rfm.png'), fullPage: true });
  });
});

test('lifetime value shows P(alive) and the propensity calibration with their data', async () => {
  await inStrictPage(async (page) => {
    // The demo covers nine days: propensity says why it cannot run, the P(alive) chart draws.
    await openDemo(page);
    await page.click('[data-testid="tab-clv"]');
    await page.waitForSelector('[data-testid="p-alive"] canvas', { timeout: TIMEOUT });
    const why = await page.textContent('[data-testid="propensity-unavailable"]');
    assert.ok(why.includes(EXPECTED.demo_propensity_unavailable), why);

    await page.setInputFiles('[data-testid="file-input"]', CDNOW);
    await page.waitForSelector('[data-testid="tab-clv"]', { timeout: TIMEOUT });
    await page.click('[data-testid="tab-clv"]');
    await page.waitForSelector('[data-testid="calibration"] canvas', { timeout: TIMEOUT });
    const cd = EXPECTED.cdnow;
    const bands = await page.$$eval('[data-testid="p-alive-customers"]', (tds) =>
      tds.map((td) => Number(td.textContent.replaceAll(',', ''))));
    assert.deepEqual(bands, cd.p_alive_bands);
    assert.equal(bands.reduce((a, b) => a + b, 0), cd.customers);
    assert.equal(await page.textContent('[data-testid="propensity-auc"]'), cd.auc);
    assert.match(await page.textContent('[data-testid="propensity-summary"]'), /of the time \(50% is chance\)/);
    assert.equal((await page.$$('[data-testid="calibration-row"]')).length, cd.calibration_rows);
    for (const id of ['p-alive', 'calibration']) {
      for (const kind of ['png', 'svg']) {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`[data-testid="${id}-${kind}"]`),
        ]);
        assert.ok(file.suggestedFilename().endsWith(`.${kind}`), file.suggestedFilename());
        if (kind === 'svg') {
          const svg = await readFile(await file.path(), 'utf8');
          assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
          if (id === 'calibration') assert.ok(svg.includes(`AUC ${Number(cd.auc).toFixed(2)}`));
        }
      }
    }
    await screenshot(page, { path: join(ARTIFACTS, 'clv.png'), fullPage: true });
  });
});
