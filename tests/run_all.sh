#!/usr/bin/env bash
# The one test command: installs what is missing (apt-get, npm; idempotent), builds
# every flavour and runs every suite, then prints "N passed, N failed".
# Counts are tests (ctest cases, node test cases); a build that fails counts as one
# failed test so that a broken build can never read as green.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
failures=()

# Each step prints its wall-clock time when the next one starts; the summary lists them all.
step=""; step_start=$SECONDS; timings=()
end_step() {
  [ -n "$step" ] || return 0
  local t=$((SECONDS - step_start))
  printf '==== %s (%d s)\n' "$step" "$t"
  timings+=("$(printf '%5d s  %s' "$t" "$step")")
  step=""
}
say() { end_step; step=$*; step_start=$SECONDS; printf '\n==== %s\n' "$*"; }
fail_step() { failed=$((failed + 1)); failures+=("$1"); echo "FAILED: $1"; }

# --- helpers ------------------------------------------------------------------------
# ctest prints "N% tests passed, F tests failed out of T".
run_ctest() {
  local name=$1 dir=$2 out
  out=$(ctest --test-dir "$dir" --output-on-failure -j "$jobs" 2>&1)
  echo "$out" | tail -n 25
  local line total bad
  line=$(echo "$out" | grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' | tail -n 1)
  if [ -z "$line" ]; then fail_step "$name (no ctest summary)"; return; fi
  bad=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
  total=$(echo "$line" | sed -E 's/.*out of ([0-9]+).*/\1/')
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  [ "$bad" -eq 0 ] || failures+=("$name")
}

# node --test prints "# pass N" and "# fail N" (TAP reporter).
run_node_tests() {
  local name=$1; shift
  local out
  # The second reporter adds "# file N s path" per test file (where the time goes).
  # step_limit (seconds, from the caller's environment) ends a step that hangs, so that
  # the run still ends with its summary. --foreground keeps node in the terminal's
  # process group, so Ctrl-C still stops it (node ends its test files itself).
  # --test-force-exit ends a file once its tests and hooks are done: a failed test that
  # left a timer or a socket open kept its file, and so the whole step, waiting for good
  # (no output, no summary).
  local limit=${step_limit:-0} cmd=(node --test --test-force-exit)
  [ "$limit" -gt 0 ] && cmd=(timeout --foreground --kill-after=30 "$limit" "${cmd[@]}")
  out=$("${cmd[@]}" --test-reporter=tap --test-reporter-destination=stdout \
          --test-reporter=./tests/file-durations.mjs --test-reporter-destination=stdout "$@" 2>&1)
  local rc=$?
  # Test output worth seeing on a green run (the size budget's figures) is in KiB.
  echo "$out" | grep -E '^( *not ok|# (tests|pass|fail|cancelled|skipped|duration))|^# .*KiB' | head -n 60
  echo "$out" | grep -E '^# file ' | sort -k3,3 -rn | head -n 40
  echo "$out" | grep -B2 -A30 '^ *not ok' | head -n 120
  if [ "$limit" -gt 0 ] && { [ $rc -eq 124 ] || [ $rc -eq 137 ]; }; then
    echo "$name: stopped after $limit s (or killed); its last lines:"; echo "$out" | tail -n 40
    fail_step "$name (hung or killed: stopped after $limit s)"; return
  fi
  local p f c
  p=$(echo "$out" | grep -E '^# pass [0-9]+' | tail -n 1 | awk '{print $3}')
  f=$(echo "$out" | grep -E '^# fail [0-9]+' | tail -n 1 | awk '{print $3}')
  # A test that ran out of time is "cancelled", not "fail", in node's summary.
  c=$(echo "$out" | grep -E '^# cancelled [0-9]+' | tail -n 1 | awk '{print $3}')
  if [ -z "$p" ]; then fail_step "$name (no test summary)"; return; fi
  f=$((f + ${c:-0}))
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -ne 0 ]; then failures+=("$name")
  elif [ $rc -ne 0 ]; then fail_step "$name (exit $rc)"; fi
}

