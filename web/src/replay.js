// The returning visitor's shortcut: the core's own last answer, replayed while the
// module loads, for byte-identical inputs inside the answer's validity window.
//
// The core's evaluation is a pure function of (config text, consent cookie, GPC, the
// region the site named, whether the site verified a crawler, now, core build), and
// each answer says until when it holds (state.validUntil, core/boundary.hpp). One
// localStorage entry keeps the exact inputs of the last evaluation next to the answer;
// an entry is used only when every input is the same string, boolean or build id as
// now, and now lies in [at, validUntil). Nothing here decides: a miss, an unreadable
// entry or storage that throws all mean "no replay" (the page waits for the core as on
// a first visit), and the core confirms every replayed answer once it is ready.

/** The storage key: one entry per origin. */
export const REPLAY_KEY = 'cookiegate:answer';
const FORMAT = 2;

const storage = () => {
  try { return window.localStorage; } catch (e) { return null; }  // blocked storage throws
};

const bool = (v) => typeof v === 'boolean';
const str = (v) => typeof v === 'string';
const list = (v, each) => Array.isArray(v) && v.every(each);
// The parts of a state the page acts on before the core is ready: the gate's and
// Consent Mode's, and what the banner's choices decide (which categories Reject all
// refuses, `firstLayerReject` and `ask`; which a re-ask names and decides, `changed`;
// which GPC signalled, `gpc`), and `regional.separate`, the one list the layers read
// into (a forged `regional: {}` threw in the UI). Anything else in a tampered entry is
// ignored; anything missing or mistyped refuses the whole entry. Shapes: core/boundary.hpp.
const stateShape = (s) => !!s && typeof s === 'object' && str(s.prompt) &&
  (s.firstLayerReject === 'reject_all' || s.firstLayerReject === 'asked') &&
  (s.regional === undefined || list(s.regional?.separate, str)) &&
  list(s.categories, (c) => c && str(c.id) && [c.allowed, c.required, c.ask, c.changed, c.gpc].every(bool) &&
    list(c.services, (v) => v && str(v.id) && bool(v.allowed))) &&
  !!s.consentMode && typeof s.consentMode === 'object' &&
  Object.values(s.consentMode).every((v) => v === 'granted' || v === 'denied');
const gateShape = (g) => list(g, (c) => c && str(c.id) &&
  list(c.services, (v) => v && str(v.id) && list(v.scripts, str)));

/**
 * The stored answer for exactly these inputs, or null.
 * @param {{build: string, config: string, cookie: string, gpc: boolean, region: string,
 *   crawler: boolean, now: number}} inputs `now` in seconds since the epoch, as passed
 *   to the core. The region is kept only to compare: an entry answers the region it
 *   was made for, never a later page's.
 * @returns {{state: object, gate: object[], consentMode: boolean, cookie: string}|null}
 *   `gate`: the core-validated categories the gate matches URLs against
 */
export function readReplay({ build, config, cookie, gpc, region, crawler, now }) {
  const ls = build ? storage() : null;
  if (!ls) return null;
  try {
    const text = ls.getItem(REPLAY_KEY);
    if (text == null) return null;
    const e = JSON.parse(text);
    const hit = e && e.v === FORMAT && e.build === build && e.config === config &&
      e.cookie === cookie && e.gpc === gpc && e.region === region && e.crawler === crawler &&
      Number.isSafeInteger(e.at) && e.at <= now &&
      (e.until === null || (Number.isSafeInteger(e.until) && now < e.until)) &&
      bool(e.consentMode) && stateShape(e.state) && gateShape(e.gate) &&
      e.state.categories.length === e.gate.length &&
      e.state.categories.every((c, i) => c.id === e.gate[i].id);
    if (!hit) return null;
    return { state: e.state, gate: e.gate, consentMode: e.consentMode, cookie: e.cookie };
  } catch (err) {
    // Not JSON, or storage gone mid-read: a broken entry is dropped, never trusted.
    clearReplay();
    return null;
  }
}

/**
 * Keeps the core's answer for its inputs. `state.validUntil` is the window's end.
 * @param {{build: string, config: string, cookie: string, gpc: boolean, region: string,
 *   crawler: boolean, now: number}} inputs as for readReplay
 * @param {{state: object, gate: object[], consentMode: boolean}} answer
 */
export function storeReplay({ build, config, cookie, gpc, region, crawler, now }, { state, gate, consentMode }) {
  const ls = build ? storage() : null;
  if (!ls) return;
  const until = Number.isSafeInteger(state.validUntil) ? state.validUntil : null;
  try {
    ls.setItem(REPLAY_KEY, JSON.stringify({
      v: FORMAT, build, config, cookie, gpc, region, crawler, at: now, until, consentMode, gate, state,
    }));
  } catch (e) {
    clearReplay();  // full or refused: an older entry must not outlive a newer answer
  }
}

export function clearReplay() {
  try { storage()?.removeItem(REPLAY_KEY); } catch (e) { /* nothing stored */ }
}

/**
 * What `before` allowed and `after` does not, in the withdrawal shape of
 * core/boundary.hpp: used only when the core's confirmation of a replayed answer
 * differs from it (an entry the core did not write), so that whatever ran on the
 * replay is cleaned up as after a withdrawal.
 */
export function overreach(before, after) {
  const out = { categories: [], services: [] };
  for (const b of before.categories) {
    const a = after.categories.find((c) => c.id === b.id);
    if (b.allowed && !a?.allowed) out.categories.push(b.id);
    for (const v of b.services) {
      const w = a?.services.find((s) => s.id === v.id);
      if (b.allowed && v.allowed && !(a?.allowed && w?.allowed)) out.services.push({ category: b.id, id: v.id });
    }
  }
  return out;
}
