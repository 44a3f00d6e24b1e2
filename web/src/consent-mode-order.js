// Whether Google's tags saw CookieGate's Consent Mode default in time. They apply the
// consent state in force when they process a command, and without any default they
// treat consent as granted: a command queued before the default (the tag snippet above
// cookiegate.js, a config fetched by URL, an app's module that calls init()) may have
// sent a hit, and a dataLayer replaced after it (`dataLayer = [...]` in a page script)
// hides the default from them. Runtime only: the head part pays for nothing here.
// Google's documentation: https://developers.google.com/tag-platform/security/guides/consent

let why = '';
/**
 * Why the default comes late on this page, when the script tag knows it (loaded async,
 * deferred or as a module, a config fetched by URL, init() called after Google's tag:
 * ./script-runtime.js), with the fix: said by 509 in place of "put cookiegate.js above
 * Google's tag", which may be where it already is.
 * @param {string} reason ': …', appended to 509's message
 */
export const lateBecause = (reason) => { why = reason; };

/**
 * Error 509's message when Google's tags did not see the default first, else ''.
 * `replaced` is set when `dataLayer` holds no default any more (it must be pushed again).
 * @param {any} dataLayer window.dataLayer (anything a page may have put there)
 * @param {boolean} [failed] the default was pushed only when CookieGate failed (a config
 *   that did not turn Consent Mode on readably, then an error: the config's, or the core
 *   not loading): the fix is that error, reported first, not the tags' order
 * @returns {{message: string, replaced?: boolean}}
 */
export function consentModeOrder(dataLayer, failed) {
  const at = Array.isArray(dataLayer) ? dataLayer.findIndex((e) => e && e[0] === 'consent' && e[1] === 'default') : -1;
  if (at < 0) return { replaced: true, message: 'window.dataLayer was replaced after the default: write window.dataLayer = window.dataLayer || [] (default pushed again)' };
  // gtag's config and event commands send hits; a Tag Manager event (gtm.js first)
  // fires the container's tags.
  const e = dataLayer.slice(0, at).find((c) => c && (c[0] === 'config' || c[0] === 'event' || typeof c.event === 'string'));
  return { message: e ? `"${e.event || e[0]}" was queued before the default${failed
    ? ', pushed only when CookieGate failed: fix the error above'
    : why || ": put cookiegate.js with its inline config, or consent-default.js, above Google's tag"}` : '' };
}
