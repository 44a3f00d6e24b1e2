#!/usr/bin/env bash
# Serves the CookieGate demo: ./demo/serve.sh [--port N]   (default 8080, or $PORT)
# On a fresh Debian 12 machine it first installs what is missing (apt, npm), builds the
# wasm core and the bundles, then serves demo/site/ with the shipped bundle
# (web/dist/cookiegate.js, cookiegate-core.js and .wasm, exactly what users get) mounted at
# /cookiegate/ on http://127.0.0.1:PORT/.
# --no-build skips the build when web/dist/ already exists (e.g. right after the tests).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PORT:-8080}"
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "invalid port: $port" >&2; exit 2 ;; esac

say() { printf '==> %s\n' "$*"; }

# What the demo needs: the wasm toolchain, node and the npm dev dependencies.
tests/install.sh --build
if [ "$build" -eq 1 ] || [ ! -f web/dist/cookiegate.js ]; then
  say "building the wasm core (build/wasm)"
  cmake --preset wasm >/dev/null  # CMakePresets.json: Emscripten's toolchain, Release
  cmake --build --preset wasm
  say "bundling (web/dist)"
  node web/build.mjs
fi

for f in web/dist/cookiegate.js web/dist/cookiegate-core.js web/dist/cookiegate-core.wasm; do
  [ -f "$f" ] || { echo "missing $f after the build" >&2; exit 1; }
done

say "serving the demo (Ctrl+C to stop)"
exec node demo/server.mjs --port "$port"
