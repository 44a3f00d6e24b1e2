// How small the core's .wasm can get while it still does what every page must: read and
// validate the site's config and decide. Not run by tests/run_all.sh (two wasm builds and
// a relink: a minute with Emscripten's library cache filled, up to five on a busy machine);
// README "Performance" quotes its figures against the 24 KiB target.
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
//   - the `evaluate`-only module without the tree builder (core/strict_json.cpp's
//     builder replaced by a SAX handler that keeps nothing, the validators reading a
//     tree the optimizer cannot see into): the builder's share of the module, which
//     validating straight from nlohmann's SAX events into the config structs would
//     drop. Such a design would also drop the tree's readers, which stay here (the
//     validators still read a json_value), and add the code that sends each event to
//     its field in their place; it would keep the duplicate-key check, which goes here;
//   - each with the text of its error messages blanked out in place (every printable
//     run of 12 or more bytes that contains a space, zeroed: what stripping all
//     messages could save at most; the code that assembles them stays);
// and, for the module without the builder (linked once more with its function names
// kept, checked to have as many functions and bytes of code), what the tree's readers
// weigh in it: json_value's own functions (members, destructor, its vectors, result<json_value>,
// the key search), and a wider set, every function whose name mentions json_value (the
// validators' helpers that take one among them); each set compressed alone. Reader code
// inlined into the validators is in neither.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

