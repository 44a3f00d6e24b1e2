#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan+UBSan) and runs each for a bounded
# time, starting from the checked-in corpus. New inputs go to a scratch folder, not
# into the repository; copy an interesting one into corpus/<target>/ to keep it.
#   tests/fuzz/run_fuzzers.sh [--seconds N]     (default 20 per target)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=20
[ "${1:-}" = "--seconds" ] && seconds=$2
if ! command -v clang++-14 >/dev/null; then
  echo "clang++-14 not found: fuzzers skipped (apt-get install clang-14 libclang-rt-14-dev)"
  exit 1
fi
# The "fuzz" preset (CMakePresets.json); COOKIEGATE_WERROR=ON in the environment (as
# tests/run_all.sh sets it) makes warnings errors.
cmake --preset fuzz -DCOOKIEGATE_WERROR="${COOKIEGATE_WERROR:-OFF}" >/dev/null
# As many compiles as cores (Ninja's default is two more): tests/run_all.sh runs this
# beside other builds and the browser tests, whose tests have time limits.
cmake --build --preset fuzz -j "$(nproc)" >/dev/null
status=0
targets=(fuzz_decode fuzz_parse_config fuzz_evaluate)
# The targets run side by side: each is one single-threaded process for a fixed time, so
# one after another they would leave a core idle for the whole bounded run.
declare -A pids=()
for t in "${targets[@]}"; do
  scratch=build/fuzz/corpus/$t
  mkdir -p "$scratch"
  build/fuzz/tests/fuzz/$t -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -print_final_stats=1 "$scratch" tests/fuzz/corpus/$t >"build/fuzz/$t.log" 2>&1 &
  pids[$t]=$!
done
for t in "${targets[@]}"; do
  log=build/fuzz/$t.log
  if wait "${pids[$t]}"; then
    runs=$(grep -oE 'Done [0-9]+ runs' "$log" | awk '{print $2}')
    echo "$t: ${runs:-?} executions in ${seconds}s, no failure"
  else
    echo "$t: FAILED (crash input and stack in $log)"
    tail -n 40 "$log"
    status=1
  fi
done
exit $status
