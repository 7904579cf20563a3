// End-to-end tests of the iframe embed's security (docs/embed.md, "Who may use the embed"):
// real headless Chromium, real origins. Segmint (dist/) is served from 127.0.0.1 on several
// ports — one per embed-config.json under test, with or without the frame-ancestors header a
// static host could not send. The CRM that the deployer named is http://localhost:<port>; the
// stranger is http://127.0.0.1:<another port>. Different hosts or ports are different origins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { copyFile, mkdtemp, readFile, readdir, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, STRICT_CSP } from './server.mjs';
import { withBrowser, watch, recordCspViolations } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.SEGMINT_DIST ?? join(ROOT, 'dist');
const PAGES = join(HERE, 'fixtures', 'widgets');
const DEMO_CSV = 'demo/online_retail_sample.csv';
const EXPECTED = JSON.parse(await readFile(join(HERE, 'fixtures', 'widgets_demo.json'), 'utf8'));
// The section of docs/embed.md that lists, message by message, what leaves the frame.
const DOCS = (await readFile(join(ROOT, 'docs', 'embed.md'), 'utf8')).split('### What leaves the frame')[1].split('\n### ')[0];
const TIMEOUT = 90_000;
const PROTOCOL = 2;
const REFUSED = 'This page is not allowed to use Segmint here.';
const SMALL_CSV = [
  'CustomerID,InvoiceNo,InvoiceDate,StockCode,Quantity,UnitPrice',
  'A,1,2024-01-05,X,1,10',
  'B,2,2024-02-01,Y,2,5',
  'C,3,2024-03-02,X,1,7',
  'A,4,2024-03-03,Y,1,4',
].join('\n');

// Host pages may frame any 127.0.0.1 or localhost port (and so each other) and data: pages;
// the rest is the strict policy every page of these tests runs under.
const HOST_CSP = `${STRICT_CSP}; frame-src http://127.0.0.1:* http://localhost:* data:`;

let crm; // the host the deployer named: http://localhost:<port>
let stranger; // anyone else: http://127.0.0.1:<port>
const segmint = {}; // name → server of dist/ with one embed-config.json
before(async () => {
  if (!existsSync(join(DIST, 'widgets', 'segmint-widgets.js'))) {
    throw new Error(`${DIST}/widgets is missing: run 'trunk build --release && bash scripts/build-widgets.sh'`);
  }
  const root = await mkdtemp(join(tmpdir(), 'segmint-embed-host-'));
  for (const dir of ['widgets', 'demo']) await symlink(join(DIST, dir), join(root, dir));
  await copyFile(join(DIST, 'icon.svg'), join(root, 'icon.svg'));
  for (const page of await readdir(PAGES)) await copyFile(join(PAGES, page), join(root, page));
  crm = await startServer({ dir: root, csp: HOST_CSP, hostname: 'localhost' });
  stranger = await startServer({ dir: root, csp: HOST_CSP });
  const serve = (options) => startServer({ dir: DIST, csp: STRICT_CSP, ...options });
  const named = { segmint: 1, allowedOrigins: [crm.url], allowOriginsFromUrl: false };
  const patterns = { segmint: 1, allowedOrigins: [], allowOriginsFromUrl: ['http://localhost:*'] };
  Object.assign(segmint, {
    // dist/embed-config.json as shipped, with the header `run.sh serve` sends, and without.
    shipped: await serve({}),
    shippedStatic: await serve({ frameAncestors: false }),
    named: await serve({ embedConfig: named }),
    namedStatic: await serve({ embedConfig: named, frameAncestors: false }),
    // The named CRM, and an embed page that may hold a frame of the CRM's origin itself.
    namedWithChild: await serve({ embedConfig: named, csp: `${STRICT_CSP}; frame-src ${crm.url}` }),
    urlOn: await serve({ embedConfig: { segmint: 1, allowedOrigins: [], allowOriginsFromUrl: true } }),
    urlPatterns: await serve({ embedConfig: patterns }),
    urlPatternsStatic: await serve({ embedConfig: patterns, frameAncestors: false }),
  });
});
after(async () => {
  await crm?.close();
  await stranger?.close();
  for (const server of Object.values(segmint)) await server.close();
});

