// The Consent Mode default for the npm route (`cookiegate/consent-default`): a tiny
// classic script for <head>, placed before the site's own gtag snippet. Module scripts
// (an app's main.js that calls init()) run deferred, after the page's inline gtag
// config; this pushes "everything denied" synchronously first, as cookiegate.js does on
// the script-tag route. data-wait-for-update="ms" matches consentMode.waitForUpdate
// (default 500). The runtime sees the flag and does not push a second default.
import { consentDefault } from './consent-mode.js';

const wait = document.currentScript && document.currentScript.getAttribute('data-wait-for-update');
consentDefault(wait != null && +wait >= 0 ? +wait : 500);
