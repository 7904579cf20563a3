// Analysis first, plumbing folded (issue 18 point 2): once the analyses can run, the file's
// summary, mapping and quality panel is one line — lines, customers, the dates they span,
// notices — whose numbers are the command line's (`segmint inspect --json` and `segmint summary
// --json` on the same file: tests/e2e/fixtures/inspect_*.json and summary_demo.json, kept
// current by crates/cli/tests); it opens on click, and by itself when a question needs an
// answer or the analyses cannot run. The tab list stays on screen while the page scrolls and
// never makes a phone's page scroll sideways; each view has its own URL hash, so back, forward
// and bookmarks work, with no data in the URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { startServer } from './server.mjs';
import { withBrowser, watch, screenshot } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const ARTIFACTS = join(HERE, 'artifacts');
const TIMEOUT = 60_000;
const fixture = async (name) => JSON.parse(await readFile(join(HERE, 'fixtures', name), 'utf8'));
const DEMO_NAME = 'online_retail_sample.csv';
const VIEWS = ['overview', 'rfm', 'clusters', 'baskets', 'clv', 'cohorts', 'customers', 'recommend', 'lift'];

let server;
before(async () => {
  server = await startServer({ dir: DIST });
  await mkdir(ARTIFACTS, { recursive: true });
});
after(async () => server?.close());

// The line as each language writes it, computed here from the CLI's numbers.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const grouped = (n) => n.toLocaleString('en-US');
const parts = (iso) => iso.split('-').map(Number);
const WORDS = {
  en: {
    lines: (n) => `${grouped(n)} ${n === 1 ? 'line' : 'lines'}`,
    customers: (n) => `${grouped(n)} ${n === 1 ? 'customer' : 'customers'}`,
    date: (iso) => {
      const [y, m, d] = parts(iso);
      return `${d} ${MONTHS[m - 1]} ${y}`;
    },
    notices: (n) => `${grouped(n)} ${n === 1 ? 'notice' : 'notices'}`,
    questions: (n) => `${grouped(n)} ${n === 1 ? 'question' : 'questions'} to answer`,
    noAnalyses: 'the analyses need a customer, a date and an amount column',
  },
  zh: {
    lines: (n) => `${grouped(n)} 行`,
    customers: (n) => `${grouped(n)} 位客户`,
    date: (iso) => {
      const [y, m, d] = parts(iso);
      return `${y}年${m}月${d}日`;
    },
    notices: (n) => `${grouped(n)} 条提示`,
    questions: (n) => `${grouped(n)} 个问题待回答`,
    noAnalyses: '分析需要客户、日期和金额三列',
  },
};

/** The notices: each reason rows were rejected for, and each warning (what `segmint inspect`
 *  prints as `rejected` and `warning:` lines). */
const notices = (inspect) => Object.values(inspect.rejected).filter((n) => n > 0).length + inspect.warnings.length;

/** The facts the line should show for `inspect` (and `summary`, once the dashboard has it). */
function expectedFacts(words, inspect, summary) {
  const facts = [words.lines(inspect.rows_read)];
  if (summary) {
    facts.push(words.customers(summary.customers.value));
    facts.push(`${words.date(summary.first_date)} – ${words.date(summary.last_date)}`);
  }
  if (notices(inspect) > 0) facts.push(words.notices(notices(inspect)));
  if (inspect.questions.length > 0) facts.push(words.questions(inspect.questions.length));
  if (!inspect.customer_analyses) facts.push(words.noAnalyses);
  return facts.join(' · ');
}

const isOpen = (page) => page.$eval('[data-testid="file-fold"]', (d) => d.open);
const selected = (page) => page.$eval('[role="tab"][aria-selected="true"]', (t) => t.id.replace(/^tab-/, ''));
const hash = (page) => page.evaluate(() => location.hash);

async function openDemo(page) {
  await page.click('[data-testid="demo-button"]');
  await page.waitForSelector('[data-testid="tabs"]', { timeout: TIMEOUT });
}

/** Wait until the tab `id` is the selected one and its panel shows. */
async function shows(page, id) {
  await page.waitForSelector(`[data-testid="tab-${id}"][aria-selected="true"]`, { timeout: TIMEOUT });
  await page.waitForSelector(`[data-testid="panel-${id}"]`, { timeout: TIMEOUT });
}