const embedUrl = (server, query = {}) => `${server.url}/embed.html?${new URLSearchParams({ widget: 'rfm', ...query })}`;

/**
 * Open `host`'s embed-host.html framing `frameUrl`; resolves to helpers around the page:
 * `messages()` the host received, `send(message)` to the frame, `waitFor(fields)` a message.
 */
async function framedBy(context, host, frameUrl, query = {}) {
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await page.goto(`${host.url}/embed-host.html?${new URLSearchParams({ frame: frameUrl, ...query })}`);
  const messages = (filter = () => true) => page.evaluate(() => window.__messages).then((m) => m.filter(filter));
  // A function predicate, not a string: the page's CSP forbids the eval a string would need.
  const waitFor = (fields) =>
    page.waitForFunction(
      (fields) => window.__messages.some((m) => m.data && Object.entries(fields).every(([k, v]) => m.data[k] === v)),
      fields,
      { timeout: TIMEOUT },
    );
  const send = (message) => page.evaluate((message) => window.hostSend(message), message);
  const reply = async (message) => {
    await send(message);
    await waitFor({ id: message.id });
    return (await messages((m) => m.data.id === message.id))[0].data;
  };
  return { page, messages, waitFor, send, reply, consoleLines };
}

/** The embed's frame inside `page`, once it is there. */
async function embedFrame(page, server) {
  for (let i = 0; i < 400; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(`${server.url}/embed.html`));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`no frame of ${server.url}/embed.html in ${page.url()}`);
}

/** Record, inside `frame`, every message delivered to its window (proves delivery of ignored ones). */
const recordDelivered = (frame) =>
  frame.evaluate(() => {
    window.__delivered = [];
    window.addEventListener('message', (e) => window.__delivered.push({ origin: e.origin, id: e.data && e.data.id }));
  });

/** Let `frame` run the tasks it has queued: a negative cannot be awaited any other way. */
const settle = (frame) => frame.evaluate(() => new Promise((ok) => setTimeout(ok, 500)));

/** The refusal as the person sees it, and what else is in the frame. */
async function refusalIn(frame) {
  await frame.locator('[data-testid="embed-refused"]').waitFor({ state: 'visible', timeout: TIMEOUT });
  return frame.evaluate(() => ({
    title: document.querySelector('[data-testid="embed-refused-title"]').textContent,
    reason: document.querySelector('[data-testid="embed-refused-reason"]').textContent,
    status: document.querySelector('[data-testid="embed-status"]').textContent,
    widgets: document.querySelectorAll('[data-testid="embed"] > *').length,
    fileInputs: document.querySelectorAll('input[type="file"]').length,
  }));
}

/** Drop a CSV file on the frame's page, as a person would; resolves to whether it was refused. */
const dropFile = (frame, selector = 'body') =>
  frame.evaluate(
    ({ selector, csv }) => {
      const find = (root) => root.querySelector(selector) ||
        [...root.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => find(e.shadowRoot)).find(Boolean);
      const target = find(document);
      const data = new DataTransfer();
      data.items.add(new File([csv], 'my-customers.csv', { type: 'text/csv' }));
      const over = new DragEvent('dragover', { bubbles: true, composed: true, cancelable: true, dataTransfer: data });
      target.dispatchEvent(over);
      const drop = new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: data });
      target.dispatchEvent(drop);
      return { refusedOver: over.dataTransfer.dropEffect === 'none', prevented: drop.defaultPrevented };
    },
    { selector, csv: SMALL_CSV },
  );

/** Whether a request for `url`'s path was made. */
const requested = (seen, server, path) => seen.requests.some((u) => u.startsWith(`${server.url}/${path}`));

