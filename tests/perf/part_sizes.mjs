// What single parts of the page's JavaScript weigh alone: each bundled by itself with
// esbuild as an ES module and minified with web/build.mjs's terser options for ES
// modules, then brotli (quality 11). Not run by tests/run_all.sh; tests/perf/FINDINGS.md
// adds these parts up against the 40 KiB target (and sets the hold half against the head
// part's 2 KiB).
//
//   node tests/perf/part_sizes.mjs     (after npm ci)
//
// A part's imports that belong to another part counted here (the release half uses the
// hold half's helpers) are left out of it. A part alone weighs a little more than its
// share of the file it ships in: its exports keep their names, and it is compressed
// without the rest of that file (the hold half ships in cookiegate.js, a classic script).
import { build } from 'esbuild';
import { minify } from 'terser';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const parts = [
  ['the hold half of the gate (every DOM path a tag can load through)', 'web/src/gate/hold.js', []],
  ['the release half of the gate (URL patterns, frames, inline scripts, document.write)', 'web/src/gate/release.js',
    ['./hold.js', './names.js']],
  ['the Consent Mode default and updates (Google Consent Mode v2)', 'web/src/consent-mode.js', []],
];

console.log('| part | source | minified | brotli |');
console.log('|---|---|---:|---:|');
for (const [what, entry, elsewhere] of parts) {
  const bundled = await build({
    entryPoints: [join(repoRoot, entry)], bundle: true, format: 'esm', target: 'es2020', minify: true, write: false,
    plugins: [{ name: 'elsewhere', setup(b) {
      b.onResolve({ filter: /.*/ }, (a) => (elsewhere.includes(a.path) ? { path: a.path, external: true } : undefined));
    } }],
  });
  // web/build.mjs's options for an ES module a page downloads.
  const { code } = await minify(bundled.outputFiles[0].text, {
    module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
  const br = brotliCompressSync(Buffer.from(code), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`| ${what} | ${entry} | ${code.length} B | ${(br / 1024).toFixed(2)} KiB (${br} B) |`);
}
