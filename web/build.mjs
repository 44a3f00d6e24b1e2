// Builds web/dist/ from web/src/ and the wasm build (run `node web/build.mjs` after
// `cmake --build build/wasm`):
//   cookiegate.js          script-tag bundle's synchronous head part (IIFE, global
//                          CookieGate, minified): the gate, the Consent Mode default,
//                          the inline config; it imports cookiegate-runtime.js at once
//   cookiegate-runtime.js  the rest of the script-tag bundle (ESM): runtime and
//                          banner, on what the head part set up (web/src/head-link.js)
//   index.js               npm browser entry (ESM)
//   server.js              npm server entry `cookiegate/server` (ESM, Node): the
//                          core for requests and the consent log service
//                          (better-sqlite3 and pg stay external, optional peers)
//   react.js               npm React bindings `cookiegate/react` (ESM; imports react
//                          and ./index.js, so the app has one runtime)
//   consent-default.js     classic script: the Consent Mode default for the npm route
//   config.schema.json     JSON Schema of the config (web/config.schema.json)
//   cookiegate-core.wasm   the core; every entry finds it next to itself
//   cookiegate-core.js     the emscripten glue (ESM), imported by every entry when
//                          the core starts
//   cookiegate-placeholders.js  the click-to-load placeholders (ESM), imported by
//                          either entry only once the core answered and the page
//                          has an embed (web/src/ui/placeholder-loader.js)
//   cookiegate-regional.js the regional layers (ESM: opt-out, notice, pipl, GPC),
//                          imported by either entry only when the core's answer
//                          names one (web/src/ui/index.js)
//   cookiegate-preferences.js the preferences dialog (ESM), imported by either entry
//                          when a visitor is about to open it or opens it
//                          (web/src/ui/index.js)
//   cookiegate-receipts.js the consent receipts (ESM), imported by either entry only
//                          for a config with log.endpoint
//   cookiegate-bridge.js   the JS side of the wasm boundary (ESM), imported by either
//                          entry when the core starts (the banner does not need it)
//   cookiegate-warm.js     a Web Worker (ESM) the script-tag runtime starts with the
//                          compiled core: it compiles the core's functions off the
//                          main thread (web/src/wasm/warm.js)
//   *.d.ts                 the hand-written types (web/types/)
// COOKIEGATE_WASM_DIR overrides where the wasm build is (default build/wasm/wasm).
import { build, transform } from 'esbuild';
import { minify } from 'terser';
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';

import { coreBuildId } from './core-build-id.mjs';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const final = join(web, 'dist');
// Built aside, then each file renamed into place: a page or test reading dist/
// meanwhile never sees a missing or half-written file.
const dist = join(web, `.dist-${process.pid}`);
process.on('exit', () => rmSync(dist, { recursive: true, force: true }));
const wasmDir = resolve(root, process.env.COOKIEGATE_WASM_DIR || 'build/wasm/wasm');
const glue = join(wasmDir, 'cookiegate-core.js');
const wasm = join(wasmDir, 'cookiegate-core.wasm');
const ui = join(web, 'src/ui/index.js');

for (const f of [glue, wasm]) {
  if (!existsSync(f)) {
    console.error(`missing ${f}: build the wasm module first, from the repository root:\n` +
      '  tests/install.sh --build   # Debian packages (emscripten, cmake, ninja, nlohmann-json3-dev) and npm ci\n' +
      '  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node\n' +
      '  cmake --build build/wasm\n' +
      'then run node web/build.mjs (or npm pack) again');
    process.exit(1);
  }
}

