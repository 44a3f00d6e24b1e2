// A Web Worker's script (cookiegate-warm.js in web/dist; ./warm.js starts it): it makes
// the page's first calls into the page's compiled module, so that they are compiled
// before the page makes them. It answers how many of them the core answered `ok` (the
// page only waits for an answer; tests/browser/warm.test.mjs reads it). Any failure is
// the page's to meet when it asks the core itself.
import { createCore } from './bridge.js';
import factory from './cookiegate-core.js';

onmessage = ({ data: { module, calls } }) => createCore(factory, { wasmModule: module })
  .then((core) => calls.filter(([name, args]) => core[name](...args).ok).length)
  .catch(() => 0)
  .then((answered) => postMessage(answered));
