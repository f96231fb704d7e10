#!/usr/bin/env bash
# Browser tests of the search page: builds a fresh index of data/, starts the
# real citesearch-server on a free loopback port, and drives web/ in Debian's
# headless Chromium (playwright-core, no downloaded browser).
#
#   bash tests/browser/run.sh BUILD_DIR
#
# BUILD_DIR holds indexer/citesearch-index and server/citesearch-server.
# Exits non-zero when a test fails or the server does not come up.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ $# -ne 1 ]]; then
  echo "usage: bash tests/browser/run.sh BUILD_DIR" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
indexer="$build/indexer/citesearch-index"
server="$build/server/citesearch-server"
for binary in "$indexer" "$server"; do
  if [[ ! -x $binary ]]; then
    echo "run.sh: $binary is missing: build it first" >&2
    exit 2
  fi
done

if [[ ! -x /usr/bin/chromium ]]; then
  echo "run.sh: installing Debian's chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }
fi

# playwright-core drives the system Chromium; it must never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [[ ! -d $here/node_modules ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/citesearch-browser.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "run.sh: indexing $repo/data"
status=0
"$indexer" add --db "$tmp/db" "$repo/data" || status=$?
# 4: indexed, but some records were rejected (reported above); the tests still run.
if [[ $status -ne 0 && $status -ne 4 ]]; then
  echo "run.sh: citesearch-index failed with exit code $status" >&2
  exit 1
fi

# A free loopback port: bind port 0, read the port the kernel chose, close.
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
base="http://127.0.0.1:$port"

"$server" --db "$tmp/db" --web-root "$repo/web" --host 127.0.0.1 --port "$port" >"$tmp/server.log" 2>&1 &
server_pid=$!

# Wait for /healthz, at most 20 seconds.
healthy() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(1000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base/healthz"
}
deadline=$((SECONDS + 20))
until healthy; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: citesearch-server exited early:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "run.sh: citesearch-server did not answer $base/healthz within 20 s:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "run.sh: citesearch-server is up at $base (pid $server_pid)"

status=0
(cd "$here" && CITESEARCH_URL="$base" CITESEARCH_SCREENSHOTS="${CITESEARCH_SCREENSHOTS:+$(cd "$repo" && realpath -m "$CITESEARCH_SCREENSHOTS")}" node --test --test-concurrency=1 --test-timeout=120000 ./*.test.mjs) || status=$?
if [[ $status -ne 0 ]]; then
  echo "run.sh: browser tests failed; last lines of the server log:" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit "$status"