test('the demo folds into one line with the numbers of segmint inspect and summary; it opens on click', async () => {
  const inspect = await fixture('inspect_demo.json');
  const summary = await fixture('summary_demo.json');
  assert.ok(inspect.customer_analyses && inspect.questions.length === 0, 'the demo needs no answer');
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await openDemo(page);
    // The customers and dates come with the dashboard's numbers.
    await page.waitForSelector('[data-testid="overview-customers"]', { timeout: TIMEOUT });
    const facts = await page.textContent('[data-testid="file-line-facts"]');
    assert.equal(facts, expectedFacts(WORDS.en, inspect, summary));
    assert.match(await page.textContent('[data-testid="file-line"]'), new RegExp(`^${DEMO_NAME.replaceAll('.', '\\.')}`));
    // Folded: the line shows, the mapping and quality do not; the dashboard is first.
    assert.equal(await isOpen(page), false);
    assert.ok(await page.isVisible('[data-testid="file-line"]'));
    for (const testid of ['summary', 'mapping', 'quality-sentence', 'column-chart']) {
      assert.equal(await page.isVisible(`[data-testid="${testid}"]`), false, `${testid} is folded away`);
    }
    const line = await page.locator('[data-testid="file-line"]').boundingBox();
    const tabs = await page.locator('[data-testid="tabs"]').boundingBox();
    assert.ok(line.y < tabs.y, 'the line is above the analyses');
    await screenshot(page, { path: join(ARTIFACTS, 'fold-closed-1280.png') });

    // A click opens it: the summary, the mapping and the quality report, with the CLI's count.
    await page.click('[data-testid="file-line"]');
    await page.waitForSelector('[data-testid="mapping"]', { timeout: TIMEOUT });
    assert.equal(await isOpen(page), true);
    assert.equal(await page.textContent('[data-testid="rows-read"]'), String(inspect.rows_read));
    assert.match(await page.textContent('[data-testid="quality-sentence"]'), new RegExp(`^${grouped(inspect.rows_read)} rows read`));
    // The notices the line counts are the ones listed inside.
    assert.equal(await page.$$eval('[data-testid="quality-report"] li, [data-testid="warnings"] li', (li) => li.length),
      notices(inspect));
    await screenshot(page, { path: join(ARTIFACTS, 'fold-open-1280.png'), fullPage: true });
    // Another click folds it again; so does the keyboard (a native <details>: Enter toggles).
    await page.click('[data-testid="file-line"]');
    await page.waitForSelector('[data-testid="mapping"]', { state: 'hidden' });
    await page.focus('[data-testid="file-line"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="mapping"]');
    assert.deepEqual(seen.problems, []);
  });
});

test('the line opens by itself when a question needs an answer, and folds once it is answered', async () => {
  const inspect = await fixture('inspect_ambiguous_dates.json');
  assert.ok(inspect.questions.length > 0, 'the fixture asks a question');
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.setInputFiles('[data-testid="file-input"]', join(HERE, 'fixtures', 'ambiguous_dates.csv'));
    await page.waitForSelector('[data-testid="file-line"]', { timeout: TIMEOUT });
    // Open without a click: the question is on screen, and no analysis runs.
    assert.equal(await isOpen(page), true);
    assert.ok(await page.isVisible('[data-testid="question"]'));
    assert.equal(await page.$('[data-testid="tabs"]'), null);
    assert.equal(await page.textContent('[data-testid="file-line-facts"]'), expectedFacts(WORDS.en, inspect, null));
    await screenshot(page, { path: join(ARTIFACTS, 'fold-question-1280.png'), fullPage: true });
    await page.selectOption('[data-testid="question-answer"]', 'month_first');
    await page.click('[data-testid="question-apply"]');
    // Answered: the analyses run, and the file is one line again.
    await page.waitForSelector('[data-testid="tabs"]', { timeout: TIMEOUT });
    await page.waitForSelector('[data-testid="overview-customers"]', { timeout: TIMEOUT });
    assert.equal(await isOpen(page), false);
    assert.match(await page.textContent('[data-testid="file-line-facts"]'), /customers · \d+ \w{3} 2024 – \d+ \w{3} 2024/);
    assert.deepEqual(seen.problems, []);
  });
});

test('the line opens by itself when the analyses cannot run', async () => {
  const inspect = await fixture('inspect_basket_per_line.json');
  assert.equal(inspect.customer_analyses, false, 'the fixture has no customers');
  await withBrowser(async (context) => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.setInputFiles('[data-testid="file-input"]', join(ROOT, 'tests', 'fixtures', 'presets', 'basket_per_line.csv'));
    await page.waitForSelector('[data-testid="file-line"]', { timeout: TIMEOUT });
    assert.equal(await isOpen(page), true);
    assert.ok(await page.isVisible('[data-testid="mapping"]'));
    assert.equal(await page.$('[data-testid="tabs"]'), null);
    assert.equal(await page.textContent('[data-testid="file-line-facts"]'), expectedFacts(WORDS.en, inspect, null));
  });
});

