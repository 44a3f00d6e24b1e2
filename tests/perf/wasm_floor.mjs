// How small the core's .wasm can get while it still does what every page must: read and
// validate the site's config and decide. Not run by tests/run_all.sh (four wasm builds and
// a relink: a few minutes with Emscripten's library cache filled, far longer on a busy
// machine); tests/perf/FINDINGS.md quotes its figures against the 24 KiB target.
//
//   node tests/perf/wasm_floor.mjs     (after npm ci: it reads modules with @webassemblyjs/wasm-parser)
//
// Builds, in a temporary copy of core/ and wasm/ with the same compiler and flags as
// the shipped module (the `wasm` CMake preset), a module whose bindings keep only
// `evaluate` (config read and validated, cookie decoded, decision, answer written: no
// choice, acknowledgement, change, region lookup, language negotiation, text keys or
// limits), and prints the brotli size (quality 11) of:
//   - the shipped module (web/dist, else build/wasm),
//   - that `evaluate`-only module,
//   - the same without the regional rules (tests/perf/wasm_floor_no_regions.patch,
//     applied to the copy: what a module split in two would leave for a config
//     without `regions`; every module below is built from this one),
//   - that module without the tree builder (core/strict_json.cpp's
//     builder replaced by a SAX handler that keeps nothing, the validators reading a
//     tree the optimizer cannot see into): the builder's share of the module, which
//     validating straight from nlohmann's SAX events into the config structs would
//     drop. Such a design would also drop the tree's readers, which stay here (the
//     validators still read a json_value), and add the code that sends each event to
//     its field in their place; it would keep the duplicate-key check, which goes here;
//   - each with the text of its error messages blanked out in place (every printable
//     run of 12 or more bytes that contains a space, zeroed: what stripping all
//     messages could save at most; the code that assembles them stays);
// and, for the module without the regional rules and the builder (built once more with every one of
// json_value's readers marked noinline, its lookups and the accessors its header defines,
// so that each read of the tree is a call, as far as the compiler goes: binaryen's own
// inliner, which runs after it, does not see the attribute; then linked with its function names kept and
// checked to have as many functions, calls and bytes of code, the callees' indices aside), what the tree's readers weigh in
// it: json_value's own functions (members, destructor, its vectors, result<json_value>,
// the lookups and their key search), and a wider set, every function whose name mentions
// json_value (the validators' helpers that take one among them); each set compressed
// alone. Then every call to one of the tree's own functions from the rest of the module,
// with the code that computes its arguments, and the module compressed with those calls
// and the tree's own functions cut out, also with its messages blanked. What a design validating from SAX events would
// put in their place (code sending each event to its field) is not in it; nor are the
// validators' loops over an object's keys or an array's items, whose counterpart in such
// a design is that same dispatch.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { decode } from '@webassemblyjs/wasm-parser';

