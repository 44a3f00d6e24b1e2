// The least a runtime file could do before CookieGate's banner shows: what
// `node tests/perf/floors.mjs --banner` serves as cookiegate-runtime.js in place of the
// real one (tests/perf/FINDINGS.md: "Banner visible"). It reads the config text the head
// part hands over and the consent cookie (none: the banner is due), builds the
// runtime's provisional state and mounts the real UI on it. No core, no gate release,
// no API, no stored answer: a file that showed the banner on its own could not do less.
import { mountUI } from '../../../web/src/ui/index.js';
import { provisional, readConfig, storedNameOf } from '../../../web/src/runtime-state.js';
import { cookiePairs } from '../../../web/src/utils/cookies.js';

export function start(head) {
  const { config } = readConfig(head.config);
  const state = provisional(config, false, cookiePairs(storedNameOf(config)) ? 'none' : 'consent', true);
  const never = () => new Promise(() => {});
  mountUI({
    config, language: 'en', failed: false, getState: () => state, on: () => () => {},
    acceptAll: never, rejectAll: never, set: never, acknowledgeNotice: never, dismiss: never, switchToStricter: never,
  });
  return { ready: never() };
}
