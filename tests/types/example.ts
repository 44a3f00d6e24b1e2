// A typed use of the browser entry: compiled (not run) by `npm run test:types`, so a
// .d.ts that drifts from the documented API breaks the build. The @ts-expect-error
// lines must stay errors: they prove the types reject misuse.
import CookieGate, {
  acceptAll, allow, createRuntime, get, init, isAllowed, mountUI, on, onAllowed, ready, set,
  showPreferences,
  type Consent, type ConsentRecord, type CookieGateConfig, type CookieGateError, type JsErrorName,
  type Runtime, type State,
} from 'cookiegate';
// README "In an app (npm)": its config (the README's, verbatim), imported from the JSON
// file as a bundler app does. TypeScript widens a JSON file's literals (the version is a
// string, consentMode a string[]); init() takes it as it is.
import readmeConfig from './cookiegate.json';

// The config is typed: a misspelt member, a version given as a number or a pre-ticked
// optional category does not compile (the @ts-expect-error lines below).
const typed: CookieGateConfig = {
  policy: { version: '1.0.0', url: '/privacy' },
  categories: [{ id: 'necessary', required: true, default: true, title: 'Necessary' },
               { id: 'analytics', title: { en: 'Analytics', zh: '统计' }, services: [{ id: 'matomo' }] }],
  consentMode: { enabled: true },
};
// @ts-expect-error: a misspelt member
const misspelt: CookieGateConfig = { polcy: { version: '1.0.0', url: '/p' }, categories: [] };
// @ts-expect-error: the version is "MAJOR.MINOR.PATCH" text
const numeric: CookieGateConfig = { policy: { version: 1, url: '/p' }, categories: [] };
// @ts-expect-error: an optional category cannot be granted by default
const preTicked: CookieGateConfig = { policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', default: true }] };
// A pipl separate consent's recipient, and the regional texts, are part of the config too.
const pipl: CookieGateConfig = {
  policy: { version: '1.0.0', url: '/privacy' },
  languages: ['en', 'zh'],
  categories: [{ id: 'media', title: 'Media', services: [{ id: 'video', crossBorder: true, recipient: {
    name: 'StreamTube', contact: 'privacy@streamtube.example', country: 'US',
    purpose: { en: 'Playing videos', zh: '播放视频' }, data: 'device identifier' } }] }],
  texts: { en: { personalInformation: 'Data provided', separateTitle: 'Separate consent: {service}' } },
  regions: { CN: { model: 'pipl' }, unknown: { model: 'opt-in' } },
};
const listed: CookieGateConfig = { ...pipl, categories: [{ id: 'm', title: 'M', services: [{ id: 'v', recipient: {
  name: 'S', contact: 's@example.com', country: 'US',
  // @ts-expect-error: the personal information provided is a text, not a list
  data: ['device identifier'] } }] }] };
console.log(typed, misspelt, numeric, preTicked, pipl, listed);

const fromJson: Runtime = init(readmeConfig);
// A config written in the code keeps its literals, so init() checks it as strictly as a
// CookieGateConfig: these three do not compile.
// @ts-expect-error: an optional category cannot be granted by default
init({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', default: true }] });
// @ts-expect-error: no such Consent Mode signal
init({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', consentMode: ['analytic_storage'] }] });
// @ts-expect-error: a misspelt member
init({ polcy: { version: '1.0.0', url: '/p' }, categories: [] });
// Written inline, the literal gets TypeScript's excess-property check at every depth
// the config's types describe, and its version must be MAJOR.MINOR.PATCH (a user trial
// found a misspelt member beside the right ones, or a version 'v1', compiling).
// @ts-expect-error: a misspelt member beside the right ones
init({ policy: { version: '1.0.0', url: '/p' }, categories: [], categorys: [] });
// @ts-expect-error: a misspelt member of a category
init({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', requird: true }] });
// @ts-expect-error: a misspelt member of a service
init({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', services: [{ id: 's', scrpts: [] }] }] });
// @ts-expect-error: a misspelt member of the policy
init({ policy: { version: '1.0.0', url: '/p', upcomming: {} }, categories: [] });
// @ts-expect-error: a misspelt member of ui
init({ policy: { version: '1.0.0', url: '/p' }, categories: [], ui: { layuot: 'box' } });
// @ts-expect-error: the version is "MAJOR.MINOR.PATCH" text
init({ policy: { version: 'v1', url: '/p' }, categories: [] });
// @ts-expect-error: the upcoming version too
init({ policy: { version: '1.0.0', url: '/p', upcoming: { version: '2', effective: '2030-01-01' } }, categories: [] });
// @ts-expect-error: createRuntime() checks its config as init() does
createRuntime({ policy: { version: '1.0.0', url: '/p' }, categories: [], categorys: [] }, { factory: async () => ({}) });
// @ts-expect-error: and the default export's init()
CookieGate.init({ policy: { version: 'v1', url: '/p' }, categories: [] });
// @ts-expect-error: and the script tag's
window.CookieGate?.init({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', requird: true }] });
// A config written inline that is right compiles, its required category pre-ticked.
init({ policy: { version: '1.0.0', url: '/p', upcoming: { version: '1.1.0', effective: '2030-01-01' } },
       categories: [{ id: 'n', title: 'N', required: true, default: true, consentMode: ['security_storage'] },
                    { id: 'a', title: 'A', default: false, services: [{ id: 's', scripts: ['https://x.example/*'] }] }],
       ui: { layout: 'box', position: 'bottom-left' }, regions: { '*': { model: 'opt-out' } } });
// So does one in a variable of its own, without an annotation (TypeScript widened it).
const unannotated = { policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A' }] };
init(unannotated);
// @ts-expect-error: still a config's shape: the categories are missing
init({ policy: { version: '1.0.0', url: '/privacy' } } as { policy: { version: string, url: string } });
const runtime: Runtime = init({ policy: { version: '1.0.0', url: '/privacy' }, categories: [] },
  { reloadOnWithdrawal: false, wasmUrl: new URL('/assets/cookiegate-core.wasm', location.href) });

const state: State = runtime.getState();
const pending: boolean | undefined = state.pending;
const signal: 'granted' | 'denied' = state.consentMode.analytics_storage;

async function main(): Promise<void> {
  const consent: Consent = await ready;
  const id: string | null = consent.consentId;
  const analytics: boolean | undefined = consent.categories.analytics;
  const after: Consent = await set({ analytics: true }, { youtube: false });
  await acceptAll();
  const now: Consent | null = get();
  const record: ConsentRecord | null = now ? now.record : null;
  const ok: boolean = isAllowed('analytics', 'ga');
  on('error', (e: CookieGateError) => console.log(e.code, e.name, e.path, e.message));
  const unsubscribe: () => void = on('change', (c) => console.log(c.categories));
  unsubscribe();
  onAllowed('analytics', 'matomo', (c: Consent) => console.log(c.services.matomo));
  const cancel = onAllowed('marketing', () => {});
  cancel();
  const loaded: Consent = await allow('marketing', 'video');
  // @ts-expect-error: the snapshot is read-only
  loaded.categories.analytics = true;
  const own: Runtime = createRuntime('{}', { factory: async () => ({}) });
  console.log(own.get().ready);
  on('notice', (n) => console.log(n.kind, n.version));
  runtime.on('state', (s) => console.log(s.prompt));
  // As the README writes it (a trial's strict build said TS2721, "possibly null").
  const mounted = mountUI(runtime);
  mounted.open();
  const misconfigured: boolean = (runtime.failure?.code ?? 0) >= 100 && (runtime.failure?.code ?? 0) < 200;
  const jsOnly: JsErrorName = 'cookie_not_stored';
  console.log(misconfigured, jsOnly);
  await showPreferences();
  CookieGate.rejectAll().catch((e: unknown) => e);
  window.CookieGate?.acknowledgeNotice();
  const viaTag: Runtime | undefined = await window.CookieGate?.init('{}');
  // @ts-expect-error: the script tag's init() may answer with a promise until its runtime file loaded
  const notYet: Runtime | undefined = window.CookieGate?.init('{}');
  console.log(viaTag, notYet);
  // README "Who acted": a site's own banner passes the click's event.
  const channel = init('{}', { ui: false }).visitorChannel();
  document.querySelector('button')?.addEventListener('click', (e) => {
    channel?.set(e, 'preferences', { analytics: true }).then((c: Consent) => c.record?.source);
    // @ts-expect-error: the click's event comes first
    channel?.acceptAll();
  });
  addEventListener('cookiegate:consent', (e) => console.log(e.detail.consentId));
  console.log(id, analytics, after, now, record, ok, pending, signal);

  // @ts-expect-error: events are a closed set
  on('banner', () => {});
  // @ts-expect-error: decisions are booleans
  set({ analytics: 'yes' });
  // @ts-expect-error: isAllowed needs a category
  isAllowed();
}
void main;
