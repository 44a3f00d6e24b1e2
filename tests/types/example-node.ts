// A typed use of the server entry (`cookiegate/server`): server-side rendering
// decides which tags to print from the request's Cookie header.
import {
  createServerCore, isAllowed, type CookieGateConfig, type ServerCore, type State,
} from 'cookiegate/server';

async function render(cookieHeader: string | undefined, configJson: string): Promise<string> {
  const core: ServerCore = await createServerCore();
  const state = core.evaluateRequest(configJson, cookieHeader, { gpc: false });
  if ('error' in state) return '<!-- consent unavailable: nothing optional -->';
  const s: State = state;
  const choose = core.choose(configJson, cookieHeader ?? '', Date.now() / 1000, false,
    { kind: 'accept_all' }, '00'.repeat(16), 'en');
  if (choose.ok) console.log(choose.cookie.name, choose.state.prompt, choose.withdrawn.categories);
  else console.log(choose.error.code);
  // @ts-expect-error: a choice kind outside the core's list
  core.choose(configJson, '', 0, false, { kind: 'maybe' }, '', 'en');
  const change = core.evaluateChange(configJson, '', cookieHeader ?? '', Date.now() / 1000, false);
  if (change.ok) for (const w of change.withdrawn.services) console.log(w.category, w.id);
  const reason: 'service_added' | string = s.reason;
  void reason;
  return isAllowed(s, 'analytics') ? '<script src="/ga.js"></script>' : '';
}
void render;

// A config given as an object is checked as init() checks it: written inline, as a
// CookieGateConfig, its misspelt members and a malformed version included.
async function prepared(cookieHeader: string, config: CookieGateConfig): Promise<void> {
  const core = await createServerCore();
  core.evaluateRequest(config, cookieHeader);
  core.evaluateRequest({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A' }] }, cookieHeader);
  const handle = await core.prepare({ policy: { version: '1.0.0', url: '/p' }, categories: [] });
  if (handle.ok) console.log(handle.evaluateRequest(cookieHeader));
  // @ts-expect-error: a misspelt member beside the right ones
  core.evaluateRequest({ policy: { version: '1.0.0', url: '/p' }, categories: [], categorys: [] }, cookieHeader);
  // @ts-expect-error: a misspelt member of a category
  core.evaluateRequest({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', requird: true }] }, cookieHeader);
  // @ts-expect-error: the version is "MAJOR.MINOR.PATCH" text
  core.evaluateRequest({ policy: { version: 'v1', url: '/p' }, categories: [] }, cookieHeader);
  // @ts-expect-error: a misspelt member beside the right ones
  await core.prepare({ policy: { version: '1.0.0', url: '/p' }, categories: [], categorys: [] });
  // @ts-expect-error: a misspelt member of a category
  await core.prepare({ policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A', requird: true }] });
  // @ts-expect-error: the version is "MAJOR.MINOR.PATCH" text
  await core.prepare({ policy: { version: 'v1', url: '/p' }, categories: [] });
}
void prepared;
