// What the script tag's runtime chunk (./script-runtime.js) takes from the head part
// (./script.js) instead of carrying copies: web/build.mjs resolves that chunk's imports
// of ./gate/hold.js and ./consent-mode.js to this module. The bindings are live, so
// they hold the head's functions from link() on; nothing calls them before (the runtime
// starts after link()).
export let holdGate;
export let webUrl;
export let urlAttr;
export let urlOf;
export let set;
export let unset;
export let consentDefault;
export let consentDefaultFor;
export let consentUpdate;
export let SIGNALS;

/**
 * @typedef {object} HeadModules what the head part (./script.js) hands over of its modules
 * @property {Pick<typeof import('./gate/hold.js'), 'holdGate'|'webUrl'|'urlAttr'|'urlOf'|'set'|'unset'>} gate
 * @property {Pick<typeof import('./consent-mode.js'), 'consentDefault'|'consentDefaultFor'|'consentUpdate'|'SIGNALS'>} consentMode
 */

/**
 * @param {HeadModules} head the head part's own modules
 */
export function link({ gate, consentMode }) {
  ({ holdGate, webUrl, urlAttr, urlOf, set, unset } = gate);
  ({ consentDefault, consentDefaultFor, consentUpdate, SIGNALS } = consentMode);
}
