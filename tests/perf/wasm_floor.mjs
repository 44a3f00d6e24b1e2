// How small the core's .wasm can get while it still does what every page must: read and
// validate the site's config and decide. Not run by tests/run_all.sh (two wasm builds,
// about a minute); README "Performance" quotes its figures against the 24 KiB target.
//
//   node tests/perf/wasm_floor.mjs
//
// Builds, in a temporary copy of core/ and wasm/ with the same compiler and flags as
// the shipped module (the `wasm` CMake preset), a module whose bindings keep only
// `evaluate` (config read and validated, cookie decoded, decision, answer written: no
// choice, acknowledgement, change, region lookup, language negotiation, text keys or
// limits), and prints the brotli size (quality 11) of:
//   - the shipped module (web/dist, else build/wasm),
//   - that `evaluate`-only module,
//   - each of the two with the text of its error messages blanked out in place (every
//     printable run of 12 or more bytes that contains a space, zeroed: what stripping
//     all messages could save at most; the code that assembles them stays).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { repoRoot } from '../browser/harness.mjs';

const brotli = (buf) => brotliCompressSync(buf, { params: {
  [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

function blankMessages(buf) {
  const out = Buffer.from(buf);
  let blanked = 0;
  for (const m of buf.toString('latin1').matchAll(/[\x20-\x7e]{12,}/g)) {
    if (!m[0].includes(' ')) continue;
    out.fill(0, m.index, m.index + m[0].length);
    blanked += m[0].length;
  }
  return { buf: out, blanked };
}

const shipped = [join(repoRoot, 'web/dist/cookiegate-core.wasm'), join(repoRoot, 'build/wasm/wasm/cookiegate-core.wasm')]
  .find((f) => existsSync(f));
if (!shipped) {
  console.error('no cookiegate-core.wasm: run cmake --preset wasm && cmake --build --preset wasm');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'cookiegate-wasm-floor-'));
try {
  for (const part of ['CMakeLists.txt', 'CMakePresets.json', 'core', 'wasm']) {
    cpSync(join(repoRoot, part), join(work, part), { recursive: true });
  }
  const bindings = join(work, 'wasm/bindings.cpp');
  const source = readFileSync(bindings, 'utf8');
  const at = source.indexOf('EMSCRIPTEN_BINDINGS');
  const kept = source.slice(at).split('\n')
    .filter((line) => !line.includes('emscripten::function(') || line.includes('"evaluate"'));
  if (kept.filter((line) => line.includes('emscripten::function(')).length !== 1) {
    throw new Error('wasm/bindings.cpp no longer binds "evaluate" the way this script expects');
  }
  writeFileSync(bindings, source.slice(0, at) + kept.join('\n'));
  const run = (args) => execFileSync('cmake', args, { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  process.stderr.write('building the evaluate-only module…\n');
  run(['--preset', 'wasm']);
  run(['--build', '--preset', 'wasm', '-j2']);

  const rows = [];
  for (const [what, file] of [['shipped module', shipped], ['only `evaluate` bound', join(work, 'build/wasm/wasm/cookiegate-core.wasm')]]) {
    const buf = readFileSync(file);
    const blank = blankMessages(buf);
    rows.push([what, buf.length, brotli(buf), blank.blanked, brotli(blank.buf)]);
  }
  const kib = (b) => (b / 1024).toFixed(1);
  console.log('| module | bytes | brotli | message text | brotli, messages blanked |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [what, raw, br, blanked, brBlank] of rows) {
    console.log(`| ${what} | ${raw} B | ${kib(br)} KiB (${br} B) | ${blanked} B | ${kib(brBlank)} KiB (${brBlank} B) |`);
  }
  console.log('\ntarget: the .wasm ≤ 24 KiB brotli');
} finally {
  rmSync(work, { recursive: true, force: true });
}