# The build flavours are CMake presets (CMakePresets.json); warnings are errors here,
# and the test files compile as one unit (about half of each build's CPU; tests/core).
build_flavour() {  # preset
  local preset=$1 dir=build/$1
  mkdir -p "$dir"
  cmake --preset "$preset" -DCOOKIEGATE_WERROR=ON -DCOOKIEGATE_UNITY_TESTS=ON >/dev/null || return 1
  cmake --build --preset "$preset" -j "$jobs" > "$dir/build.log" 2>&1
  local rc=$?
  grep -E 'error|warning' "$dir/build.log" | head -n 40
  return $rc
}

native_flavour() {  # name preset
  say "build + ctest $1"
  if build_flavour "$2"; then run_ctest "$1" "build/$2"; else fail_step "$1 build"; fi
}

# A part of the run that goes on in the background: its output goes to a log, printed
# whole when the part is collected, and its counts and step times join the totals then.
bg_dir=$(mktemp -d)
trap 'rm -rf "$bg_dir"' EXIT
declare -A bg_pids=()
start_bg() {  # name command...
  local name=$1; shift
  (
    passed=0; failed=0; failures=(); timings=(); step=""
    "$@"
    end_step
    { echo "$passed $failed"
      for f in "${failures[@]}"; do echo "F $f"; done
      for t in "${timings[@]}"; do echo "T $t"; done
    } > "$bg_dir/$name.counts"
  ) > "$bg_dir/$name.log" 2>&1 &
  bg_pids[$name]=$!
}
collect_bg() {  # name
  local name=$1 p f kind rest
  say "$name: waiting for the background part, then its output"
  wait "${bg_pids[$name]}"
  cat "$bg_dir/$name.log"
  if [ ! -s "$bg_dir/$name.counts" ]; then fail_step "$name (ended without counts)"; return; fi
  { read -r p f
    passed=$((passed + p)); failed=$((failed + f))
    while read -r kind rest; do
      case $kind in F) failures+=("$rest") ;; T) timings+=("$rest (background)") ;; esac
    done
  } < "$bg_dir/$name.counts"
}

browser_tests() {
  say "browser tests"
  # Two test files at a time. Browser tests are CPU-bound, not waiting: Chromium's
  # browser, renderer and GPU processes spend about a CPU-second per page, most of it on
  # the page's window and renderer rather than on the page, and the shell's `time` sees only
  # part of it (its renderers are not all reaped through the run's own processes). A
  # third file would share the same two cores with yet another process, beside the
  # foreground and the ASan build and fuzzers.
  # Each test has a time limit of its own (tests/browser/harness.mjs); the step's limit
  # is for a hang outside any test (a before/after hook, a process that does not exit).
  # Alone on an idle 2-core machine the step takes about 9 minutes (556 s, 1064 CPU-s of
  # all processes on 2026-12-05; 633 s and 1212 CPU-s before harness.mjs turned off the
  # spare renderer and duplicated audits and page loads went: README, "Running the tests").
  # Earlier, harness.mjs's turning off the omnibox popup WebUI that headless Chromium
  # built beside every page took it from 902 s and 1791 CPU-s to 464 s and 893 CPU-s;
  # the tests have grown since.
  step_limit=2400 run_node_tests "browser" --test-concurrency=2 tests/browser/
}

# Fuzzers: the corpus replay is in ctest; a short bounded run of each here.
bounded_fuzz() {
  say "fuzz (bounded)"
  if COOKIEGATE_WERROR=ON tests/fuzz/run_fuzzers.sh --seconds 20; then passed=$((passed + 1)); else fail_step "fuzzers"; fi
}

