// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core.
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.SEGMINT_CHROMIUM ?? '/usr/bin/chromium';

export async function launch(options = {}) {
  // A fresh profile per run; the flags stop Chromium's own background traffic, which this
  // machine's closed network would refuse anyway.
  const profile = await mkdtemp(join(tmpdir(), 'segmint-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ...options,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/**
 * Run `fn(context)` in a fresh browser, closed afterwards whatever happens; `options` go to
 * the context (e.g. `{ locale: 'zh-CN' }`).
 */
export async function withBrowser(fn, options = {}) {
  const context = await launch(options);
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/**
 * Watch a browser context: every request (the page's and its workers'), console errors,
 * page errors and CSP violations. `check(origin)` lists what went wrong.
 */
export function watch(context) {
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  const attach = (page) => {
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('worker', (w) => w.on('console', (m) => {
      if (m.type() === 'error') problems.push(`worker console error: ${m.text()}`);
    }));
  };
  context.pages().forEach(attach);
  context.on('page', attach);
  return {
    requests,
    problems,
    /** Requests whose origin is not `origin` (data: and blob: URLs stay on the device). */
    egress(origin) {
      return requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        return new URL(u).origin !== origin;
      });
    },
  };
}

/** Collect CSP violations reported to the page (install before navigating). */
export async function recordCspViolations(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
}

/**
 * Wait until every chart canvas on the page, in shadow roots too, is drawn: charts draw in
 * tasks of their own after the frame that shows their view, and mark the canvas
 * `data-drawn` (segmint_ui::paint).
 */
export async function chartsDrawn(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const canvases = (root) => [
      ...root.querySelectorAll('canvas'),
      ...[...root.querySelectorAll('*')].filter((e) => e.shadowRoot).flatMap((e) => canvases(e.shadowRoot)),
    ];
    return canvases(document).every((c) => c.hasAttribute('data-drawn'));
  }, null, { timeout });
}

/** `page.screenshot(options)` once every chart on the page is drawn. */
export async function screenshot(page, options) {
  await chartsDrawn(page);
  return page.screenshot(options);
}

// The dashboard (Overview) is the tab shown first after a file loads; tests of the RFM view
// open its tab (once the file is read: the tab appears then).
export async function showRfm(page, timeout = 60_000) {
  await page.click('[data-testid="tab-rfm"]', { timeout });
}

// The file's summary, mapping and quality panel is folded into one line once the analyses can
// run (crates/ui/src/components/file_fold.rs); tests that use its controls open it first.
export async function openFileFold(page, timeout = 60_000) {
  await page.waitForSelector('[data-testid="file-line"]', { timeout });
  if (!(await page.$eval('[data-testid="file-fold"]', (d) => d.open))) {
    await page.click('[data-testid="file-line"]');
  }
  await page.waitForSelector('[data-testid="file-fold"][open]', { timeout });
}

/** The first `lines` lines of `path`, written to `out` (returned). */
export async function headOf(path, lines, out) {
  const input = createReadStream(path);
  const reader = createInterface({ input, crlfDelay: Infinity });
  const kept = [];
  for await (const line of reader) {
    kept.push(line);
    if (kept.length === lines) break;
  }
  input.destroy();
  await writeFile(out, `${kept.join('\n')}\n`);
  return out;
}

/**
 * Pick `file` in the app at `url` and open every tab, each waited for until its view has
 * settled and its charts are drawn (they draw in tasks of their own after the view is
 * shown: those count too). Returns the tabs and the main-thread long tasks (PerformanceObserver
 * `longtask`) from the pick on — the app's start-up is left out.
 */
export async function longTaskFlow(context, url, file, timeout = 600_000) {
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="demo-button"]');
  const start = await page.evaluate(() => performance.now());
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[role="tab"]', { timeout });
  const tabs = await page.$$eval('[role="tab"]', (t) => t.map((x) => x.dataset.testid.replace(/^tab-/, '')));
  for (const id of tabs) {
    await page.click(`[data-testid="tab-${id}"]`);
    await page.waitForSelector(`[data-testid="panel-${id}"]`);
    await page.waitForFunction(() => !document.querySelector('[role="tabpanel"] [role="status"][data-testid$="-pending"]'), null, { timeout });
    await chartsDrawn(page, timeout);
    await page.waitForTimeout(200);
  }
  const tasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= start);
  return { page, tabs, tasks, longest: Math.max(0, ...tasks.map((t) => t.duration)) };
}
