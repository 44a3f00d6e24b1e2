// A Web Worker's script (cookiegate-warm.js in web/dist; ./warm.js starts it): it makes
// the page's first calls into the page's compiled module, so that they are compiled
// before the page makes its own, and answers {answered, crossings}: how many of them the
// core answered `ok` (tests/browser/warm.test.mjs reads it), and every crossing it made
// ([name, args, answer text], its limits too), which the page's start takes as its own
// calls' answers (./bridge.js). Any failure answers no crossings: the page then asks
// the core itself, as without a worker.
import { createCore } from './bridge.js';
import factory from './cookiegate-core.js';

onmessage = ({ data: { module, calls } }) => {
  const crossings = [];
  createCore(factory, { wasmModule: module, record: (name, args, text) => crossings.push([name, args, text]) })
    .then((core) => ({ answered: calls.filter(([name, args]) => core[name](...args).ok).length, crossings }))
    .catch(() => ({ answered: 0 }))
    .then((answer) => postMessage(answer));
};
