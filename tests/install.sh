#!/usr/bin/env bash
# Installs what building and testing CookieGate needs and is missing: Debian packages
# (apt-get, as root) and the npm dev dependencies (npm ci, when package-lock.json
# changed). Idempotent: a second run installs nothing.
#   tests/install.sh           everything the tests need (browser, fuzzing, fonts…)
#   tests/install.sh --build   only what building the wasm module and bundles needs
#   tests/install.sh --system  everything, but only the Debian packages
#   tests/install.sh --npm     only the npm dev dependencies (tests/run_all.sh runs this
#                              beside the wasm and native builds, which need no npm)
set -euo pipefail
cd "$(dirname "$0")/.."

# python3 + make: node-gyp, which builds better-sqlite3 (npm ci; the demo's consent log)
# when it finds no prebuilt binary, as on a machine that reaches only the registries.
build=(cmake ninja-build g++ nlohmann-json3-dev emscripten binaryen node-acorn python3 make)
# catch2: native tests; chromium + fonts: browser tests (CJK for Chinese screenshots);
# clang-14 + libclang-rt-14-dev: libFuzzer; brotli, libbenchmark-dev: size and speed;
# postgresql: the consent log's tests start a throw-away cluster of their own (nothing
# is left running).
tests=(catch2 chromium fonts-wqy-microhei clang-14 libclang-rt-14-dev brotli libbenchmark-dev
       postgresql)
packages=("${build[@]}")
[ "${1:-}" = "--build" ] || packages+=("${tests[@]}")
[ "${1:-}" = "--npm" ] && packages=()

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "==> installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ "${1:-}" = "--system" ] && exit 0

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.cookiegate-lock 2>/dev/null)" != "$lock_sum" ]; then
  echo "==> npm ci"
  # better-sqlite3 (the consent log's tests, the demo) compiles SQLite from source when it
  # cannot download a prebuilt binary (a machine that reaches only the registries): one
  # C file, single-threaded, 159 CPU-s at its own -O3 (the last -O wins), and most of
  # npm ci, which the browser tests wait for. npm ci took 115 CPU-s at -O1, 80 at -O0;
  # the tests' and the demo's few rows take no longer unoptimized (the consent-log
  # tests: 36 CPU-s either way). These flags reach only such builds.
  CFLAGS="${CFLAGS:-} -O0" CXXFLAGS="${CXXFLAGS:-} -O0" npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.cookiegate-lock
fi