/** The field names a row of a docs/embed.md table lists (backticked), by its first cell. */
function documented(firstCell) {
  const row = DOCS.split('\n').find((line) => line.startsWith(`| ${firstCell} |`));
  assert.ok(row, `docs/embed.md, "What leaves the frame", has a row "${firstCell}"`);
  const cells = row.split('|').map((c) => c.trim());
  return new Set([...cells[cells.length - 2].matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]));
}
/** Every field name in `value`, nested ones too. */
function fieldNames(value, into = new Set()) {
  if (Array.isArray(value)) value.forEach((v) => fieldNames(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      fieldNames(v, into);
    }
  }
  return into;
}
const sorted = (set) => [...set].sort();

test('the shipped config: a stranger that allow-lists itself by URL gets no reply and the frame refuses files', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    await recordCspViolations(context);
    // A static host (no frame-ancestors): only the embed's own check stands.
    const url = embedUrl(segmint.shippedStatic, { src: DEMO_CSV, allow: stranger.url });
    const host = await framedBy(context, stranger, url);
    const frame = await embedFrame(host.page, segmint.shippedStatic);
    const shown = await refusalIn(frame);
    assert.equal(shown.title, REFUSED);
    assert.match(shown.reason, new RegExp(`^${stranger.url.replaceAll('.', '\\.')} is not one of the sites`));
    assert.match(shown.reason, /accepts no file here and answers no message/);
    assert.match(shown.status, /The allow parameter of this URL is ignored/);
    assert.deepEqual({ widgets: shown.widgets, fileInputs: shown.fileInputs }, { widgets: 0, fileInputs: 0 });
    // The stranger asks for everything; nothing comes back.
    await recordDelivered(frame);
    for (const message of [
      { segmint: PROTOCOL, type: 'hello', id: 's1' },
      { segmint: PROTOCOL, type: 'load-csv', id: 's2', text: SMALL_CSV },
      { segmint: PROTOCOL, type: 'get-result', id: 's3' },
      { segmint: 1, type: 'hello', id: 's4' },
    ]) {
      await host.send(message);
    }
    // A person drops their export on the frame: turned away, nothing reads it.
    const dropped = await dropFile(frame);
    assert.deepEqual(dropped, { refusedOver: true, prevented: true });
    await settle(frame);
    assert.deepEqual((await frame.evaluate(() => window.__delivered)).map((d) => d.id), ['s1', 's2', 's3', 's4'],
      'the messages reached the frame');
    assert.deepEqual(await host.messages(), [], 'and the stranger got no reply');
    assert.equal(await frame.evaluate(() => document.querySelectorAll('[data-testid="embed"] > *').length), 0);
    // The embed posted nothing at all: no refused delivery was reported either.
    assert.deepEqual(host.consoleLines.filter((l) => /target origin/.test(l)), []);
    // No widget started: neither the data in the URL nor the wasm was fetched.
    assert.ok(!requested(seen, segmint.shippedStatic, DEMO_CSV), 'src was not fetched');
    assert.ok(!seen.requests.some((u) => u.endsWith('.wasm')), 'no wasm was loaded');
    assert.deepEqual(await frame.evaluate(() => window.__cspViolations), []);

    // With the header `bash scripts/run.sh serve` sends (frame-ancestors 'self' for the
    // shipped file), Chromium does not even run the embed for the stranger.
    const blocked = await framedBy(context, stranger, embedUrl(segmint.shipped, { allow: stranger.url }));
    await blocked.page.waitForFunction(
      () => document.getElementById('embed') && document.readyState === 'complete', null, { timeout: TIMEOUT });
    await blocked.page.waitForTimeout(300);
    assert.ok(requested(seen, segmint.shipped, 'embed.html'));
    assert.ok(!requested(seen, segmint.shipped, 'embed.js'), 'the embed never ran');
    assert.ok(blocked.consoleLines.some((l) => /frame-ancestors 'self'/.test(l)), blocked.consoleLines.join('\n'));
    assert.deepEqual(await blocked.messages(), []);
  });
});

