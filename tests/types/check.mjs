// The type checks of the test command in one process: each project given (a tsconfig)
// is checked as `tsc -p` checks it, and reported on its own ("ok" or "FAILED" per
// project, the errors above it). TypeScript's build mode reads a file once for all the
// projects that use it (lib.dom.d.ts, the declarations): six tsc runs took 55.6 CPU-s,
// this 35.3. Forced, and nothing is written (no .tsbuildinfo), so every run checks
// every project from scratch.
//   node tests/types/check.mjs tsconfig.json ...; exit 1 when any project failed
import { resolve } from 'node:path';

import ts from 'typescript';

const args = process.argv.slice(2);
const projects = args.map((p) => resolve(p));
const formatHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: ts.sys.getCurrentDirectory,
  getNewLine: () => ts.sys.newLine,
};
const failed = new Set();
let current = null;
const report = (diagnostic) => {
  failed.add(current);
  // Coloured with context on a terminal, as tsc's default pretty output.
  const format = ts.sys.writeOutputIsTTY?.() ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(format([diagnostic], formatHost));
};
const host = ts.createSolutionBuilderHost(ts.sys, undefined, report, () => {});
host.writeFile = () => {};
const builder = ts.createSolutionBuilder(host, projects, { force: true });
const checked = new Set();
for (let project; (project = builder.getNextInvalidatedProject());) {
  current = resolve(project.project);
  if (project.done() !== ts.ExitStatus.Success) failed.add(current);
  checked.add(current);
}
// An error outside any project (before the first one) is every project's failure.
projects.forEach((p, i) => {
  const ok = checked.has(p) && !failed.has(p) && !failed.has(null);
  if (!ok) failed.add(p);
  console.log(`${ok ? 'ok' : 'FAILED'} ${args[i]}`);
});
process.exitCode = failed.size ? 1 : 0;