# --- the schedule -------------------------------------------------------------------
# The run is CPU-bound on 2 cores, so the schedule keeps both busy. The browser tests,
# the longest part, need the bundles, and the bundles need npm; so npm ci (most of it one
# compile of SQLite for better-sqlite3) goes first in the background, beside the wasm
# build and then the release flavour, which need no npm. Once the bundles are built, the
# browser tests and the sanitizer flavour with the bounded fuzzers run in the background
# while the foreground runs the single-threaded steps (the node tests, one file at a
# time; tsc). Everything still runs, with the same counts as one step after another.
say "install"
if ! tests/install.sh --system; then echo "installing the dependencies failed"; echo "0 passed, 1 failed"; exit 1; fi
tests/install.sh --npm > "$bg_dir/npm.log" 2>&1 &
npm_pid=$!

web_ok=0
say "build wasm"
build_flavour wasm; wasm_rc=$?
start_bg "native" native_flavour "native" native
say "install (npm): waiting for it, then its output"
wait "$npm_pid"; npm_rc=$?
cat "$bg_dir/npm.log"
if [ $npm_rc -ne 0 ]; then
  echo "installing the npm dependencies failed"; wait; echo "0 passed, 1 failed"; exit 1
fi
if [ $wasm_rc -eq 0 ]; then
  say "build web"
  if node web/build.mjs; then web_ok=1; else fail_step "web build"; fi
else fail_step "wasm build"; fi

if [ $web_ok -eq 1 ]; then start_bg "browser tests" browser_tests; fi
# The core as it ships in wasm (-fno-exceptions, JSON_NOEXCEPTION: an unchecked nlohmann
# access aborts) under ASan + UBSan; the release flavour keeps exceptions. The fuzzers
# build and run beside it rather than after it: one after the other they were the last
# minutes of the run, a single compile or three fuzzers on two cores.
start_bg "asan+ubsan" native_flavour "asan+ubsan, no exceptions" asan
start_bg "fuzz" bounded_fuzz
if [ $web_ok -eq 1 ]; then
  say "size budget"
  run_node_tests "size budget" tests/perf/size_budget.test.mjs
  say "node tests"
  # About a minute alone; the limit ends a hang (a database server that never answers).
  step_limit=1200 run_node_tests "node" tests/node/
fi
# What the benchmarks (not run here) need from the product, checked in a second.
say "perf tools"
run_node_tests "perf tools" tests/perf/perf_tools.test.mjs

# The schema test reads the config tables from the native build's core_tests.
collect_bg "native"

if [ $web_ok -eq 1 ]; then
  say "config schema"
  run_node_tests "config schema" tests/schema/
  say "types"
  # The .d.ts as each kind of consumer sees them (bundler, node16, nodenext, React),
  # web/src's JSDoc types (checkJs), and its exports against web/types: each checked as
  # `tsc -p` checks it, in one process (tests/types/check.mjs), each passing or failing
  # on its own.
  types=(tests/types/tsconfig.json tests/types/tsconfig.node.json tests/types/tsconfig.nodenext.json
         tests/types/tsconfig.react.json web/tsconfig.json tests/types/tsconfig.sources.json)
  types_out=$(node tests/types/check.mjs "${types[@]}")
  echo "$types_out"
  for t in "${types[@]}"; do
    if grep -qxF "ok $t" <<< "$types_out"; then passed=$((passed + 1)); else fail_step "types ($t)"; fi
  done
  say "npm pack"
  if node tests/package/check_pack.mjs; then passed=$((passed + 1)); else fail_step "npm pack"; fi
  if node tests/package/install_tarball.mjs; then passed=$((passed + 1)); else fail_step "npm pack: install the tarball"; fi
fi

collect_bg "asan+ubsan"
collect_bg "fuzz"
[ $web_ok -eq 1 ] && collect_bg "browser tests"

end_step
say "summary"
printf '%s\n' "${timings[@]}"
printf '%5d s  total\n' "$SECONDS"
for f in "${failures[@]}"; do echo "  failed: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