test('an origin named in embed-config.json works end to end, and only with every page around it allowed', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    await recordCspViolations(context);
    const host = await framedBy(context, crm, embedUrl(segmint.named));
    // No allow parameter: the embed knows its host from the browser and says ready to it.
    await host.waitFor({ type: 'ready' });
    const frame = await embedFrame(host.page, segmint.named);
    assert.equal(await frame.evaluate(() => document.querySelector('[data-testid="embed-refused"]').hidden), true);
    // The person drops their own file into the widget's drop zone: accepted.
    await frame.waitForFunction(() => document.querySelector('segmint-rfm')?.state === 'empty', null, { timeout: TIMEOUT });
    const dropped = await dropFile(frame, '[data-testid="drop"]');
    assert.equal(dropped.prevented, true);
    await frame.waitForFunction(() => document.querySelector('segmint-rfm').result?.customers.length === 3, null,
      { timeout: TIMEOUT });
    await host.waitFor({ type: 'event', name: 'segmint-ready' });
    // The host loads its own data by message.
    const loaded = await host.reply({ segmint: PROTOCOL, type: 'load-csv', id: 'c1', text: `${SMALL_CSV}\nD,5,2024-03-04,X,2,3` });
    assert.deepEqual({ type: loaded.type, rowsRead: loaded.rowsRead, rowsUsed: loaded.rowsUsed }, { type: 'loaded', rowsRead: 5, rowsUsed: 5 });
    await frame.waitForFunction(() => document.querySelector('segmint-rfm').result?.customers.length === 4, null,
      { timeout: TIMEOUT });
    const result = (await host.reply({ segmint: PROTOCOL, type: 'get-result', id: 'c2' })).result;
    assert.deepEqual(result.customers.map((c) => c.customerId), ['A', 'B', 'C', 'D']);
    // A segment chosen in the frame: the event names exactly that segment's customers.
    await frame.evaluate(() => {
      document.querySelector('segmint-rfm').shadowRoot.querySelector('[data-testid="segment-button"]').click();
    });
    await host.waitFor({ type: 'event', name: 'segmint-segment-select' });
    const selected = (await host.messages((m) => m.data.name === 'segmint-segment-select'))[0].data.detail;
    assert.deepEqual(selected.customerIds, result.customers.filter((c) => c.segment === selected.segment).map((c) => c.customerId));
    // A version-1 message is answered with an error naming both versions.
    const old = await host.reply({ segmint: 1, type: 'hello', id: 'c3' });
    assert.equal(old.type, 'error');
    assert.match(old.message, /protocol version 1 is not supported; this embed speaks 2/);
    for (const m of await host.messages()) {
      assert.deepEqual([m.origin, m.fromEmbed, m.data.segmint], [segmint.named.url, true, PROTOCOL]);
    }
    assert.deepEqual(host.consoleLines.filter((l) => /target origin/.test(l)), []);
    assert.deepEqual(await frame.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(seen.problems, []);

    // The same embed framed by the stranger: blocked by the header; refused without it.
    const blocked = await framedBy(context, stranger, embedUrl(segmint.named));
    await blocked.page.waitForFunction(() => document.readyState === 'complete', null, { timeout: TIMEOUT });
    await blocked.page.waitForTimeout(300);
    assert.ok(blocked.consoleLines.some((l) => l.includes(`frame-ancestors ${crm.url}`)), blocked.consoleLines.join('\n'));
    const staticHost = await framedBy(context, stranger, embedUrl(segmint.namedStatic));
    assert.equal((await refusalIn(await embedFrame(staticHost.page, segmint.namedStatic))).title, REFUSED);

    // The named CRM's page framed by the stranger: the embed is inside an allowed parent, but a
    // page above it is not on the list — refused, as frame-ancestors would.
    const wrapped = await framedBy(context, stranger, `${crm.url}/embed-host.html?frame=${encodeURIComponent(embedUrl(segmint.namedStatic))}`);
    const inner = await embedFrame(wrapped.page, segmint.namedStatic);
    const refused = await refusalIn(inner);
    assert.equal(refused.title, REFUSED);
    assert.ok(refused.reason.startsWith(`${stranger.url} is not one of the sites`), refused.reason);
    const middle = inner.parentFrame();
    await middle.evaluate(() => window.hostSend({ segmint: 2, type: 'hello', id: 'w1' }));
    await settle(inner);
    assert.deepEqual(await middle.evaluate(() => window.__messages), [], 'the allowed parent gets no reply either');
  });
});

