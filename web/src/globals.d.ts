// What web/tsconfig.json's check of web/src cannot read from the sources themselves:
// what Google's tag snippet and the head part put on window, browser features newer
// than TypeScript's DOM library, and the names web/build.mjs defines at bundle time.
// Types only: esbuild never reads this file and nothing here is shipped.

/** Defined by web/build.mjs: the core build's id, the first 16 base64url characters
 *  (96 bits) of the SHA-256 of the .wasm built beside the bundle.
 *  Undeclared (typeof 'undefined') when the source runs unbundled. */
declare const __COOKIEGATE_CORE_BUILD__: string | undefined;
/** Defined by web/build.mjs in the script-tag bundle's head part only: the head part
 *  reads it to tell that it runs bundled (its runtime file then lies next to it). */
declare const __COOKIEGATE_PRELOAD__: string | undefined;

/** A part loaded on demand: the module itself in source; in the script-tag bundle
 *  web/build.mjs replaces it with a stand-in whose load() imports the chunk file. */
type OnDemand<M> = M & { load?: () => Promise<M> };

/** Trusted Types (Chromium): only the check the gate uses. */
interface TrustedTypePolicyFactory {
  isScriptURL(value: unknown): boolean;
}
declare var trustedTypes: TrustedTypePolicyFactory | undefined;

interface Window {
  /** Google's gtag(); consent-mode.js defines the standard snippet's when it is missing. */
  gtag?: (...args: unknown[]) => void;
  /** Google's command queue, read by gtag.js. */
  dataLayer?: unknown[];
  /** Set once the Consent Mode default was pushed (consent-default.js or the runtime),
   *  with the wait_for_update (ms) it was pushed with; false to push it again. */
  cookiegateConsentDefault?: false | { waitForUpdate: number };
  trustedTypes?: TrustedTypePolicyFactory;
}

interface Navigator {
  /** Global Privacy Control (Firefox, Brave; the Sec-GPC header's value in JS). */
  globalPrivacyControl?: boolean;
}
