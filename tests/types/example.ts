// A typed use of the browser entry: compiled (not run) by `npm run test:types`, so a
// .d.ts that drifts from the documented API breaks the build. The @ts-expect-error
// lines must stay errors: they prove the types reject misuse.
import CookieGate, {
  acceptAll, get, init, isAllowed, mountUI, on, ready, set, showPreferences,
  type Consent, type ConsentRecord, type CookieGateError, type JsErrorName, type Runtime, type State,
} from 'cookiegate';

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
  on('change', (c) => console.log(c.categories));
  on('notice', (n) => console.log(n.kind, n.version));
  runtime.on('state', (s) => console.log(s.prompt));
  if (mountUI) mountUI(runtime).open();
  const misconfigured: boolean = (runtime.failure?.code ?? 0) >= 100 && (runtime.failure?.code ?? 0) < 200;
  const jsOnly: JsErrorName = 'cookie_not_stored';
  console.log(misconfigured, jsOnly);
  await showPreferences();
  CookieGate.rejectAll().catch((e: unknown) => e);
  window.CookieGate?.acknowledgeNotice();
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
