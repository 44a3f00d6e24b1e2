// The README's install line, done: `npm pack` the built checkout, install the tarball
// into an empty app (offline: it needs nothing from a registry), then use it as an
// app would — the browser API from `cookiegate` in plain Node, the server entry, the
// schema, and the `cookiegate` command from node_modules/.bin.
// (--ignore-scripts on pack: the test command has just built web/dist.)
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cookiegate-install-'));
const npm = (args, cwd) => execFileSync('npm', [...args, '--loglevel=error', '--no-audit', '--no-fund'],
  { cwd, encoding: 'utf8' });
try {
  const [{ filename }] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root));
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  npm(['install', '--offline', join(dir, filename)], app);

  const run = (code) => execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: app, encoding: 'utf8' });
  assert.equal(run("const m = await import('cookiegate'); console.log(typeof m.init, typeof m.onAllowed)").trim(),
               'function function');
  const config = { policy: { version: '1.0.0', url: '/p' }, categories: [{ id: 'a', title: 'A' }] };
  writeFileSync(join(app, 'config.json'), JSON.stringify(config));
  writeFileSync(join(app, 'bad.json'), JSON.stringify({ ...config, categorys: [] }));
  assert.equal(run(`const { createServerCore } = await import('cookiegate/server');
    const gate = await createServerCore(); const site = await gate.prepare(${JSON.stringify(config)});
    console.log(site.ok, site.evaluateRequest('', { now: 1767225600 }).prompt)`).trim(), 'true consent');
  assert.equal(run("import { createRequire } from 'node:module';" +
    "console.log(createRequire(import.meta.url).resolve('cookiegate/config.schema.json').endsWith('config.schema.json'))").trim(), 'true');

  const cli = (...args) => spawnSync(join(app, 'node_modules/.bin/cookiegate'), args, { cwd: app, encoding: 'utf8' });
  const good = cli('check', 'config.json');
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /config\.json: valid/);
  const bad = cli('check', 'bad.json');
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /config_unknown_field: categorys/);
  console.log(`installed ${filename} into an empty app: entries, schema and the cookiegate command work`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