test('only the documented fields leave the frame: get-result and every event of every widget', async () => {
  await withBrowser(async (context) => {
    const seen = watch(context);
    const url = embedUrl(segmint.named, { widget: 'all', src: DEMO_CSV, ...EXPECTED.basket.attributes });
    const host = await framedBy(context, crm, url);
    const frame = await embedFrame(host.page, segmint.named);
    const kinds = ['rfm', 'segments', 'clusters', 'basket', 'clv'];
    for (const widget of kinds) await host.waitFor({ type: 'event', name: 'segmint-ready', widget });
    const results = {};
    for (const widget of kinds) {
      const reply = await host.reply({ segmint: PROTOCOL, type: 'get-result', id: `r-${widget}`, widget });
      assert.deepEqual(Object.keys(reply).sort(), ['id', 'result', 'segmint', 'type', 'widget']);
      results[widget] = reply.result;
      const doc = documented(widget === 'rfm' || widget === 'segments' ? '`rfm`, `segments`' : `\`${widget}\``);
      assert.deepEqual(sorted(fieldNames(reply.result)), sorted(doc), `get-result of ${widget} = docs/embed.md`);
    }
    // What is sent is right: the members of each segment and cluster are segmint-core's.
    const members = {};
    for (const c of results.rfm.customers) (members[c.segment] ??= []).push(c.customerId);
    for (const [segment, ids] of Object.entries(EXPECTED.rfm.members)) assert.deepEqual(members[segment] ?? [], ids, segment);
    assert.equal(results.rfm.referenceDate, EXPECTED.rfm.reference_date);
    assert.deepEqual(results.segments, results.rfm);
    const sizes = Array(EXPECTED.clusters.k).fill(0);
    for (const c of results.clusters.customers) sizes[c.cluster]++;
    assert.deepEqual(sizes, EXPECTED.clusters.sizes);
    assert.deepEqual(results.clusters.clusters.map((c) => c.name), EXPECTED.clusters.names);
    assert.equal(results.basket.transactions, EXPECTED.basket.transactions);
    assert.equal(results.basket.rules.length, EXPECTED.basket.rules);
    assert.equal(results.basket.boughtTogether.companions.length, EXPECTED.basket.companions);
    assert.equal(results.clv.customers.length, EXPECTED.clv.customers);
    // What the frame keeps: none of the raw per-customer figures appear in any message.
    const text = JSON.stringify(await host.messages());
    for (const kept of ['recency_days', 'monetary', 'frequency', 'customer_id', 'assignments', 'centroids', 'pca', 'model', 'thresholds']) {
      assert.ok(!text.includes(`"${kept}"`), `"${kept}" stays in the frame`);
    }
    // One selection in each widget; every event's detail is exactly its documented row.
    await frame.evaluate(() => {
      const click = (kind, id) => document.querySelector(`segmint-${kind}`).shadowRoot.querySelector(`[data-testid="${id}"]`).click();
      click('rfm', 'segment-button');
      click('clusters', 'cluster-button');
      click('basket', 'rule-button');
      click('clv', 'customer-button');
    });
    for (const name of ['segmint-segment-select', 'segmint-cluster-select', 'segmint-rule-select', 'segmint-customer-select']) {
      await host.waitFor({ type: 'event', name });
    }
    const events = await host.messages((m) => m.data.type === 'event');
    for (const { data } of events) {
      assert.deepEqual(Object.keys(data).sort(), ['detail', 'name', 'segmint', 'type', 'widget']);
      const row = data.name === 'segmint-ready'
        ? `\`segmint-ready\` of ${data.widget === 'rfm' || data.widget === 'segments' ? '`rfm`, `segments`' : `\`${data.widget}\``}`
        : `\`${data.name}\``;
      assert.deepEqual(sorted(fieldNames(data.detail)), sorted(documented(row)), `${row} = docs/embed.md`);
    }
    // A field a widget may add one day does not leave the frame: the embed copies by name.
    await frame.evaluate(() => {
      document.querySelector('segmint-rfm').dispatchEvent(new CustomEvent('segmint-segment-select', {
        bubbles: true,
        composed: true,
        detail: {
          widget: 'rfm', segment: 'Added', customers: 1, revenue: 9, action: 'x', spend: 123.45,
          customerIds: ['A', { customer_id: 'B', monetary: 1 }],
        },
      }));
    });
    await host.page.waitForFunction(
      () => window.__messages.some((m) => m.data.detail && m.data.detail.segment === 'Added'), null, { timeout: TIMEOUT });
    const added = (await host.messages((m) => m.data.detail && m.data.detail.segment === 'Added'))[0].data.detail;
    assert.deepEqual(added, { widget: 'rfm', segment: 'Added', customerIds: ['A', null], customers: 1, revenue: 9, action: 'x' });
    const cluster = events.find((m) => m.data.name === 'segmint-cluster-select').data.detail;
    assert.deepEqual(cluster.customerIds,
      results.clusters.customers.filter((c) => c.cluster === cluster.cluster).map((c) => c.customerId));
    assert.deepEqual(seen.problems, []);
  });
});

