// Builds web/dist/ from web/src/ and the wasm build (run `node web/build.mjs` after
// `cmake --build build/wasm`):
//   cookiegate.js          script-tag bundle (IIFE, global CookieGate, minified)
//   index.js               npm browser entry (ESM)
//   node.js                npm node entry (ESM)
//   cookiegate-core.wasm   the core; every entry finds it next to itself
//   cookiegate-core.mjs    the emscripten glue, for the node entry's import
//   index.d.ts, node.d.ts  the hand-written types
// COOKIEGATE_WASM_DIR overrides where the wasm build is (default build/wasm/wasm).
import { build, transform } from 'esbuild';
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const final = join(web, 'dist');
// Built aside, then each file renamed into place: a page or test reading dist/
// meanwhile never sees a missing or half-written file.
const dist = join(web, `.dist-${process.pid}`);
process.on('exit', () => rmSync(dist, { recursive: true, force: true }));
const wasmDir = resolve(root, process.env.COOKIEGATE_WASM_DIR || 'build/wasm/wasm');
const glue = join(wasmDir, 'cookiegate-core.mjs');
const wasm = join(wasmDir, 'cookiegate-core.wasm');
const ui = join(web, 'src/ui/index.js');

for (const f of [glue, wasm]) {
  if (!existsSync(f)) {
    console.error(`missing ${f}: build the wasm module first (cmake --build build/wasm)`);
    process.exit(1);
  }
}

// Two virtual imports: the glue lives in the build tree, and the UI is optional
// (the runtime works without it; the bundles include it when web/src/ui/ exists).
const virtual = {
  name: 'cookiegate-virtual',
  setup(b) {
    b.onResolve({ filter: /^cookiegate:glue$/ }, () => ({ path: glue }));
    b.onResolve({ filter: /^cookiegate:ui$/ }, () =>
      existsSync(ui) ? { path: ui } : { path: 'ui-stub', namespace: 'cookiegate' });
    b.onLoad({ filter: /^ui-stub$/, namespace: 'cookiegate' }, () => ({
      contents: 'export const mountUI = null;', loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  plugins: [virtual],
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
    // The glue and index.js resolve the .wasm against import.meta.url; in a classic
    // script that is the script's own URL, captured while it runs.
    define: { 'import.meta.url': 'scriptUrl' },
    inject: [join(web, 'src/script-url.js')],
  }),
  build({
    ...common,
    entryPoints: [join(web, 'src/index.js')],
    outfile: join(dist, 'index.js'),
    format: 'esm',
    platform: 'browser',
  }),
  build({
    ...common,
    minify: false,  // server code: readable stack traces beat bytes
    entryPoints: [join(web, 'src/node.js')],
    outfile: join(dist, 'node.js'),
    format: 'esm',
    platform: 'node',
    // The node entry imports the glue at run time from next to itself.
    external: ['./cookiegate-core.mjs'],
  }),
]);

const minGlue = await transform(await readFile(glue, 'utf8'), {
  minify: true, format: 'esm', target: 'es2020', legalComments: 'none',
});
await writeFile(join(dist, 'cookiegate-core.mjs'), minGlue.code);
await copyFile(wasm, join(dist, 'cookiegate-core.wasm'));
for (const t of ['index.d.ts', 'node.d.ts']) await copyFile(join(web, 'types', t), join(dist, t));

const built = await readdir(dist);
for (const f of built) await rename(join(dist, f), join(final, f));
for (const f of await readdir(final)) if (!built.includes(f)) await rm(join(final, f), { recursive: true });
await rm(dist, { recursive: true, force: true });

const sizes = [];
for (const f of ['cookiegate.js', 'index.js', 'cookiegate-core.wasm']) {
  const bytes = await readFile(join(final, f));
  sizes.push(`${f} ${bytes.length} B (brotli ${brotliCompressSync(bytes).length} B)`);
}
console.log(`web/dist built${existsSync(ui) ? ' with the UI' : ' without a UI (web/src/ui/ missing)'}:\n  ${sizes.join('\n  ')}`);
