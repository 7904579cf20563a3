// Segmint's iframe embed: runs one widget (embed.html?widget=rfm) or all of them
// (embed.html, widget=all) and talks to the page that frames it with a versioned postMessage
// protocol. Reference: docs/embed.md.
//
// Security rules, all enforced here:
// - A message is handled only when it comes from the parent window AND its event.origin is
//   in the allow-list, compared by exact string equality (Set.has). Anything else is ignored
//   without a reply (a reply would tell a stranger that we exist).
// - Every message we send goes to one allowed origin, named as postMessage's targetOrigin;
//   never "*". The browser then delivers it only if the parent really is on that origin.
// - The allow-list comes from embed-config.json (set by whoever deploys Segmint) and, when
//   that file allows it, from the `allow` URL parameter (set by whoever writes the iframe
//   tag: the CRM admin). Which sites may frame this page at all is decided by the server's
//   Content-Security-Policy `frame-ancestors`.
(async function () {
  'use strict';
  const PROTOCOL = 1;
  const EVENTS = [
    'segmint-ready',
    'segmint-error',
    'segmint-segment-select',
    'segmint-cluster-select',
    'segmint-rule-select',
    'segmint-customer-select',
  ];
  const params = new URLSearchParams(location.search);
  const status = document.getElementById('segmint-embed-status');
  const main = document.getElementById('segmint-embed');
  const say = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle('error', isError);
  };

  // --- which widgets ---------------------------------------------------------------------
  const kinds = window.SegmintWidgets ? window.SegmintWidgets.kinds : [];
  const which = params.get('widget') || 'all';
  const shown = which === 'all' ? kinds : kinds.filter((k) => k === which);
  if (shown.length === 0) {
    say(`Unknown widget "${which}": use one of ${kinds.join(', ')} or all.`, true);
    return;
  }

  // --- the allow-list --------------------------------------------------------------------
  // An origin is scheme://host[:port], exactly as event.origin spells it.
  const isOrigin = (text) => {
    try {
      return typeof text === 'string' && new URL(text).origin === text;
    } catch {
      return false;
    }
  };
  async function allowList() {
    let config = { allowedOrigins: [], allowOriginsFromUrl: true };
    try {
      const response = await fetch(new URL('embed-config.json', location.href), {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (response.ok) config = { ...config, ...(await response.json()) };
    } catch {
      // No config file: the URL decides (and frame-ancestors on the server).
    }
    const fromConfig = Array.isArray(config.allowedOrigins) ? config.allowedOrigins : [];
    const fromUrl =
      config.allowOriginsFromUrl === true
        ? (params.get('allow') || '').split(/[\s,]+/).filter(Boolean)
        : [];
    const origins = fromConfig.concat(fromUrl);
    const bad = origins.filter((o) => !isOrigin(o));
    if (bad.length) say(`Ignored allow-list entries that are not origins: ${bad.join(', ')}`, true);
    return new Set(origins.filter(isOrigin));
  }
  // Listening starts at once (below); messages wait for the list, in order.
  let allowed = new Set();
  const allowedReady = allowList().then((list) => {
    allowed = list;
  });

  // Where our messages go: the one allowed origin, else the parent's origin if the browser
  // tells us and it is allowed; else nobody until an allowed parent says hello.
  function initialHost() {
    if (allowed.size === 1) return [...allowed][0];
    const ancestor = location.ancestorOrigins && location.ancestorOrigins[0];
    if (ancestor && allowed.has(ancestor)) return ancestor;
    try {
      const referrer = document.referrer && new URL(document.referrer).origin;
      if (referrer && allowed.has(referrer)) return referrer;
    } catch {
      // No usable referrer.
    }
    return null;
  }
  let hostOrigin = null;

  function post(message) {
    if (!hostOrigin || !allowed.has(hostOrigin)) return;
    window.parent.postMessage({ segmint: PROTOCOL, ...message }, hostOrigin);
  }

  // --- the widgets -----------------------------------------------------------------------
  const elements = shown.map((kind) => {
    const el = document.createElement(`segmint-${kind}`);
    for (const name of window.SegmintWidgets.attributes(kind)) {
      const value = params.get(name);
      if (value !== null) el.setAttribute(name, value);
    }
    main.append(el);
    return el;
  });
  const target = (widget) => (widget ? elements.find((el) => el.localName === `segmint-${widget}`) : elements[0]);

  for (const type of EVENTS) {
    main.addEventListener(type, (event) => {
      const detail = event.detail || {};
      post({ type: 'event', name: type, widget: detail.widget, detail });
      if (type === 'segmint-ready') {
        post({ type: 'result', widget: detail.widget, result: event.target.result });
      }
    });
  }

  function setOptions(options, widget) {
    if (!options || typeof options !== 'object') throw new Error('set-options needs an options object');
    const els = widget ? [target(widget)].filter(Boolean) : elements;
    if (els.length === 0) throw new Error(`no widget "${widget}" in this embed`);
    for (const [name, value] of Object.entries(options)) {
      if (name === 'theme') {
        // CSS custom properties through the CSSOM (allowed by CSP, unlike a style attribute).
        for (const [prop, v] of Object.entries(value || {})) {
          if (!/^--segmint-[a-z-]+$/.test(prop)) throw new Error(`theme: "${prop}" is not a --segmint-* property`);
          els.forEach((el) => el.style.setProperty(prop, String(v)));
        }
        continue;
      }
      for (const el of els) {
        if (!window.SegmintWidgets.attributes(el.localName.slice('segmint-'.length)).includes(name)) continue;
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
        if (typeof msg.text !== 'string') throw new Error('load-csv needs text (a string of CSV)');
        const report = await target().loadCsv(msg.text, typeof msg.name === 'string' ? msg.name : undefined);
        return { type: 'loaded', rowsRead: report.rows_read, rowsUsed: report.rows_used };
      }
      case 'load-file': {
        if (!(msg.file instanceof Blob)) throw new Error('load-file needs file (a File or Blob)');
        const report = await target().loadFile(msg.file);
        return { type: 'loaded', rowsRead: report.rows_read, rowsUsed: report.rows_used };
      }
      case 'set-options':
        setOptions(msg.options, msg.widget);
        return { type: 'done' };
      case 'get-result': {
        const el = target(msg.widget);
        if (!el) throw new Error(`no widget "${msg.widget}" in this embed`);
        return { type: 'result', widget: el.localName.slice('segmint-'.length), result: el.result };
      }
      default:
        throw new Error(`unknown message type "${msg.type}"`);
    }
  }

  window.addEventListener('message', async (event) => {
    await allowedReady;
    if (event.source !== window.parent || !allowed.has(event.origin)) return;
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || !('segmint' in msg)) return;
    hostOrigin = event.origin;
    const id = msg.id;
    if (msg.segmint !== PROTOCOL) {
      post({ type: 'error', id, message: `protocol version ${msg.segmint} is not supported; this embed speaks ${PROTOCOL}` });
      return;
    }
    handle(msg).then(
      (reply) => post({ ...reply, id }),
      (error) => post({ type: 'error', id, message: error && error.message ? error.message : String(error) }),
    );
  });

  await allowedReady;
  if (window.parent !== window && !hostOrigin) hostOrigin = initialHost();
  try {
    await window.SegmintWidgets.ready();
  } catch (error) {
    say(`Segmint could not start: ${error.message || error}`, true);
    post({ type: 'error', message: `Segmint could not start: ${error.message || error}` });
    return;
  }
  if (window.parent !== window && allowed.size === 0) {
    say('This embed has no allowed host origin yet: add allow=<your origin> to its URL (docs/embed.md).', true);
  }
  post({ type: 'ready', widgets: shown });
})();
