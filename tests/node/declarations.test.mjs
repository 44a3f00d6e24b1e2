// The hand-written .d.ts of every entry against what the built entry really exports:
// a value exported and not declared (createRuntime and DEFAULT_TIMEOUT_MS were) or
// declared and not exported fails here, so the types cannot drift from the sources.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const dist = new URL('../../web/dist/', import.meta.url);

const entries = ['index', 'server', 'react'];
const declarationFile = (entry) => fileURLToPath(new URL(`${entry}.d.ts`, dist));

// One program for every entry's declarations: parsing lib.dom.d.ts is most of the
// cost, and each file's exports are asked of it separately below.
let program;
function sharedProgram() {
  program ||= ts.createProgram(entries.map(declarationFile),
    { strict: true, noEmit: true, types: [], lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'] });
  return program;
}

// Names of the values (not types) a declaration file exports.
function declaredValues(file) {
  const program = sharedProgram();
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source, `${file} is not in the program`);
  const symbol = checker.getSymbolAtLocation(source);
  return checker.getExportsOfModule(symbol).filter((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    return target.flags & ts.SymbolFlags.Value;
  }).map((s) => s.getName()).sort();
}

for (const entry of entries) {
  test(`web/dist/${entry}.d.ts declares exactly what ${entry}.js exports`, async () => {
    const actual = Object.keys(await import(new URL(`${entry}.js`, dist).href)).sort();
    const declared = declaredValues(declarationFile(entry));
    assert.ok(actual.length > 2, `${entry}.js exports ${actual}`);
    assert.deepEqual(declared, actual);
  });
}