// Not the browser harness's repoRoot: importing it needs npm ci (playwright-core),
// which nothing here uses.
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const brotli = (buf) => brotliCompressSync(buf, { params: {
  [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

// The module's defined functions: [{name, body}] from the code section, named from the
// "name" custom section where it has one (WebAssembly core spec, binary format §5.5 and
// the name section appendix).
function functions(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100 || buf.readUInt32LE(4) !== 1) throw new Error('not a WebAssembly module (version 1)');
  let at = 8;
  const u32 = () => {
    let v = 0; let shift = 0; let b;
    do { b = buf[at++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return v;
  };
  const text = () => { const n = u32(); const t = buf.toString('utf8', at, at + n); at += n; return t; };
  let imported = 0; const names = new Map(); const bodies = [];
  while (at < buf.length) {
    const id = buf[at++]; const size = u32(); const end = at + size;
    if (id === 2) {  // imports: functions among them take the first indices
      for (let n = u32(); n > 0; n--) {
        text(); text();
        const kind = buf[at++];
        if (kind === 0) { u32(); imported++; }
        else if (kind === 1) { at++; const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 3) { at += 2; }
        else if (kind === 4) { at++; u32(); }
        else throw new Error(`import kind ${kind}`);
      }
      if (at !== end) throw new Error('the import section was not read as written');
    } else if (id === 10) {
      for (let n = u32(); n > 0; n--) { const len = u32(); bodies.push(buf.subarray(at, at + len)); at += len; }
    } else if (id === 0 && text() === 'name') {
      while (at < end) {
        const sub = buf[at++]; const subEnd = at + u32();
        if (sub === 1) for (let n = u32(); n > 0; n--) { const index = u32(); names.set(index, text()); }
        at = subEnd;
      }
    }
    at = end;
  }
  // Misread imports would shift every name by their count: checked against the engine's own reading.
  if (imported !== WebAssembly.Module.imports(new WebAssembly.Module(buf)).filter((i) => i.kind === 'function').length) {
    throw new Error('function imports miscounted');
  }
  return bodies.map((body, i) => ({ name: names.get(imported + i) ?? '', body }));
}

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
  const built = join(work, 'build/wasm/wasm/cookiegate-core.wasm');
  process.stderr.write('building the evaluate-only module…\n');
  run(['--preset', 'wasm']);
  run(['--build', '--preset', 'wasm', '-j2']);
  const evaluateOnly = readFileSync(built);

  // The same without the tree builder: a SAX handler that accepts every event and keeps
  // nothing. The validators then read a value behind a volatile pointer, so that the
  // optimizer cannot fold them away as it could for an empty tree it can see.
  const strictJson = join(work, 'core/strict_json.cpp');
  const strictJsonSource = readFileSync(strictJson, 'utf8');
  const builds = '  json_value root;\n  json_tree_builder builder(root);\n'
    + '  const bool parsed = sax_driver<json_tree_builder>(text, builder).parse();\n';
  const driverEnd = '}  // namespace\n\nresult<json_value> parse_strict_json';
  if (!strictJsonSource.includes(builds) || !strictJsonSource.includes(driverEnd)) {
    throw new Error('core/strict_json.cpp no longer builds its tree the way this script expects');
  }
  const keepsNothing = ['null()', 'boolean(bool)', 'number_integer(nlohmann::json::number_integer_t)',
    'number_unsigned(nlohmann::json::number_unsigned_t)', 'number_float(nlohmann::json::number_float_t, const std::string&)',
    'string(std::string&)', 'start_object(std::size_t)', 'key(std::string&)', 'end_object()',
    'start_array(std::size_t)', 'end_array()'].map((m) => `  bool ${m} { return true; }\n`).join('');
  // `duplicate` is there only because parse_strict_json reads it; nothing sets it.
  writeFileSync(strictJson, strictJsonSource
    .replace(driverEnd, () => 'struct keeps_nothing {\n  std::optional<std::string> duplicate;\n' + keepsNothing
      + '  bool binary(nlohmann::json::binary_t&) { return false; }\n};\n\n' + driverEnd)
    .replace(builds, () => '  static json_value opaque;\n  json_value* volatile where = &opaque;\n'
      + '  keeps_nothing builder;\n  const bool parsed = sax_driver<keeps_nothing>(text, builder).parse();\n'
      + '  json_value root = std::move(*where);\n'));
  process.stderr.write('building it again without the tree builder…\n');
  run(['--build', '--preset', 'wasm', '-j2']);
  const withoutBuilder = readFileSync(built);

  // What the tree's readers weigh in it: the same module linked again with its function
  // names kept (--profiling-funcs, and -g on the extra binaryen pass so that it keeps
  // them), each function's body measured in the code section. Its code must be the same
  // size as the module measured above, or the figures would belong to another module.
  const cmake = join(work, 'wasm/CMakeLists.txt');
  const cmakeSource = readFileSync(cmake, 'utf8');
  const pass = 'COMMAND ${COOKIEGATE_WASM_OPT} --flatten';
  const linkEnd = '  -sMAXIMUM_MEMORY=64MB\n';
  if (!cmakeSource.includes(pass) || !cmakeSource.includes(linkEnd)) {
    throw new Error('wasm/CMakeLists.txt no longer links the way this script expects');
  }
  writeFileSync(cmake, cmakeSource.replace(pass, () => `${pass.replace(' --flatten', '')} -g --flatten`)
    .replace(linkEnd, () => `${linkEnd}  --profiling-funcs\n`));
  process.stderr.write('linking it again with function names…\n');
  run(['--preset', 'wasm']);
  run(['--build', '--preset', 'wasm', '-j2']);
  const named = functions(readFileSync(built));
  const plain = functions(withoutBuilder);
  const codeBytes = (fs) => fs.reduce((n, f) => n + f.body.length, 0);
  // The same code: as many functions and as many bytes of bodies. Not compared body by
  // body: the two links order the functions differently, and a call names its callee by
  // its index (one to three bytes), so single bodies differ by a byte or so.
  if (named.length !== plain.length || codeBytes(named) !== codeBytes(plain)) {
    throw new Error(`with names kept: ${named.length} functions, ${codeBytes(named)} B of bodies; without: `
      + `${plain.length}, ${codeBytes(plain)} B: not the same code`);
  }
  if (!named.some((f) => f.name.includes('::'))) throw new Error('no demangled function names were kept');

  const rows = [];
  for (const [what, buf] of [['shipped module', readFileSync(shipped)], ['only `evaluate` bound', evaluateOnly],
    ['only `evaluate` bound, without the tree builder', withoutBuilder]]) {
    const blank = blankMessages(buf);
    rows.push([what, buf.length, brotli(buf), blank.blanked, brotli(blank.buf)]);
  }
  const kib = (b) => (b / 1024).toFixed(1);
  console.log('| module | bytes | brotli | message text | brotli, messages blanked |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [what, raw, br, blanked, brBlank] of rows) {
    console.log(`| ${what} | ${raw} B | ${kib(br)} KiB (${br} B) | ${blanked} B | ${kib(brBlank)} KiB (${brBlank} B) |`);
  }
  // The tree's own functions: those whose qualified name (before its parameters) is
  // json_value's or has it as a template argument (its vectors, result<json_value>'s
  // variant), and the key search behind its lookups. And a wider set: every function
  // whose name mentions json_value, the validators' helpers that take one among them,
  // which a design without the tree would still need in some form. Only functions that
  // survived inlining have names: reader code inlined into the validators (the lookups
  // at each call site, which dispatching events to fields would replace) is in neither.
  // Each set is compressed alone (its bodies together), which gives a part more than
  // its share of the whole.
  const qualified = (f) => f.name.replaceAll('(anonymous namespace)', '').split('(')[0];
  const own = (f) => /json_value|find_key/.test(qualified(f));
  const parts = [['the tree\'s own functions', named.filter(own)],
    ['every function whose name mentions json_value', named.filter((f) => f.name.includes('json_value'))]];
  console.log('\nIn the `evaluate`-only module without the tree builder (function bodies: '
    + `${codeBytes(named)} B in ${named.length} functions):`);
  const short = (name) => (name.length > 120 ? `${name.slice(0, 70)}…${name.slice(-49)}` : name);
  for (const [what, fs] of parts) {
    const bodies = Buffer.concat(fs.map((f) => f.body));
    console.log(`  ${what}: ${fs.length} functions, ${bodies.length} B, ${bodies.length ? brotli(bodies) : 0} B brotli alone`);
    for (const f of [...fs].sort((x, y) => y.body.length - x.body.length)) {
      console.log(`    ${String(f.body.length).padStart(6)} B  ${own(f) ? '' : '(not own) '}${short(f.name)}`);
    }
  }
  console.log('\ntarget: the .wasm ≤ 24 KiB brotli');
} finally {
  rmSync(work, { recursive: true, force: true });
}