// Not the browser harness's repoRoot: importing it loads playwright-core, which nothing
// here uses.
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const brotli = (buf) => brotliCompressSync(buf, { params: {
  [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

// The module read with @webassemblyjs/wasm-parser: every function in index order (imports
// first, as calls number them), each with its parameter and result counts; defined ones
// also with their name (from the "name" custom section where there is one), the byte
// range of their body in `buf` and its instructions (each with its byte range). And the
// byte range of the "name" section, so that figures can leave it out.
function readModule(buf) {
  const mod = decode(buf, { ignoreDataSection: true }).body[0];
  // Length of the LEB128 number at `at`: a section's size, a function body's size.
  const sizeLength = (at) => { let n = 1; while (buf[at + n - 1] & 0x80) n++; return n; };
  const arity = (signature) => ({ params: signature.params.length, results: signature.results.length });
  const fns = [];
  for (const f of mod.fields) {
    if (f.type === 'ModuleImport' && f.descr.type === 'FuncImportDescr') fns.push({ imported: true, ...arity(f.descr.signature) });
  }
  for (const f of mod.fields) {
    if (f.type !== 'Func') continue;
    // `start` is where the body's size is written, `bodyStart` where the body begins.
    const start = f.loc.start.column;
    fns.push({ name: f.name.value, ...arity(f.signature), start, bodyStart: start + sizeLength(start), end: f.loc.end.column,
      body: f.body });
  }
  // A section's id byte comes just before the offset the parser gives, its size at it; a
  // custom section's content starts with its name.
  const name = mod.metadata.sections.filter((s) => s.section === 'custom').map((s) => {
    const content = s.startOffset + sizeLength(s.startOffset);
    return { range: [s.startOffset - 1, content + s.size.value], content };
  }).find(({ content }) => buf.toString('utf8', content + 1, content + 1 + buf[content]) === 'name');
  return { fns, defined: fns.filter((f) => !f.imported), types: mod.fields.filter((f) => f.type === 'TypeInstruction'),
    nameSection: name ? name.range : [0, 0] };
}

// A call's function index (a module with names gives the name as its index, the number
// beside it).
const callee = (call) => (call.numeric ?? call.index).value;

// How many values an instruction takes from the stack and leaves on it (WebAssembly
// core spec, instruction typing; webassemblyjs's names), or null for one that ends its
// block's straight-line code (a branch, return, unreachable).
function stackEffect(node, module) {
  const id = node.object ? `${node.object}.${node.id}` : node.id;
  if (node.type === 'CallInstruction') {
    const target = module.fns[callee(node)];
    if (!target) throw new Error(`call to function ${callee(node)}, which the module lacks`);
    return [target.params, target.results];
  }
  if (node.type === 'CallIndirectInstruction') {
    const s = node.signature.type === 'Signature' ? node.signature : module.types[node.signature.value]?.functype;
    if (!s) throw new Error('call_indirect whose type could not be read');
    return [s.params.length + 1, s.results.length];
  }
  if (['BlockInstruction', 'LoopInstruction', 'IfInstruction'].includes(node.type)) {
    // A value type, or null for none (webassemblyjs names it `resulttype` on a loop); a
    // block typed by a type index (multi-value) comes as that index.
    const result = node.result ?? node.resulttype;
    if (typeof result === 'number') throw new Error('a block typed by a type index: its results are not read here');
    return [node.type === 'IfInstruction' ? 1 : 0, result ? 1 : 0];
  }
  if (['br', 'br_table', 'return', 'unreachable', 'end'].includes(id)) return null;
  if (['get_local', 'get_global', 'current_memory'].includes(id) || id.endsWith('.const')) return [0, 1];
  if (['set_local', 'set_global', 'drop', 'br_if'].includes(id)) return [1, 0];
  if (['tee_local', 'grow_memory'].includes(id)) return [1, 1];
  if (id === 'select') return [3, 1];
  if (id === 'nop') return [0, 0];
  const op = node.id;
  if (/^load/.test(op)) return [1, 1];
  if (/^store/.test(op)) return [2, 0];
  if (/\/|^(eqz|clz|ctz|popcnt|abs|neg|ceil|floor|trunc|nearest|sqrt|extend(8|16|32)_s)$/.test(op)) return [1, 1];
  if (/^(add|sub|mul|div(_[su])?|rem_[su]|and|or|xor|shl|shr_[su]|rotl|rotr|eq|ne|[lg][te](_[su])?|min|max|copysign)$/.test(op)) return [2, 1];
  throw new Error(`no stack effect known for ${node.type} ${id}`);
}

// Where an instruction starts: webassemblyjs starts a block's, loop's, if's and
// call_indirect's range after its opcode byte.
const startOf = (node) => node.loc.start.column
  - (['BlockInstruction', 'LoopInstruction', 'IfInstruction', 'CallIndirectInstruction'].includes(node.type) ? 1 : 0);

// Every call from a function outside `callees` to one inside it, as the byte range of the
// call and of the instructions that compute its arguments: walking back from the call,
// each instruction's results pay for what is still owed, its own operands are owed in
// turn, until every argument is paid for. A walk that meets the start of its block, an
// instruction that ends straight-line code, or one that leaves more values than are
// still owed stops there, with fewer bytes than the arguments take (counted as
// `partial`). Each site also names its caller and callee.
function callSites(module, callees) {
  const sites = []; let partial = 0; let caller;
  const visit = (list) => {
    list.forEach((node, i) => {
      for (const key of ['instr', 'consequent', 'alternate']) if (Array.isArray(node[key])) visit(node[key]);
      if (node.type !== 'CallInstruction' || !callees.has(callee(node))) return;
      let owed = module.fns[callee(node)].params; let from = startOf(node);
      for (let j = i - 1; owed > 0; j--) {
        const effect = j >= 0 && list[j].id !== 'local' ? stackEffect(list[j], module) : null;
        if (!effect || effect[1] > owed) { partial++; break; }
        owed += effect[0] - effect[1];
        from = startOf(list[j]);
      }
      sites.push(Object.assign([from, node.loc.end.column], { caller, callee: module.fns[callee(node)] }));
    });
  };
  for (const f of module.defined) if (!callees.has(module.fns.indexOf(f))) { caller = f; visit(f.body); }
  return { sites, partial };
}

// The byte ranges given, overlapping ones merged (a call among another's arguments).
function merged(ranges) {
  const out = [];
  for (const [from, to] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && from < last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

// `buf` without the byte ranges given.
function without(buf, ranges) {
  const parts = []; let at = 0;
  for (const [from, to] of merged(ranges)) { parts.push(buf.subarray(at, from)); at = to; }
  parts.push(buf.subarray(at));
  return Buffer.concat(parts);
}

// `buf` with its messages' text zeroed in place (every printable run of 12 or more bytes
// that contains a space), except runs that start inside a `skip` range; and how many
// bytes were zeroed.
function blankMessages(buf, skip = []) {
  const out = Buffer.from(buf);
  let blanked = 0;
  for (const m of buf.toString('latin1').matchAll(/[\x20-\x7e]{12,}/g)) {
    if (!m[0].includes(' ') || skip.some(([from, to]) => m.index >= from && m.index < to)) continue;
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

  // The same without the regional rules, as a module split in two would give a config
  // without `regions` (tests/perf/wasm_floor_no_regions.patch: the `regions` field's
  // validation, region selectors, the opt-out, notice and pipl models, cookie format 2,
  // the regional answer; a config with `regions` is refused instead). Every module
  // below is built from this one, so the last figure is the bound itself.
  process.stderr.write('building it again without the regional rules…\n');
  try {
    // A temporary folder inside some work tree would otherwise make git apply the patch
    // relative to that tree, that is, to nothing here; git stops its search at a
    // ceiling that is a parent of the folder.
    execFileSync('git', ['apply', join(repoRoot, 'tests/perf/wasm_floor_no_regions.patch')],
      { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(work) } });
  } catch (e) {
    throw new Error(`tests/perf/wasm_floor_no_regions.patch did not apply to core/ (${String(e.stderr || e.message).trim()}): `
      + 'remake it against this core (tests/perf/FINDINGS.md says what it strips)');
  }
  if (existsSync(join(work, 'core/profile.hpp'))) throw new Error('tests/perf/wasm_floor_no_regions.patch was not applied');
  run(['--build', '--preset', 'wasm', '-j2']);
  const withoutRegions = readFileSync(built);
  if (withoutRegions.equals(evaluateOnly)) throw new Error('the module without the regional rules is the module with them');

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

  // The same once more with every one of json_value's readers kept out of line: its two
  // lookups (operator[] and contains, the key search inside them) and the accessors its
  // header defines inline (kind, boolean, numbers, string, items, keys, size). Each read
  // of the tree in the validators is then a call, whose site can be measured, rather
  // than code inlined into them, which cannot.
  let outOfLineSource = readFileSync(strictJson, 'utf8');
  for (const lookup of ['bool json_value::contains(', 'const json_value& json_value::operator[](']) {
    if (!outOfLineSource.includes(lookup)) throw new Error(`core/strict_json.cpp no longer defines ${lookup}…)`);
    outOfLineSource = outOfLineSource.replace(lookup, () => `__attribute__((noinline)) ${lookup}`);
  }
  const header = join(work, 'core/strict_json.hpp');
  const accessor = /^( {2})(?=[\w:<>&, ]+ \w+\(\) const noexcept \{)/gm;
  const headerSource = readFileSync(header, 'utf8');
  const accessors = headerSource.match(accessor)?.length ?? 0;
  if (accessors < 10) throw new Error(`core/strict_json.hpp: ${accessors} inline accessors found where this script expects json_value's`);
  writeFileSync(header, headerSource.replace(accessor, '$1__attribute__((noinline)) '));
  writeFileSync(strictJson, outOfLineSource);
  process.stderr.write(`building it again with its lookups and ${accessors} accessors out of line…\n`);
  run(['--build', '--preset', 'wasm', '-j2']);
  const outOfLine = readFileSync(built);

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
  const namedBuf = readFileSync(built);
  const named = readModule(namedBuf);
  const plain = readModule(outOfLine);
  const codeBytes = (m) => m.defined.reduce((n, f) => n + f.end - f.bodyStart, 0);
  // The same code: as many functions, as many calls, and as many bytes of bodies once
  // the callees' indices are left out. Not compared body by body: the two links order
  // the functions differently, and a call names its callee by its index (LEB128: one
  // byte below 128, two below 16384), so its length can differ between them.
  const calls = (m) => {
    let n = 0; let indexBytes = 0;
    const visit = (list) => {
      for (const node of list) {
        for (const key of ['instr', 'consequent', 'alternate']) if (Array.isArray(node[key])) visit(node[key]);
        if (node.type !== 'CallInstruction') continue;
        n++;
        for (let i = callee(node); ; i >>>= 7) { indexBytes++; if (i < 128) break; }
      }
    };
    for (const f of m.defined) visit(f.body);
    return { n, code: codeBytes(m) - indexBytes };
  };
  const [a, b] = [calls(named), calls(plain)];
  if (named.defined.length !== plain.defined.length || a.n !== b.n || a.code !== b.code) {
    throw new Error(`with names kept: ${named.defined.length} functions, ${a.n} calls, ${a.code} B of bodies without the`
      + ` callees' indices; without: ${plain.defined.length}, ${b.n}, ${b.code} B: not the same code`);
  }
  if (!named.defined.some((f) => f.name.includes('::'))) throw new Error('no demangled function names were kept');

  const rows = [];
  for (const [what, buf] of [['shipped module', readFileSync(shipped)], ['only `evaluate` bound', evaluateOnly],
    ['only `evaluate` bound, without the regional rules', withoutRegions],
    ['the same, without the tree builder', withoutBuilder],
    [`the same, its readers out of line${outOfLine.equals(withoutBuilder) ? ' (byte for byte the module above)' : ''}`, outOfLine]]) {
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
  // variant, its lookups), and the key search behind the lookups. And a wider set: every
  // function whose name mentions json_value, the validators' helpers that take one among
  // them, which a design without the tree would still need in some form. Each set is
  // compressed alone (its bodies together), which gives a part more than its share of
  // the whole.
  const qualified = (f) => f.name.replaceAll('(anonymous namespace)', '').split('(')[0];
  const own = (f) => !f.imported && /json_value|find_key/.test(qualified(f));
  const body = (f) => namedBuf.subarray(f.bodyStart, f.end);
  const parts = [['the tree\'s own functions', named.defined.filter(own)],
    ['every function whose name mentions json_value', named.defined.filter((f) => f.name.includes('json_value'))]];
  console.log('\nIn the `evaluate`-only module without the regional rules and the tree builder, its readers out of line (function bodies: '
    + `${codeBytes(named)} B in ${named.defined.length} functions):`);
  const short = (name) => (name.length > 120 ? `${name.slice(0, 70)}…${name.slice(-49)}` : name);
  for (const [what, fs] of parts) {
    const bodies = Buffer.concat(fs.map(body));
    console.log(`  ${what}: ${fs.length} functions, ${bodies.length} B, ${bodies.length ? brotli(bodies) : 0} B brotli alone`);
    for (const f of [...fs].sort((x, y) => (y.end - y.bodyStart) - (x.end - x.bodyStart))) {
      console.log(`    ${String(f.end - f.bodyStart).padStart(6)} B  ${own(f) ? '' : '(not own) '}${short(f.name)}`);
    }
  }

  // What validating from SAX events could take out of this module, its dispatch aside: the
  // tree's own functions and every call to them (each read's call and the code computing
  // its arguments), with nothing put in their place, although sending each event to its
  // field takes code of its own (and stands for the loops over keys and items, which
  // stay). The module is compressed with those bytes cut out of it (no
  // longer a valid module, but what brotli is given is the rest of it, in order), and with
  // the "name" section cut out too, which the module as shipped does not have.
  const ownIndices = new Set(named.fns.flatMap((f, i) => (own(f) ? [i] : [])));
  const { sites, partial } = callSites(named, ownIndices);
  const siteBytes = merged(sites).reduce((n, [from, to]) => n + to - from, 0);
  const whole = brotli(without(namedBuf, [named.nameSection]));
  const cutRanges = [named.nameSection, ...named.defined.filter(own).map((f) => [f.start, f.end]), ...sites];
  const cut = brotli(without(namedBuf, cutRanges));
  // Blanking zeroes bytes in place, so the same ranges cut the same code out of it.
  const cutBlank = blankMessages(namedBuf, [named.nameSection]);
  const cutAndBlanked = brotli(without(cutBlank.buf, cutRanges));
  console.log(`  calls to the tree's own functions from the rest: ${sites.length}, ${siteBytes} B with the code computing their`
    + ` arguments${partial ? ` (${partial} of them with only part of it: the walk back stopped early)` : ''}`);
  // By callee and caller: binaryen merges functions whose bodies are the same, and a
  // reader merged with another function under the reader's name would draw that
  // function's calls into the cut, from callers that read no JSON.
  for (const f of new Set(sites.map((site) => site.callee))) {
    const to = sites.filter((site) => site.callee === f);
    const callers = new Map();
    for (const site of to) callers.set(site.caller, (callers.get(site.caller) ?? 0) + 1);
    console.log(`    ${String(to.length).padStart(4)} calls to ${short(f.name)}, from:`);
    for (const [caller, n] of callers) console.log(`      ${String(n).padStart(4)}  ${short(caller.name)}`);
  }
  console.log(`  the module (its name section left out): ${kib(whole)} KiB (${whole} B); with the tree's own functions and`
    + ` those calls cut out: ${kib(cut)} KiB (${cut} B), ${whole - cut} B less; the same with its messages blanked`
    + ` (${cutBlank.blanked} B of text): ${kib(cutAndBlanked)} KiB (${cutAndBlanked} B)`);
  console.log('\ntarget: the .wasm ≤ 24 KiB brotli');
} finally {
  rmSync(work, { recursive: true, force: true });
}