test('each view has its own URL: tabs push history entries, back and forward switch views', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await openDemo(page);
    await shows(page, 'overview');
    assert.equal(await hash(page), '');
    const start = await page.evaluate(() => history.length);

    await page.click('[data-testid="tab-rfm"]');
    await shows(page, 'rfm');
    assert.equal(await hash(page), '#rfm');
    await page.click('[data-testid="tab-clusters"]');
    await shows(page, 'clusters');
    assert.equal(await hash(page), '#clusters');
    assert.equal(await page.evaluate(() => history.length), start + 2);

    await page.evaluate(() => history.back());
    await shows(page, 'rfm');
    assert.equal(await hash(page), '#rfm');
    await page.evaluate(() => history.back());
    await shows(page, 'overview');
    assert.equal(await hash(page), '');
    await page.evaluate(() => history.forward());
    await shows(page, 'rfm');
    await page.evaluate(() => history.forward());
    await shows(page, 'clusters');

    // The keyboard (WAI-ARIA tabs: arrows move and select) changes the URL the same way.
    await page.focus('[data-testid="tab-clusters"]');
    await page.keyboard.press('ArrowRight');
    await shows(page, 'baskets');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-baskets');
    assert.equal(await hash(page), '#baskets');
    await page.keyboard.press('Home');
    await shows(page, 'overview');
    assert.equal(await hash(page), '#overview');
    await page.evaluate(() => history.back());
    await shows(page, 'baskets');

    // The URL holds the view and nothing else: no query, no data.
    const url = new URL(page.url());
    assert.equal(`${url.origin}${url.pathname}${url.search}`, `${server.url}/`);
    assert.ok(VIEWS.includes(url.hash.slice(1)), url.hash);
    assert.deepEqual(seen.problems, []);
  });
});

test('a bookmarked view is where the demo lands; an unknown one is the dashboard', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/#cohorts`);
    await openDemo(page);
    await shows(page, 'cohorts');
    assert.equal(await selected(page), 'cohorts');
    await page.waitForSelector('[data-testid="cohort-row"]', { state: 'attached', timeout: TIMEOUT });
    assert.equal(await hash(page), '#cohorts');

    // Typing another view's hash into the address bar switches to it.
    await page.evaluate(() => { location.hash = '#clv'; });
    await shows(page, 'clv');

    const other = await context.newPage();
    await other.goto(`${server.url}/#no-such-view`);
    await openDemo(other);
    await shows(other, 'overview');
    await other.waitForSelector('[data-testid="overview-customers"]', { timeout: TIMEOUT });
    assert.deepEqual(seen.problems, []);
  });
});

/** The tab list is on screen, and what is at its middle is the tab itself (nothing over it). */
async function assertTabsOnScreen(page) {
  const box = await page.locator('[data-testid="tabs"]').boundingBox();
  const { height } = page.viewportSize();
  assert.ok(box.y >= -1 && box.y + box.height <= height, `the tab list is at ${box.y}..${box.y + box.height}`);
  const top = await page.evaluate(() => {
    const tab = document.querySelector('[role="tab"][aria-selected="true"]');
    const r = tab.getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('[role="tab"]')?.id;
  });
  assert.equal(top, await page.$eval('[role="tab"][aria-selected="true"]', (t) => t.id));
}

test('the tab list stays on screen at the bottom of a long view, at 1280 px and at 390 px', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await openDemo(page);
    await page.click('[data-testid="tab-rfm"]');
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok(await page.evaluate(() => window.scrollY) > 800, 'the RFM view is longer than a screen');
    await assertTabsOnScreen(page);
    // Another view is one click away from the bottom of the page.
    await page.click('[data-testid="tab-cohorts"]');
    await shows(page, 'cohorts');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('[data-testid="tab-rfm"]');
    await page.waitForSelector('[data-testid="segment-row"]', { timeout: TIMEOUT });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok(await page.evaluate(() => window.scrollY) > 844);
    await assertTabsOnScreen(page);
    await screenshot(page, { path: join(ARTIFACTS, 'phone-tabs-scrolled.png') });
    // The tab list scrolls within itself; the page never scrolls sideways.
    const strip = await page.$eval('[data-testid="tabs"]', (t) => ({ scroll: t.scrollWidth, client: t.clientWidth }));
    assert.ok(strip.scroll > strip.client, `nine tabs do not fit 390 px: ${JSON.stringify(strip)}`);
    await page.click('[data-testid="tab-lift"]');
    await shows(page, 'lift');
    await assertTabsOnScreen(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    assert.deepEqual(seen.problems, []);
  });
});

test('a zh-CN browser gets the line in Chinese, with the same numbers', async () => {
  const inspect = await fixture('inspect_demo.json');
  const summary = await fixture('summary_demo.json');
  await withBrowser(async (context) => {
    const seen = watch(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await openDemo(page);
    await page.waitForSelector('[data-testid="overview-customers"]', { timeout: TIMEOUT });
    assert.equal(await page.textContent('[data-testid="file-line-facts"]'), expectedFacts(WORDS.zh, inspect, summary));
    await screenshot(page, { path: join(ARTIFACTS, 'fold-closed-zh-1280.png') });
    // The switch rewrites it in English, keeping the numbers.
    await page.selectOption('[data-testid="language-select"]', 'en');
    await page.waitForFunction(() => document.querySelector('[data-testid="file-line-facts"]')?.textContent.includes('lines'));
    assert.equal(await page.textContent('[data-testid="file-line-facts"]'), expectedFacts(WORDS.en, inspect, summary));
    assert.deepEqual(seen.problems, []);
  }, { locale: 'zh-CN' });
});
