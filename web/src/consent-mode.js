// Google Consent Mode v2. The default must be queued before any Google tag runs, so it
// is pushed synchronously when the runtime starts; updates follow every evaluation.

export const SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization',
  'analytics_storage', 'functionality_storage', 'personalization_storage',
  'security_storage'];

function gtag() {
  // The standard snippet: gtag.js reads `arguments` objects, not arrays.
  if (typeof window.gtag !== 'function') {
    window.dataLayer = window.dataLayer || [];
    window.gtag = function gtag() { window.dataLayer.push(arguments); };
  }
  return window.gtag;
}

/** Everything denied until the core has decided. */
export function consentDefault(waitForUpdate) {
  // Once per page: cookiegate/consent-default.js may have pushed it before the app.
  if (window.cookiegateConsentDefault) return;
  // Its wait kept, for the runtime to compare with the config's (a trial's 2000 ms config
  // got consent-default.js's 500 without a word).
  window.cookiegateConsentDefault = { waitForUpdate };
  const params = {};
  for (const s of SIGNALS) params[s] = 'denied';
  params.wait_for_update = waitForUpdate;
  gtag()('consent', 'default', params);
}

/**
 * The default for a config as JSON.parse gave it (before the core has validated it):
 * pushed when consentMode.enabled is true, waiting consentMode.waitForUpdate ms
 * (default 500) for the update. Returns whether Consent Mode is on.
 */
export function consentDefaultFor(config) {
  const cm = (config && config.consentMode) || {};
  if (cm.enabled !== true) return false;
  const wait = cm.waitForUpdate;
  consentDefault(Number.isFinite(wait) && wait >= 0 ? wait : 500);
  return true;
}

/** The core's granted/denied per signal; anything else is sent as denied. */
export function consentUpdate(signals) {
  const params = {};
  for (const s of SIGNALS) params[s] = signals && signals[s] === 'granted' ? 'granted' : 'denied';
  gtag()('consent', 'update', params);
}
