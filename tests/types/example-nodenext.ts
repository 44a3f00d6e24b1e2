// `cookiegate` as a Node ESM project (or Vitest with jsdom) sees it with
// `moduleResolution: nodenext`: the browser API, not the server entry.
import { init, isAllowed, onAllowed, type CookieGateConfig } from 'cookiegate';
import { createServerCore } from 'cookiegate/server';

const config: CookieGateConfig = { policy: { version: '1.0.0', url: '/privacy' }, categories: [{ id: 'a', title: 'A' }] };
init(config);
const stop: () => void = onAllowed('a', () => console.log(isAllowed('a')));
stop();
void createServerCore;
