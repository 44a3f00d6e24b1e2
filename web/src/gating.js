// The gate: nothing marked up as gated, and no script or frame whose URL belongs to a
// refused service, runs unless the latest core state allows it.
//
// Markup: <script type="text/plain" data-category="analytics" [data-service="ga"]
// [src="…" | data-src="…"] [data-type="module"]> and <iframe data-category="…"
// data-src="…">. A text/plain script is inert by itself (its src is not even fetched),
// so leaving it alone is the synchronous "before wasm" step.
//
// Scripts, frames, embeds and objects that other scripts insert are caught where their
// URL is set or where they are inserted: every attribute path (setAttribute(NS),
// setAttributeNode(NS), removals, element.attributes' named items, an Attr's value,
// nodeValue or textContent, the src/type/data properties) and every insertion method
// (appendChild, insertBefore, replaceChild, append, prepend, before, after,
// replaceWith, replaceChildren on elements, text, comments and fragments;
// insertAdjacentElement; Range.insertNode), the latter also catching elements made by
// another realm (an iframe's document) whose own prototypes are not ours. A held
// element becomes gated markup: a script turns text/plain, a frame's URL moves to
// data-src. Until the core has validated the config there is nothing to match against,
// so every inserted element with an http(s) URL is held; once valid, those that match no
// refused service are released, the rest wait for consent. If the config never becomes
// valid they stay held. Whether an element may run is decided again when it is
// activated, against its URL as it is then.
//
// What cannot be caught (the README lists it): code that ran before this script,
// scripts the HTML parser inserts (not marked up as gated), document.write while the
// page is parsing or after document.open, an SVG script's href.baseVal, another realm's
// own DOM methods, frame navigation by name or location, srcdoc, module imports from
// inline code, closed shadow roots, fetch/XHR/sendBeacon, image pixels and CSS.
//
// Two halves: ./gate/hold.js holds from the first moment and decides nothing (the
// script tag's synchronous head part carries only it); ./gate/release.js matches and
// activates once the core has validated the config (it arrives with the runtime).
import { holdGate } from './gate/hold.js';
import { releaseGate } from './gate/release.js';

let gate = null;

/**
 * Installs the gate once per page (later calls return the same one) and holds every
 * inserted script or frame with an http(s) URL until configure() is called. On the
 * script-tag route the hold was installed by the head part already; this adds the
 * second half to it.
 * @returns {{configure: Function, run: Function, unload: Function, heldBy: Function, onError: Function, released: Function}}
 */
export function installGate() {
  if (!gate) gate = releaseGate(holdGate());
  return gate;
}