// Virtual imports: `cookiegate:glue` is the loader of the emscripten glue, which stays
// a file of its own (dist/cookiegate-core.js) imported when the core starts; the
// script-tag bundle's loader resolves it against the script's URL. `cookiegate:warm`
// compiles the core's functions in a Web Worker (src/wasm/warm.js) in the script tag's
// runtime only; elsewhere it is null. The UI is optional
// (the runtime works without it; the bundles include it when web/src/ui/ exists).
const virtual = (glueLoader, warms = false) => ({
  name: 'cookiegate-virtual',
  setup(b) {
    b.onResolve({ filter: /^cookiegate:glue$/ }, () => ({ path: join(web, 'src/wasm', glueLoader) }));
    b.onResolve({ filter: /^cookiegate:warm$/ }, () =>
      (warms ? { path: join(web, 'src/wasm/warm.js') } : { path: 'warm-stub', namespace: 'cookiegate' }));
    b.onLoad({ filter: /^warm-stub$/, namespace: 'cookiegate' }, () => ({
      contents: 'export const warm = null;', loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/cookiegate-core\.js$/ }, () => ({ path: './cookiegate-core.js', external: true }));
    b.onResolve({ filter: /^cookiegate:ui$/ }, () =>
      existsSync(ui) ? { path: ui } : { path: 'ui-stub', namespace: 'cookiegate' });
    b.onLoad({ filter: /^ui-stub$/, namespace: 'cookiegate' }, () => ({
      contents: 'export const mountUI = null;', loader: 'js',
    }));
  },
});

// Parts loaded on demand: the source import()s them as plain modules (what any other
// bundler build of web/src inlines); here each becomes a file of its own next to the
// entry. The npm entry keeps a relative import(), which bundlers such as Vite split
// into a chunk; the script-tag bundle resolves it against its own URL (as
// glue-script.js), through a stand-in module whose load() the source calls.
const CHUNKS = {
  'src/script-runtime.js': 'cookiegate-runtime.js',
  'src/ui/placeholder.js': 'cookiegate-placeholders.js',
  'src/ui/regional.js': 'cookiegate-regional.js',
  'src/ui/preferences.js': 'cookiegate-preferences.js',
  'src/receipts.js': 'cookiegate-receipts.js',
  'src/wasm/bridge.js': 'cookiegate-bridge.js',
};
const chunks = (script) => ({
  name: 'cookiegate-chunks',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const file = Object.entries(CHUNKS).find(([src]) => join(web, src) === join(args.resolveDir, args.path))?.[1];
      if (!file) return undefined;
      return script ? { path: file, namespace: 'cookiegate-chunk' } : { path: './' + file, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'cookiegate-chunk' }, (args) => ({
      contents: `export const load = () => import(new URL('./${args.path}', import.meta.url).href);`, loader: 'js',
    }));
  },
});

// The script tag's runtime chunk runs on the gate and Consent Mode functions of the
// head part, handed over at start (web/src/head-link.js), rather than on copies.
const FROM_HEAD = ['src/gate/hold.js', 'src/consent-mode.js'].map((f) => join(web, f));
const fromHead = {
  name: 'cookiegate-from-head',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => (FROM_HEAD.includes(join(args.resolveDir, args.path))
      ? { path: join(web, 'src/head-link.js') } : undefined));
  },
};

// The core build's id (./core-build-id.mjs), baked into the bundles. The minifiers
// name variables by how often each character occurs in the file, this id's 16 random
// ones included: so a new core alone renamed them and moved the JavaScript's brotli
// size by 5 to 33 B. They see a fixed stand-in; the id replaces it in what they wrote.
const coreBuild = coreBuildId(await readFile(wasm));
const BUILD_STAND_IN = 'CookieGateBuild0';