test('with the URL switch on: a URL-named host is answered (a stranger too: the documented cost); patterns and frame-ancestors narrow it', async () => {
  await withBrowser(async (context) => {
    // allowOriginsFromUrl: true — the URL decides, whoever wrote it; frame-ancestors is '*'.
    for (const who of [crm, stranger]) {
      const host = await framedBy(context, who, embedUrl(segmint.urlOn, { allow: `${who.url},https://bad.example/path` }));
      await host.waitFor({ type: 'ready' });
      const loaded = await host.reply({ segmint: PROTOCOL, type: 'load-csv', id: 'u1', text: SMALL_CSV });
      assert.equal(loaded.rowsRead, 4);
      const frame = await embedFrame(host.page, segmint.urlOn);
      await frame.waitForFunction(() => document.querySelector('segmint-rfm').result, null, { timeout: TIMEOUT });
      const result = await host.reply({ segmint: PROTOCOL, type: 'get-result', id: 'u2' });
      assert.equal(result.result.customers.length, 3, `${who.url} named itself and is answered`);
      assert.match(await frame.locator('[data-testid="embed-status"]').textContent(),
        /entries that are not origins; they are ignored: https:\/\/bad\.example\/path/);
    }
    // A stranger that does not name itself is still refused.
    const unnamed = await framedBy(context, stranger, embedUrl(segmint.urlOn, { allow: crm.url }));
    assert.equal((await refusalIn(await embedFrame(unnamed.page, segmint.urlOn))).title, REFUSED);

    // allowOriginsFromUrl: ["http://localhost:*"] — the CRM (localhost) may be named in the URL.
    const named = await framedBy(context, crm, embedUrl(segmint.urlPatterns, { allow: crm.url }));
    await named.waitFor({ type: 'ready' });
    assert.equal((await named.reply({ segmint: PROTOCOL, type: 'hello', id: 'p1' })).type, 'ready');
    // The stranger (127.0.0.1) naming itself: the header keeps the embed from running at all …
    const blocked = await framedBy(context, stranger, embedUrl(segmint.urlPatterns, { allow: stranger.url }));
    await blocked.page.waitForFunction(() => document.readyState === 'complete', null, { timeout: TIMEOUT });
    await blocked.page.waitForTimeout(300);
    assert.ok(blocked.consoleLines.some((l) => l.includes('frame-ancestors http://localhost:*')), blocked.consoleLines.join('\n'));
    assert.deepEqual(await blocked.messages(), []);
    // … and where no header can be sent, the embed refuses it by itself.
    const host = await framedBy(context, stranger, embedUrl(segmint.urlPatternsStatic, { allow: stranger.url }));
    const frame = await embedFrame(host.page, segmint.urlPatternsStatic);
    const shown = await refusalIn(frame);
    assert.equal(shown.title, REFUSED);
    assert.match(shown.status, /does not let a URL add; they are\s+ignored: http:\/\/127\.0\.0\.1:\d+/);
    await host.send({ segmint: PROTOCOL, type: 'hello', id: 'p2' });
    await settle(frame);
    assert.deepEqual(await host.messages(), []);
  });
});

