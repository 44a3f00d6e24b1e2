// A typed use of the server entry (`cookiegate/server`): server-side rendering
// decides which tags to print from the request's Cookie header.
import { createServerCore, isAllowed, type ServerCore, type State } from 'cookiegate/server';

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
