// The benchmarks are not run by ./tests/run_all.sh (minutes each), so what they need
// from the product is checked here, in a second: a change to core/ that breaks one is
// found when it is made, not by the next person who runs the benchmark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { repoRoot } from '../browser/harness.mjs';

// tests/perf/wasm_floor.mjs applies this patch to its copy of core/ (tests/perf/FINDINGS.md:
// the module without its regional rules); a core/ change to the lines it
// touches makes the script stop. `git apply --check` reads the working tree and writes nothing.
test('wasm_floor_no_regions.patch still applies to core/ (else remake it: see its header)', () => {
  const patch = join(repoRoot, 'tests/perf/wasm_floor_no_regions.patch');
  try {
    execFileSync('git', ['apply', '--check', patch], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    assert.fail(`git apply --check ${patch}: ${String(e.stderr || e.message).trim()}`);
  }
});
