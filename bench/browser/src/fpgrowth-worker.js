// node-fpgrowth in a dedicated worker, so the page can stop it at the time cap (terminate()).
// fpgrowth-client.js is the browser bundle that node-fpgrowth ships (global `fpgrowth`).
/* global fpgrowth */
importScripts('fpgrowth-client.js');
self.onmessage = async (e) => {
  const { baskets, support } = e.data;
  const start = performance.now();
  const found = await new fpgrowth.FPGrowth(support).exec(baskets);
  const seconds = (performance.now() - start) / 1000;
  let items = 0;
  for (const s of found) items += s.items.length;
  self.postMessage({ seconds, itemsets: found.length, items });
};