const common = {
  bundle: true,
  define: { __COOKIEGATE_CORE_BUILD__: JSON.stringify(BUILD_STAND_IN) },
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  plugins: [virtual('glue.js')],
  logLevel: 'warning',
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await mkdir(final, { recursive: true });

await Promise.all([
  build({
    ...common,
    entryPoints: [join(web, 'src/script.js')],
    outfile: join(dist, 'cookiegate.js'),
    format: 'iife',
    platform: 'browser',
    plugins: [virtual('glue-script.js'), chunks(true)],
    // The glue and index.js resolve the .wasm against import.meta.url; in a classic
    // script that is the script's own URL, captured while it runs.
    // Defined: the head part imports the runtime file next to it (web/src/script.js).
    define: { ...common.define, 'import.meta.url': 'scriptUrl', __COOKIEGATE_PRELOAD__: '"cookiegate-core.wasm"' },
    inject: [join(web, 'src/script-url.js')],
  }),
  build({
    ...common,
    entryPoints: [join(web, 'src/index.js')],
    outfile: join(dist, 'index.js'),
    format: 'esm',
    charset: 'utf8',  // as cookiegate-runtime.js; bundlers read modules as UTF-8
    platform: 'browser',
    plugins: [virtual('glue.js'), chunks(false)],
  }),
  ...Object.entries(CHUNKS).filter(([src]) => src !== 'src/script-runtime.js').map(([src, out]) => build({
    ...common,
    entryPoints: [join(web, src)],
    outfile: join(dist, out),
    format: 'esm',
    charset: 'utf8',
    platform: 'browser',
  })),
  // The script tag's runtime and banner: like the npm entry (the other chunks stay
  // files of their own), minus what the head part already holds.
  build({
    ...common,
    entryPoints: [join(web, 'src/script-runtime.js')],
    outfile: join(dist, 'cookiegate-runtime.js'),
    format: 'esm',
    // A module script is always decoded as UTF-8 (HTML, "fetch a single module
    // script"), so its Chinese texts ship as UTF-8, not as \uXXXX escapes: -0.12 KiB.
    charset: 'utf8',
    platform: 'browser',
    plugins: [virtual('glue.js', true), chunks(false), fromHead],
  }),
  // The worker that src/wasm/warm.js starts: the bridge and the glue it imports are the
  // files the page loads too (from the HTTP cache when the site lets them be cached).
  build({
    ...common,
    entryPoints: [join(web, 'src/wasm/warm-worker.js')],
    outfile: join(dist, 'cookiegate-warm.js'),
    format: 'esm',
    platform: 'browser',
    plugins: [virtual('glue.js'), {
      name: 'cookiegate-warm-bridge',
      setup(b) { b.onResolve({ filter: /^\.\/bridge\.js$/ }, () => ({ path: './cookiegate-bridge.js', external: true })); },
    }],
  }),
  build({
    ...common,
    minify: false,  // server code: readable stack traces beat bytes
    entryPoints: [join(web, 'src/server.js')],
    outfile: join(dist, 'server.js'),
    format: 'esm',
    platform: 'node',
    // The site installs the one driver it uses (optional peer dependencies).
    external: ['better-sqlite3', 'pg'],
  }),
  build({
    ...common,
    entryPoints: [join(web, 'src/react.js')],
    outfile: join(dist, 'react.js'),
    format: 'esm',
    platform: 'browser',
    // React is the app's (a peer dependency); ./index.js is the app's `cookiegate`
    // import, so hooks and app code share one runtime.
    external: ['react'],
    plugins: [{
      name: 'cookiegate-shared-entry',
      setup(b) { b.onResolve({ filter: /^\.\/index\.js$/ }, () => ({ path: './index.js', external: true })); },
    }],
  }),
  build({
    ...common,
    entryPoints: [join(web, 'src/consent-default.js')],
    outfile: join(dist, 'consent-default.js'),
    format: 'iife',
    platform: 'browser',
  }),
]);

const minGlue = await transform(await readFile(glue, 'utf8'), {
  minify: true, format: 'esm', target: 'es2020', legalComments: 'none',
});
await writeFile(join(dist, 'cookiegate-core.js'), minGlue.code);
await copyFile(wasm, join(dist, 'cookiegate-core.wasm'));
for (const t of await readdir(join(web, 'types'))) await copyFile(join(web, 'types', t), join(dist, t));
await copyFile(join(web, 'config.schema.json'), join(dist, 'config.schema.json'));

// esbuild bundles; terser then minifies what pages download once more: its compressor
// drops what esbuild's minifier keeps (above all the emscripten glue's unused paths):
// 1.5 KiB brotli of the script-tag route's 25.4 KiB of JavaScript when it was added.
// Server code stays readable. `module` for ESM files: their top-level names are private
// and may be mangled. A third pass took 18 B more off the runtime file (brotli), none
// off the head part.
const PAGE_FILES = { 'cookiegate.js': false, 'consent-default.js': false, 'index.js': true,
  'react.js': true, 'cookiegate-core.js': true, 'cookiegate-warm.js': true, ...Object.fromEntries(Object.values(CHUNKS).map((f) => [f, true])) };
await Promise.all(Object.entries(PAGE_FILES).map(async ([f, module]) => {
  const out = await minify(await readFile(join(dist, f), 'utf8'), {
    module, ecma: 2020, compress: { passes: 3 }, format: { comments: false },
  });
  await writeFile(join(dist, f), out.code);
}));
for (const f of await readdir(dist)) {
  if (!f.endsWith('.js')) continue;
  const code = await readFile(join(dist, f), 'utf8');
  if (code.includes(BUILD_STAND_IN)) await writeFile(join(dist, f), code.replaceAll(BUILD_STAND_IN, coreBuild));
}

const built = await readdir(dist);
for (const f of built) await rename(join(dist, f), join(final, f));
for (const f of await readdir(final)) if (!built.includes(f)) await rm(join(final, f), { recursive: true });
await rm(dist, { recursive: true, force: true });

const sizes = [];
for (const f of ['cookiegate.js', 'index.js', 'react.js', 'consent-default.js', ...Object.values(CHUNKS),
  'cookiegate-warm.js', 'cookiegate-core.js', 'cookiegate-core.wasm']) {
  const bytes = await readFile(join(final, f));
  sizes.push(`${f} ${bytes.length} B (brotli ${brotliCompressSync(bytes).length} B)`);
}
console.log(`web/dist built${existsSync(ui) ? ' with the UI' : ' without a UI (web/src/ui/ missing)'}:\n  ${sizes.join('\n  ')}`);