test('a message from a child frame, a sibling frame or an opener is ignored, even from the allowed origin', async () => {
  await withBrowser(async (context) => {
    // The CRM frames the embed and, next to it, another page of its own origin.
    const host = await framedBy(context, crm, embedUrl(segmint.namedWithChild), { sibling: `${crm.url}/elements.html` });
    await host.waitFor({ type: 'ready' });
    await host.reply({ segmint: PROTOCOL, type: 'load-csv', id: 'h1', text: SMALL_CSV });
    const frame = await embedFrame(host.page, segmint.namedWithChild);
    await frame.waitForFunction(() => document.querySelector('segmint-rfm').result?.customers.length === 3, null,
      { timeout: TIMEOUT });
    await recordDelivered(frame);
    // A frame inside the embed, on the CRM's own (allowed) origin.
    await frame.evaluate((src) => {
      const child = document.createElement('iframe');
      child.src = src;
      document.body.append(child);
    }, `${crm.url}/elements.html?child`);
    let child;
    for (let i = 0; i < 200 && !child; i++) {
      child = frame.childFrames().find((f) => f.url().endsWith('/elements.html?child'));
      if (!child) await host.page.waitForTimeout(50);
    }
    assert.ok(child, 'the child frame loaded');
    const sibling = host.page.frames().find((f) => f.url() === `${crm.url}/elements.html`);
    const OTHER_CSV = 'CustomerID,InvoiceNo,InvoiceDate,StockCode,Quantity,UnitPrice\nZ,9,2024-01-01,X,1,1';
    for (const [sender, prefix] of [[child, 'child'], [sibling, 'sibling']]) {
      await sender.evaluate(({ prefix, csv, to }) => {
        window.__got = [];
        window.addEventListener('message', (e) => window.__got.push(e.data));
        const embed = prefix === 'child' ? window.parent : window.parent.frames[0];
        embed.postMessage({ segmint: 2, type: 'load-csv', id: `${prefix}-load`, text: csv }, to);
        embed.postMessage({ segmint: 2, type: 'get-result', id: `${prefix}-get` }, to);
      }, { prefix, csv: OTHER_CSV, to: segmint.namedWithChild.url });
    }
    // The host's round trip after them: by its reply, the others were handled (or not).
    await host.reply({ segmint: PROTOCOL, type: 'hello', id: 'h2' });
    await settle(frame);
    const delivered = (await frame.evaluate(() => window.__delivered)).filter((d) => d.id !== 'h2');
    assert.deepEqual(delivered.map((d) => [d.origin, d.id]).sort(), [
      [crm.url, 'child-get'], [crm.url, 'child-load'], [crm.url, 'sibling-get'], [crm.url, 'sibling-load'],
    ], 'they reached the embed, from the allowed origin');
    assert.deepEqual(await host.messages((m) => /^(child|sibling)/.test(m.data.id)), []);
    assert.deepEqual(await child.evaluate(() => window.__got), []);
    assert.deepEqual(await sibling.evaluate(() => window.__got), []);
    assert.equal(await frame.evaluate(() => document.querySelector('segmint-rfm').result.customers.length), 3);

    // An opener on the allowed origin: the embed in a popup works by itself and answers no one.
    const opener = await context.newPage();
    await opener.goto(`${crm.url}/elements.html`);
    const popupUrl = `${segmint.namedWithChild.url}/embed.html?widget=rfm`;
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      opener.evaluate((url) => {
        window.__got = [];
        window.addEventListener('message', (e) => window.__got.push(e.data));
        window.__popup = window.open(url, 'segmint');
      }, popupUrl),
    ]);
    await popup.waitForFunction(() => document.querySelector('segmint-rfm')?.state === 'empty', null, { timeout: TIMEOUT });
    assert.equal(await popup.evaluate(() => document.querySelector('[data-testid="embed-refused"]').hidden), true,
      'not framed: the embed works by itself');
    await popup.evaluate(() => {
      window.__delivered = [];
      window.addEventListener('message', (e) => window.__delivered.push(e.data && e.data.id));
    });
    await opener.evaluate(({ csv, to }) => {
      window.__popup.postMessage({ segmint: 2, type: 'hello', id: 'o1' }, to);
      window.__popup.postMessage({ segmint: 2, type: 'load-csv', id: 'o2', text: csv }, to);
    }, { csv: SMALL_CSV, to: segmint.namedWithChild.url });
    await popup.waitForFunction(() => window.__delivered.length === 2, null, { timeout: TIMEOUT });
    await popup.evaluate(() => new Promise((ok) => setTimeout(ok, 500)));
    assert.equal(await popup.evaluate(() => document.querySelector('segmint-rfm').state), 'empty');
    assert.deepEqual(await opener.evaluate(() => window.__got), []);
  });
});

