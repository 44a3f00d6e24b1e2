// Test entry for the UI pages: mounts the real UI on a fake runtime that follows the
// runtime contract (config, getState, language, failed, acceptAll, rejectAll, set,
// acknowledgeNotice, on, off) so UI tests need no wasm. Bundled by tests/browser/ui-support.mjs.
import { mountUI } from '../../../web/src/ui/index.js';

const listeners = {};
const emit = (e, x) => (listeners[e] || []).forEach((f) => f(x));
let state;
let rt;
let opts;

// What the core would answer, reduced to what the UI reads: the prompt goes away and
// categories take the chosen values.
function choose(name, allowed, args = []) {
  cg.calls.push([name, ...args]);
  if (opts.rejectActions) return Promise.reject(new Error('storage unavailable'));
  state = {
    ...state,
    prompt: 'none',
    notice: null,
    categories: state.categories.map((c) => ({
      ...c, ask: false, changed: false, allowed: c.required || allowed(c.id),
    })),
  };
  emit('state', state);
  return Promise.resolve();
}

const cg = {
  calls: [],
  boot(o) {
    opts = o;
    state = o.state;
    rt = {
      config: o.config,
      language: o.language,
      failed: !!o.failed,
      getState: () => state,
      acceptAll: () => choose('acceptAll', () => true),
      rejectAll: () => choose('rejectAll', () => false),
      set: (c, s) => choose('set', (id) => !!c[id], [c, s]),
      acknowledgeNotice: () => choose('acknowledgeNotice', (id) =>
        !!state.categories.find((c) => c.id === id)?.allowed),
      on(e, f) {
        (listeners[e] = listeners[e] || []).push(f);
      },
      off(e, f) {
        listeners[e] = (listeners[e] || []).filter((g) => g !== f);
      },
    };
    cg.ui = mountUI(rt);
  },
  setState(s, language) {
    state = s;
    if (language) rt.language = language;
    emit('state', s);
  },
  fail() {
    rt.failed = true;
    emit('error', new Error('core unavailable'));
  },
};
window.cg = cg;
