// The package as Node, jsdom-based test runners and `tsc --moduleResolution nodenext`
// resolve it: `cookiegate` is the browser API under every condition (it used to be the
// server entry under `node`, so `init` was missing there), and the server API is
// `cookiegate/server`. Runs against web/dist/ through the package's own exports map
// (a self-reference), as an installed package would.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { test } from 'node:test';

const node = (code) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], {
  cwd: new URL('../../', import.meta.url), encoding: 'utf8',
}));

test('plain Node gets the browser API from `cookiegate`', () => {
  const root = node(`const m = await import('cookiegate');
    console.log(JSON.stringify({ names: Object.keys(m), init: typeof m.init, server: typeof m.createServerCore,
      get: m.get(), allowed: m.isAllowed('analytics') }));`);
  assert.equal(root.init, 'function');
  assert.equal(root.server, 'undefined');
  for (const name of ['init', 'ready', 'get', 'isAllowed', 'onAllowed', 'allow', 'on', 'off', 'set']) {
    assert.ok(root.names.includes(name), name);
  }
  // Before init() and without a DOM, it answers safely: nothing allowed.
  assert.equal(root.get, null);
  assert.equal(root.allowed, false);
});

test('init() on a server (no page) throws, and the guard README gives keeps it from running', () => {
  // README ("In an app", "Using it with React"): under server rendering, init() is to be
  // called in the browser only; unguarded it throws a ReferenceError naming `document`
  // (the page's <html lang> is read first) or `window`. Kept that way
  // on purpose: a check with its own message would cost every page's bytes.
  const out = node(`const m = await import('cookiegate');
    const thrown = [];
    for (const config of [{ policy: { version: '1.0.0', url: '/p' }, consentMode: { enabled: true },
      categories: [{ id: 'a', title: 'A' }] }, '{}']) {
      try { m.init(config); } catch (e) { thrown.push(e.name + ': ' + e.message); }
    }
    if (typeof document !== 'undefined') m.init({});
    console.log(JSON.stringify({ thrown, allowed: m.isAllowed('a'), get: m.get() }));`);
  assert.deepEqual(out.thrown, ['ReferenceError: document is not defined', 'ReferenceError: document is not defined']);
  assert.equal(out.allowed, false);
  assert.equal(out.get, null);
});

test('the server API is `cookiegate/server`, and it evaluates a Cookie header', () => {
  const server = node(`const { createServerCore } = await import('cookiegate/server');
    const gate = await createServerCore();
    const config = { policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A' }] };
    const state = gate.evaluateRequest(config, '', { now: 1767225600 });
    console.log(JSON.stringify({ prompt: state.prompt, a: gate.isAllowed(state, 'a') }));`);
  assert.deepEqual(server, { prompt: 'consent', a: false });
});

test('the exports map has no `node` condition left, and names every entry', async () => {
  const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
  assert.equal(JSON.stringify(pkg.exports).includes('"node"'), false);
  for (const entry of ['.', './server', './react', './config.schema.json', './consent-default']) {
    assert.ok(pkg.exports[entry], entry);
  }
  assert.equal(pkg.main, './web/dist/index.js');
});

test('npm pack without the wasm build names the whole build, configure included', () => {
  const r = spawnSync(process.execPath, ['web/build.mjs'], {
    cwd: new URL('../../', import.meta.url), encoding: 'utf8',
    env: { ...process.env, COOKIEGATE_WASM_DIR: 'build/no-such-wasm-build' },
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /emcmake cmake -S \. -B build\/wasm .*-DCMAKE_CROSSCOMPILING_EMULATOR=\/usr\/bin\/node/);
  assert.match(r.stderr, /cmake --build build\/wasm/);
  assert.match(r.stderr, /tests\/install\.sh --build/);
});
