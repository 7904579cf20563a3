// Segmint widgets: include this one file with a plain
//   <script src="https://your.site/segmint/widgets/segmint-widgets.js"></script>
// and use <segmint-rfm>, <segmint-segments>, <segmint-clusters>, <segmint-basket>,
// <segmint-clv>, <segmint-profile> and <segmint-recommend> anywhere in the page. Reference: docs/embed.md.
//
// This file is the only JavaScript a host loads by hand. It defines the custom elements at
// once (so they upgrade as soon as they are parsed) and loads the wasm next to it on first
// use: segmint-widgets-wasm.js (wasm-bindgen's glue, an ES module, loaded by dynamic
// import) and its .wasm, and the analysis worker (worker_loader.js). No inline script, no
// eval, no `new Function`, no <style> element: it runs under
//   Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'
// Everything the widgets render lives in their own shadow roots; styles are a constructable
// stylesheet adopted by each shadow root, themed by --segmint-* custom properties.
(function () {
  'use strict';
  if (window.customElements.get('segmint-rfm')) return; // loaded twice: the first one wins

  const PROTOCOL = 1;
  const COMMON = ['src', 'dataset', 'limit', 'lang'];
  const ATTRIBUTES = {
    rfm: ['preset', 'bins'],
    segments: ['preset', 'bins'],
    clusters: ['k', 'seed'],
    basket: ['min-support', 'min-confidence', 'max-len', 'item'],
    clv: ['horizon-days'],
    profile: ['customer-id'],
    recommend: ['customer-id', 'top'],
  };

  // Resolve the bundle's files against this script, not the host page: a CRM serves the
  // widgets from wherever its static files live.
  const me =
    document.currentScript ||
    Array.from(document.scripts).find((s) => /\/segmint-widgets\.js(?:[?#]|$)/.test(s.src));
  const base = new URL('./', me && me.src ? me.src : document.baseURI);

  let loading = null;
  function load() {
    if (!loading) {
      loading = import(new URL('segmint-widgets-wasm.js', base).href).then(async (glue) => {
        await glue.default({ module_or_path: new URL('segmint-widgets-wasm_bg.wasm', base) });
        glue.configure(new URL('worker_loader.js', base).href);
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(glue.widget_css());
        return { glue, sheet };
      });
    }
    return loading;
  }

  function message(error) {
    return error && error.message ? error.message : String(error);
  }

  class SegmintElement extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this._handle = null;
      this._pending = [];
      this._connects = 0;
      this._data = undefined;
    }

    connectedCallback() {
      const ticket = ++this._connects;
      load().then(
        ({ glue, sheet }) => {
          if (!this.isConnected || this._handle || ticket !== this._connects) return;
          this.shadowRoot.adoptedStyleSheets = [sheet];
          const attributes = {};
          for (const name of this.constructor.observedAttributes) {
            const value = this.getAttribute(name);
            if (value !== null) attributes[name] = value;
          }
          try {
            this._handle = glue.mount(this.constructor.kind, this, this.shadowRoot, attributes);
          } catch (error) {
            this._broken(error);
            return;
          }
          const pending = this._pending;
          this._pending = [];
          pending.forEach(({ run }) => run(this._handle));
        },
        (error) => this._broken(error),
      );
    }

    disconnectedCallback() {
      this._connects++;
      const handle = this._handle;
      this._handle = null;
      if (handle) {
        handle.unmount();
        handle.free();
      }
    }

    attributeChangedCallback(name, _old, value) {
      if (this._handle) this._handle.set_attribute(name, value);
    }

    // Calls made before the element is connected (or before the wasm is loaded) run once it is.
    _call(fn) {
      if (this._handle) {
        try {
          return Promise.resolve(fn(this._handle));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return new Promise((resolve, reject) => {
        this._pending.push({
          run: (handle) => {
            try {
              resolve(fn(handle));
            } catch (error) {
              reject(error);
            }
          },
          fail: reject,
        });
      });
    }

    _broken(error) {
      const text = `Segmint could not start: ${message(error)}`;
      // A call waiting for a widget that cannot start fails with the same reason, never hangs.
      const pending = this._pending;
      this._pending = [];
      pending.forEach(({ fail }) => fail(new Error(text)));
      const p = document.createElement('p');
      p.setAttribute('role', 'alert');
      p.textContent = text;
      this.shadowRoot.replaceChildren(p);
      this.dispatchEvent(
        new CustomEvent('segmint-error', {
          bubbles: true,
          composed: true,
          detail: { widget: this.constructor.kind, message: text },
        }),
      );
    }

    /** Replace the dataset of this widget's group with CSV text. Resolves to the file report. */
    loadCsv(text, name) {
      return this._call((h) => h.load_csv(String(text), name == null ? undefined : String(name)));
    }

    /** Replace the dataset of this widget's group with a File or Blob. */
    loadFile(file) {
      return this._call((h) => h.load_file(file, undefined));
    }

    /** CSV text, a File/Blob, or an array of rows (objects, or arrays with the header first). */
    set data(value) {
      this._data = value;
      // A failure also reaches the host as a segmint-error event.
      this._call((h) => h.set_data(value)).catch(() => {});
    }

    get data() {
      return this._data;
    }

    /** The last result (the JSON of the matching `segmint` CLI command), or null. */
    get result() {
      return this._handle ? this._handle.result : null;
    }

    /** 'starting', 'empty', 'loading', 'computing', 'ready' or 'error'. */
    get state() {
      return this._handle ? this._handle.state : 'starting';
    }

    /** Whether the dataset lives in a Web Worker (false: the host forbids workers). */
    get usesWorker() {
      return this._handle ? this._handle.uses_worker : null;
    }
  }

  for (const kind of Object.keys(ATTRIBUTES)) {
    const observed = COMMON.concat(ATTRIBUTES[kind]);
    window.customElements.define(
      `segmint-${kind}`,
      class extends SegmintElement {
        static get kind() {
          return kind;
        }
        static get observedAttributes() {
          return observed;
        }
      },
    );
  }

  // For hosts (and embed.js): the widget names, their attributes, and a promise of the
  // loaded bundle.
  window.SegmintWidgets = Object.freeze({
    protocol: PROTOCOL,
    kinds: Object.keys(ATTRIBUTES),
    attributes: (kind) => COMMON.concat(ATTRIBUTES[kind] || []),
    ready: () => load().then(() => undefined),
  });
})();
