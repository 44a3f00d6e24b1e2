// The npm package as users get it: `npm pack --dry-run` must contain every file the
// package.json "exports" map points at, and nothing from the build tree or tests.
// (--ignore-scripts: the test command has just built web/dist; prepack would again.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], {
  cwd: new URL('../..', import.meta.url),
  encoding: 'utf8',
});
const files = new Set(JSON.parse(out)[0].files.map((f) => f.path));

const targets = [];
(function collect(node) {
  if (typeof node === 'string') targets.push(node.replace(/^\.\//, ''));
  else if (node && typeof node === 'object') Object.values(node).forEach(collect);
})(pkg.exports);

const problems = [];
if (!pkg.exports) problems.push('package.json has no "exports" map');
for (const t of targets) if (!files.has(t)) problems.push(`exports points at ${t}, which the package does not contain`);
for (const b of Object.values(pkg.bin || {}))
  if (!files.has(b.replace(/^\.\//, ''))) problems.push(`bin points at ${b}, which the package does not contain`);
for (const f of files)
  if (/^(build|tests|core|wasm|demo|node_modules)\//.test(f)) problems.push(`the package contains ${f}`);
// The bin, what it imports, and the licence package.json declares.
for (const f of [...Object.values(pkg.bin || {}).map((b) => b.replace(/^\.\//, '')), 'web/src/cli/check.js', 'LICENSE']) {
  if (!files.has(f)) problems.push(`the package lacks ${f}`);
}

console.log(`npm pack: ${files.size} files; exports → ${targets.join(', ')}`);
if (problems.length) {
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
