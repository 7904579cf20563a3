// The pretend CRM: listens to the widgets' DOM events (custom elements) and to the embed's
// postMessage protocol (iframes), fills its contact list from a selected segment or cluster,
// and logs every event. Everything reaches the page as text (textContent), never as HTML.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const EVENTS = [
    'segmint-ready',
    'segmint-error',
    'segmint-segment-select',
    'segmint-cluster-select',
    'segmint-rule-select',
    'segmint-customer-select',
  ];
  const MAX_CONTACTS = 200;
  // The contact whose profile and next best products the demo shows (a customer of the demo file).
  const CONTACT = '17850';

  function log(source, name, detail) {
    const li = document.createElement('li');
    const what = detail && detail.widget ? `${detail.widget}: ` : '';
    let text = `${source} ${name} — ${what}`;
    if (detail && detail.segment) text += `${detail.segment} (${detail.customers} customers)`;
    else if (detail && detail.name !== undefined && detail.cluster !== undefined) text += `cluster ${detail.cluster} ${detail.name}`;
    else if (detail && detail.message) text += detail.message;
    else if (detail && detail.customerId) text += `customer ${detail.customerId}`;
    else if (detail && detail.antecedent) text += `${detail.antecedent.join(' + ')} → ${detail.consequent.join(' + ')}`;
    li.textContent = text;
    li.dataset.event = name;
    $('events').prepend(li);
  }

  function showContacts(title, ids) {
    $('contacts-title').textContent = `— ${title} (${ids.length})`;
    const items = ids.slice(0, MAX_CONTACTS).map((id) => {
      const li = document.createElement('li');
      li.textContent = `Customer ${id}`;
      return li;
    });
    if (ids.length > MAX_CONTACTS) {
      const more = document.createElement('li');
      more.textContent = `… and ${ids.length - MAX_CONTACTS} more`;
      items.push(more);
    }
    $('contacts').replaceChildren(...items);
  }

  function onEvent(source, name, detail) {
    log(source, name, detail);
    if (detail && Array.isArray(detail.customerIds)) {
      const title = detail.segment || `cluster ${detail.cluster}: ${detail.name}`;
      showContacts(title, detail.customerIds);
    }
  }

  // Custom elements: plain DOM events (they bubble and are composed).
  for (const name of EVENTS) {
    document.addEventListener(name, (event) => onEvent('element', name, event.detail));
  }

  // Host controls: attributes and methods of the elements.
  $('preset').addEventListener('change', (event) => {
    document.querySelectorAll('segmint-rfm, segmint-segments').forEach((el) => el.setAttribute('preset', event.target.value));
  });
  $('file').addEventListener('change', (event) => {
    const file = event.target.files && event.target.files[0];
    // One widget is enough: every widget of the same dataset follows.
    if (file) document.querySelector('segmint-rfm').loadFile(file).catch(() => {});
  });

  // Iframes: embed.html on this origin. The shipped embed-config.json allows "self" (Segmint's
  // own origin, which this demo shares), so the frames need no allow parameter.
  const frames = new Map();
  let framesBuilt = false;
  function buildFrames() {
    if (framesBuilt) return;
    framesBuilt = true;
    const embed = new URL('embed.html', location.href);
    for (const widget of ['segments', 'rfm', 'clusters', 'basket', 'clv', 'profile', 'recommend']) {
      const url = new URL(embed);
      url.searchParams.set('widget', widget);
      url.searchParams.set('src', 'demo/online_retail_sample.csv');
      if (widget === 'basket') {
        url.searchParams.set('min-support', '0.02');
        url.searchParams.set('item', '85123A');
      }
      // The contact page of one customer of the demo file.
      if (widget === 'profile' || widget === 'recommend') url.searchParams.set('customer-id', CONTACT);
      const iframe = document.createElement('iframe');
      iframe.title = `Segmint ${widget}`;
      iframe.src = url.href;
      iframe.dataset.testid = `frame-${widget}`;
      frames.set(widget, iframe);
      $('frames').append(iframe);
    }
  }
  window.addEventListener('message', (event) => {
    // Only our own embeds: exact origin and one of our frames as the sender.
    if (event.origin !== location.origin) return;
    const fromOurFrame = [...frames.values()].some((f) => f.contentWindow === event.source);
    const msg = event.data;
    if (!fromOurFrame || !msg || msg.segmint !== 2) return;
    if (msg.type === 'event') onEvent('iframe', msg.name, msg.detail);
    else if (msg.type === 'error') log('iframe', 'error', { message: msg.message });
    else if (msg.type === 'ready') log('iframe', 'ready', { message: `widgets: ${msg.widgets.join(', ')}` });
  });

  // The two views of the sidebar.
  function route() {
    const view = location.hash === '#iframes' ? 'iframes' : 'elements';
    $('elements').hidden = view !== 'elements';
    $('iframes').hidden = view !== 'iframes';
    document.querySelectorAll('.sidebar a').forEach((a) => {
      if (a.getAttribute('href') === `#${view}`) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    if (view === 'iframes') buildFrames();
  }
  window.addEventListener('hashchange', route);
  route();
})();