test('a parent without an origin (a data: page) is never answered and gets no drop zone', async () => {
  await withBrowser(async (context) => {
    // The named CRM frames a data: page (an opaque origin), which frames the embed.
    const page = await context.newPage();
    await page.goto(`${crm.url}/elements.html`);
    await page.evaluate((src) => {
      const opaque = document.createElement('iframe');
      opaque.src = `data:text/html,${encodeURIComponent(`<iframe src="${src}" width="800" height="300"></iframe>`)}`;
      document.body.append(opaque);
    }, embedUrl(segmint.namedStatic));
    const frame = await embedFrame(page, segmint.namedStatic);
    const shown = await refusalIn(frame);
    assert.equal(shown.title, 'Segmint cannot confirm that this page may use it here.');
    assert.deepEqual({ widgets: shown.widgets, fileInputs: shown.fileInputs }, { widgets: 0, fileInputs: 0 });
    const opaque = frame.parentFrame();
    await recordDelivered(frame);
    await opaque.evaluate((to) => {
      window.__got = [];
      window.addEventListener('message', (e) => window.__got.push(e.data));
      document.querySelector('iframe').contentWindow.postMessage({ segmint: 2, type: 'hello', id: 'x1' }, to);
    }, segmint.namedStatic.url);
    await frame.waitForFunction(() => window.__delivered.length === 1, null, { timeout: TIMEOUT });
    await settle(frame);
    assert.deepEqual(await frame.evaluate(() => window.__delivered), [{ origin: 'null', id: 'x1' }]);
    assert.deepEqual(await opaque.evaluate(() => window.__got), []);
    assert.equal((await refusalIn(frame)).widgets, 0, 'still locked');
    assert.deepEqual(await dropFile(frame), { refusedOver: true, prevented: true });
  });
});
