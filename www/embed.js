// Segmint's iframe embed: runs one widget (embed.html?widget=rfm) or all of them
// (embed.html, widget=all) and talks to the page that frames it with a versioned postMessage
// protocol. Reference: docs/embed.md.
//
// Security rules, all enforced here (the server's frame-ancestors header repeats the first
// one where the server can send it; many static hosts cannot, so this page never relies on it):
// - Framed, the embed works only when every page around it is on the allow-list (the browser
//   names them in location.ancestorOrigins). Otherwise it says so inside the frame, mounts no
//   widget (no drop zone, no file picker), turns dropped files away and answers no message:
//   nobody is invited to drop data into a frame whose host was not named by the deployer.
// - A message is handled only when it comes from the parent window AND its event.origin is
//   on the allow-list, compared by exact string equality. Anything else is ignored without a
//   reply (a reply would tell a stranger that we exist). Not framed (opened by itself, or as
//   a popup), the embed talks to no one: an opener's messages are ignored too.
// - Every message we send goes to the parent, with its verified origin as postMessage's
//   targetOrigin, never "*", and carries only the fields listed in OUTGOING / RESULTS below.
// - The allow-list comes from embed-config.json, written by whoever deploys Segmint. The
//   iframe URL's `allow` parameter (written by whoever writes the iframe tag) adds to it only
//   when that file says so ("allowOriginsFromUrl").
(async function () {
  'use strict';
  const PROTOCOL = 2;

  // Every text this page shows or sends, keyed by meaning; {name} is filled in by text().
  const TEXT = {
    'unknown-widget': 'Unknown widget "{widget}": use one of {widgets}, or all.',
    'refused-title': 'This page is not allowed to use Segmint here.',
    'refused-origin':
      '{origin} is not one of the sites this Segmint was set up for, so it accepts no file here ' +
      'and answers no message. If this is your site, ask whoever deploys Segmint to add it to ' +
      'allowedOrigins in embed-config.json.',
    'refused-opaque-origin':
      'A sandboxed page (one without an origin) holds this frame, so Segmint accepts no file ' +
      'here and answers no message.',
    'unverified-title': 'Segmint cannot confirm that this page may use it here.',
    'unverified-reason':
      'Your browser does not say which page holds this frame, so Segmint accepts no file until ' +
      'that page introduces itself (a hello message) as one of the sites it was set up for.',
    'config-unreadable':
      'embed-config.json could not be read ({reason}), so this embed trusts no page.',
    'config-not-an-array': 'embed-config.json: allowedOrigins must be a list of origins; it is ignored.',
    'config-bad-url-switch':
      'embed-config.json: allowOriginsFromUrl must be false, true or a list of origin patterns; ' +
      'it is taken as false.',
    'config-bad-entries': 'embed-config.json: these entries are not origins and are ignored: {entries}',
    'config-bad-patterns':
      'embed-config.json: these allowOriginsFromUrl entries are not origin patterns and are ignored: {entries}',
    'url-allow-off':
      'The allow parameter of this URL is ignored: this Segmint takes the sites it answers from ' +
      'embed-config.json only.',
    'url-bad-entries': 'The allow parameter names entries that are not origins; they are ignored: {entries}',
    'url-not-permitted':
      'The allow parameter names sites that embed-config.json does not let a URL add; they are ' +
      'ignored: {entries}',
    'could-not-start': 'Segmint could not start: {reason}',
    'protocol-unsupported':
      'protocol version {got} is not supported; this embed speaks {want} (docs/embed.md)',
    'needs-text': 'load-csv needs text (a string of CSV)',
    'needs-file': 'load-file needs file (a File or Blob)',
    'needs-options': 'set-options needs an options object',
    'no-such-widget': 'no widget "{widget}" in this embed',
    'not-a-theme-property': 'theme: "{property}" is not a --segmint-* property',
    'unknown-type': 'unknown message type "{type}"',
  };
  const text = (key, values = {}) => TEXT[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name]));

  const params = new URLSearchParams(location.search);
  const main = document.getElementById('segmint-embed');
  const status = document.getElementById('segmint-embed-status');
  const notes = [];
  const note = (line) => {
    notes.push(line);
    status.textContent = notes.join('\n');
    status.classList.add('error');
  };
  const framed = window.parent !== window;

  // --- what leaves the frame ---------------------------------------------------------------
  // Field by field, for each message the embed sends (docs/embed.md, "What leaves the frame").
  // A field not named here stays in the frame, whatever the widgets add to their events later.
  const ONE = 'value'; // a string, number, boolean or null
  const LIST = [ONE]; // a list of them
  const OUTGOING = {
    'segmint-ready': {
      widget: ONE,
      customers: ONE,
      referenceDate: ONE,
      segments: [{ name: ONE, customers: ONE, revenue: ONE }],
      k: ONE,
      clusters: [{ cluster: ONE, name: ONE, customers: ONE }],
      transactions: ONE,
      itemsets: ONE,
      rules: ONE,
      totalClv: ONE,
      top: ONE,
    },
    'segmint-error': { widget: ONE, message: ONE },
    'segmint-segment-select': {
      widget: ONE,
      segment: ONE,
      customerIds: LIST,
      customers: ONE,
      revenue: ONE,
      action: ONE,
    },
    'segmint-cluster-select': { widget: ONE, cluster: ONE, name: ONE, customerIds: LIST },
    'segmint-rule-select': {
      widget: ONE,
      antecedent: LIST,
      consequent: LIST,
      support: ONE,
      confidence: ONE,
      lift: ONE,
      count: ONE,
    },
    'segmint-customer-select': { widget: ONE, customerId: ONE, clv: ONE, pAlive: ONE, expectedPurchases: ONE },
  };
  /** `value` cut down to `shape`: only the named fields, only plain values at the leaves. */
  function only(value, shape) {
    if (shape === ONE) {
      return value === null || ['string', 'number', 'boolean'].includes(typeof value) ? value : null;
    }
    if (Array.isArray(shape)) return Array.isArray(value) ? value.map((v) => only(v, shape[0])) : [];
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const out = {};
    for (const [name, inner] of Object.entries(shape)) {
      if (Object.prototype.hasOwnProperty.call(value, name)) out[name] = only(value[name], inner);
    }
    return out;
  }
  // get-result: the widget's result (the CLI's JSON, DESIGN §5) cut down to what a host acts
  // on: who is in which segment or cluster, the rules, each customer's value. Raw per-customer
  // figures (days since the last order, order counts, spend, model inputs) stay in the frame.
  const segmentsResult = (r) =>
    only(
      {
        referenceDate: r.reference_date,
        bins: r.bins,
        segments: r.segments.map((s) => ({ name: s.name, customers: s.customers, revenue: s.revenue, action: s.action })),
        customers: r.customers.map((c) => ({ customerId: c.customer_id, segment: c.segment, r: c.r, f: c.f, m: c.m })),
      },
      {
        referenceDate: ONE,
        bins: ONE,
        segments: [{ name: ONE, customers: ONE, revenue: ONE, action: ONE }],
        customers: [{ customerId: ONE, segment: ONE, r: ONE, f: ONE, m: ONE }],
      },
    );
  const RESULTS = {
    rfm: segmentsResult,
    segments: segmentsResult,
    clusters: (r) =>
      only(
        {
          k: r.k,
          clusters: r.profiles.map((p) => ({ cluster: p.cluster, name: p.name, customers: p.customers })),
          customers: r.assignments.map((a) => ({ customerId: a.customer_id, cluster: a.cluster })),
        },
        {
          k: ONE,
          clusters: [{ cluster: ONE, name: ONE, customers: ONE }],
          customers: [{ customerId: ONE, cluster: ONE }],
        },
      ),
    basket: (r) =>
      only(
        {
          transactions: r.transactions,
          rules: r.rules,
          boughtTogether: r.bought_together,
        },
        {
          transactions: ONE,
          rules: [{ antecedent: LIST, consequent: LIST, count: ONE, support: ONE, confidence: ONE, lift: ONE }],
          boughtTogether: { item: ONE, count: ONE, companions: [{ item: ONE, count: ONE, confidence: ONE, lift: ONE }] },
        },
      ),
    clv: (r) =>
      only(
        {
          horizonDays: r.horizon_days,
          customers: r.customers.map((c) => ({
            customerId: c.customer_id,
            clv: c.clv,
            pAlive: c.p_alive,
            expectedPurchases: c.expected_purchases,
          })),
        },
        {
          horizonDays: ONE,
          customers: [{ customerId: ONE, clv: ONE, pAlive: ONE, expectedPurchases: ONE }],
        },
      ),
    // A contact page's widgets: what a CRM tags a contact with (segment, cluster, tiers) and
    // the products to suggest; the order counts and spend behind them stay in the frame.
    profile: (r) =>
      only(
        {
          customers: r.customers.map((c) => ({
            customerId: c.customer_id,
            segment: c.segment,
            cluster: c.cluster,
            churnTier: c.churn_tier,
            clvTier: c.clv_tier,
            nextBestProducts: c.next_best_products.map((s) => s.product_id),
          })),
        },
        { customers: [{ customerId: ONE, segment: ONE, cluster: ONE, churnTier: ONE, clvTier: ONE, nextBestProducts: LIST }] },
      ),
    recommend: (r) =>
      only(
        {
          customers: r.customers.map((c) => ({
            customerId: c.customer_id,
            items: c.items.map((s) => ({ productId: s.product_id, bestseller: s.bestseller })),
          })),
        },
        { customers: [{ customerId: ONE, items: [{ productId: ONE, bestseller: ONE }] }] },
      ),
  };

  // --- which widgets -----------------------------------------------------------------------
  const kinds = window.SegmintWidgets ? window.SegmintWidgets.kinds : [];
  const which = params.get('widget') || 'all';
  const shown = which === 'all' ? kinds : kinds.filter((k) => k === which);
  if (shown.length === 0) {
    note(text('unknown-widget', { widget: which, widgets: kinds.join(', ') }));
    return;
  }

  // --- the allow-list ----------------------------------------------------------------------
  // An origin is scheme://host[:port], exactly as event.origin spells it.
  const isOrigin = (entry) => {
    try {
      return typeof entry === 'string' && new URL(entry).origin === entry;
    } catch {
      return false;
    }
  };
  // A pattern is an origin whose host may start with "*." (any subdomain, as in CSP) and whose
  // port may be "*".
  function pattern(entry) {
    const m = typeof entry === 'string' && /^(https?:\/\/)(\*\.)?([^/:*]+)(?::(\d+|\*))?$/.exec(entry);
    if (!m) return null;
    const [, scheme, wildcard, host, port] = m;
    const plain = `${scheme}${host}${port && port !== '*' ? `:${port}` : ''}`;
    if (!isOrigin(plain)) return null;
    return (origin) => {
      let url;
      try {
        url = new URL(origin);
      } catch {
        return false;
      }
      if (url.origin !== origin || `${url.protocol}//` !== scheme) return false;
      if (wildcard ? !url.hostname.endsWith(`.${host}`) : url.hostname !== host) return false;
      return port === '*' || url.port === (new URL(plain).port || '');
    };
  }

  async function readConfig() {
    let config;
    try {
      const response = await fetch(new URL('embed-config.json', location.href), {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      config = await response.json();
      if (!config || typeof config !== 'object') throw new Error('not a JSON object');
    } catch (error) {
      note(text('config-unreadable', { reason: error && error.message ? error.message : String(error) }));
      return { origins: new Set(), fromUrl: false };
    }
    let entries = config.allowedOrigins ?? [];
    if (!Array.isArray(entries)) {
      note(text('config-not-an-array'));
      entries = [];
    }
    // "self" is this page's own origin: a page there can read this frame directly anyway.
    const named = entries.map((e) => (e === 'self' ? location.origin : e));
    const bad = entries.filter((e, i) => !isOrigin(named[i]));
    if (bad.length) note(text('config-bad-entries', { entries: bad.join(', ') }));
    let fromUrl = config.allowOriginsFromUrl ?? false;
    if (Array.isArray(fromUrl)) {
      const matchers = fromUrl.map(pattern);
      const badPatterns = fromUrl.filter((_, i) => !matchers[i]);
      if (badPatterns.length) note(text('config-bad-patterns', { entries: badPatterns.join(', ') }));
      fromUrl = matchers.filter(Boolean);
    } else if (typeof fromUrl !== 'boolean') {
      note(text('config-bad-url-switch'));
      fromUrl = false;
    }
    return { origins: new Set(named.filter(isOrigin)), fromUrl };
  }

  async function allowList() {
    const { origins, fromUrl } = await readConfig();
    const requested = (params.get('allow') || '').split(/[\s,]+/).filter(Boolean);
    if (requested.length && fromUrl === false) {
      note(text('url-allow-off'));
    } else if (requested.length) {
      const bad = requested.filter((o) => !isOrigin(o));
      if (bad.length) note(text('url-bad-entries', { entries: bad.join(', ') }));
      const good = requested.filter(isOrigin);
      const permitted = fromUrl === true ? good : good.filter((o) => fromUrl.some((matches) => matches(o)));
      const refused = good.filter((o) => !permitted.includes(o));
      if (refused.length) note(text('url-not-permitted', { entries: refused.join(', ') }));
      permitted.forEach((o) => origins.add(o));
    }
    return origins;
  }

  // --- who frames us -----------------------------------------------------------------------
  // 'top': not framed, works by itself and talks to no one. 'allowed': every page around us is
  // on the list; `host` is the parent's origin. 'refused': a page around us is not (final).
  // 'unverified': the browser does not say who the parent is; an allowed parent's first
  // message proves it.
  function framing(allowed) {
    if (!framed) return { state: 'top' };
    const ancestors = location.ancestorOrigins ? [...location.ancestorOrigins] : null;
    if (ancestors && ancestors.length) {
      // An opaque ("null") parent may be one whose origin the browser masked: only its own
      // messages can tell, and an opaque origin is never on the list, so it stays locked.
      const stranger = ancestors.find((o, i) => !(i === 0 && o === 'null') && !allowed.has(o));
      if (stranger) return { state: 'refused', origin: stranger };
      if (ancestors[0] === 'null') return { state: 'unverified' };
      return { state: 'allowed', host: ancestors[0] };
    }
    // No ancestorOrigins (Firefox, when this was written): the referrer is the best hint the browser gives; a wrong
    // hint cannot leak anything, as messages still go to that origin only.
    let referrer = null;
    try {
      referrer = document.referrer ? new URL(document.referrer).origin : null;
    } catch {
      referrer = null;
    }
    if (referrer && allowed.has(referrer)) return { state: 'allowed', host: referrer };
    return { state: 'unverified' };
  }

  // --- refusing ----------------------------------------------------------------------------
  const refusal = document.getElementById('segmint-embed-refused');
  const turnFilesAway = (event) => {
    // The browser would open a dropped file in the frame; here nothing takes it.
    event.preventDefault();
    event.stopPropagation();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
  };
  function lock(title, reason) {
    refusal.querySelector('[data-testid="embed-refused-title"]').textContent = title;
    refusal.querySelector('[data-testid="embed-refused-reason"]').textContent = reason;
    refusal.hidden = false;
    for (const type of ['dragenter', 'dragover', 'drop']) window.addEventListener(type, turnFilesAway, true);
  }
  function unlock() {
    refusal.hidden = true;
    for (const type of ['dragenter', 'dragover', 'drop']) window.removeEventListener(type, turnFilesAway, true);
    mount();
  }

  // --- the widgets -------------------------------------------------------------------------
  let elements = [];
  function mount() {
    if (elements.length) return;
    elements = shown.map((kind) => {
      const el = document.createElement(`segmint-${kind}`);
      for (const name of window.SegmintWidgets.attributes(kind)) {
        const value = params.get(name);
        if (value !== null) el.setAttribute(name, value);
      }
      main.append(el);
      return el;
    });
  }
  const target = (widget) => (widget ? elements.find((el) => el.localName === `segmint-${widget}`) : elements[0]);
  const kindOf = (el) => el.localName.slice('segmint-'.length);

  // --- talking to the host -----------------------------------------------------------------
  let hostOrigin = null; // set only from the browser's word or a verified message
  function post(message) {
    if (!hostOrigin) return;
    window.parent.postMessage({ segmint: PROTOCOL, ...message }, hostOrigin);
  }

  for (const name of Object.keys(OUTGOING)) {
    main.addEventListener(name, (event) => {
      const detail = only(event.detail || {}, OUTGOING[name]) || {};
      post({ type: 'event', name, widget: detail.widget, detail });
    });
  }

  function setOptions(options, widget) {
    if (!options || typeof options !== 'object') throw new Error(text('needs-options'));
    const els = widget ? [target(widget)].filter(Boolean) : elements;
    if (els.length === 0) throw new Error(text('no-such-widget', { widget }));
    for (const [name, value] of Object.entries(options)) {
      if (name === 'theme') {
        // CSS custom properties through the CSSOM (allowed by CSP, unlike a style attribute).
        for (const [prop, v] of Object.entries(value || {})) {
          if (!/^--segmint-[a-z-]+$/.test(prop)) throw new Error(text('not-a-theme-property', { property: prop }));
          els.forEach((el) => el.style.setProperty(prop, String(v)));
        }
        continue;
      }
      for (const el of els) {
        if (!window.SegmintWidgets.attributes(kindOf(el)).includes(name)) continue;
        if (value === null || value === undefined) el.removeAttribute(name);
        else el.setAttribute(name, String(value));
      }
    }
  }

  async function handle(msg) {
    switch (msg.type) {
      case 'hello':
        return { type: 'ready', widgets: shown };
      case 'load-csv': {
        if (typeof msg.text !== 'string') throw new Error(text('needs-text'));
        const report = await target().loadCsv(msg.text, typeof msg.name === 'string' ? msg.name : undefined);
        return { type: 'loaded', rowsRead: report.rows_read, rowsUsed: report.rows_used };
      }
      case 'load-file': {
        if (!(msg.file instanceof Blob)) throw new Error(text('needs-file'));
        const report = await target().loadFile(msg.file);
        return { type: 'loaded', rowsRead: report.rows_read, rowsUsed: report.rows_used };
      }
      case 'set-options':
        setOptions(msg.options, msg.widget);
        return { type: 'done' };
      case 'get-result': {
        const el = target(msg.widget);
        if (!el) throw new Error(text('no-such-widget', { widget: msg.widget }));
        const result = el.result;
        return { type: 'result', widget: kindOf(el), result: result ? RESULTS[kindOf(el)](result) : null };
      }
      default:
        throw new Error(text('unknown-type', { type: msg.type }));
    }
  }

  const errorText = (error) => (error && error.message ? error.message : String(error));
  let allowed = null;
  let verdict = null;
  const settled = allowList().then((list) => {
    allowed = list;
    verdict = framing(allowed);
  });

  // Listening starts at once; messages wait for the verdict, in order.
  window.addEventListener('message', async (event) => {
    if (!framed || event.source !== window.parent) return;
    await settled;
    if (verdict.state === 'refused' || !allowed.has(event.origin)) return;
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || !('segmint' in msg)) return;
    if (verdict.state === 'unverified') {
      // The parent itself, on an allowed origin: that is the proof the browser did not give.
      verdict = { state: 'allowed', host: event.origin };
      unlock();
    }
    hostOrigin = event.origin;
    const id = msg.id;
    if (msg.segmint !== PROTOCOL) {
      post({ type: 'error', id, message: text('protocol-unsupported', { got: msg.segmint, want: PROTOCOL }) });
      return;
    }
    handle(msg).then(
      (reply) => post({ ...reply, id }),
      (error) => post({ type: 'error', id, message: errorText(error) }),
    );
  });

  await settled;
  if (verdict.state === 'refused') {
    const reason =
      verdict.origin === 'null' ? text('refused-opaque-origin') : text('refused-origin', { origin: verdict.origin });
    lock(text('refused-title'), reason);
    return;
  }
  if (verdict.state === 'unverified') {
    lock(text('unverified-title'), text('unverified-reason'));
    return;
  }
  if (verdict.state === 'allowed') hostOrigin = verdict.host;
  mount();
  try {
    await window.SegmintWidgets.ready();
  } catch (error) {
    const message = text('could-not-start', { reason: errorText(error) });
    note(message);
    post({ type: 'error', message });
    return;
  }
  post({ type: 'ready', widgets: shown });
})();
