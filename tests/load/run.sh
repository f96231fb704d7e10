#!/usr/bin/env bash
# The sustained-load test: the real citesearch-server on a loopback port
# under 64 concurrent connections for 60 s, while a second process keeps
# adding files to its index. Passes with 0 errors, no crash, and resident
# memory after the run within 10% of resident memory after a warm-up of the
# same load. Prints requests, errors, latency percentiles and memory.
#
#   bash tests/load/run.sh BUILD_DIR
#
# LOAD_SECONDS (60), LOAD_WARMUP_SECONDS (20) and LOAD_CONNECTIONS (64)
# override the defaults. Every process it starts is stopped by its PID.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ $# -ne 1 ]]; then
  echo "usage: bash tests/load/run.sh BUILD_DIR" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
seconds=${LOAD_SECONDS:-60}
warmup=${LOAD_WARMUP_SECONDS:-20}
connections=${LOAD_CONNECTIONS:-64}
indexer="$build/indexer/citesearch-index"
server="$build/server/citesearch-server"
client="$build/tests/load/citesearch-load"
for binary in "$indexer" "$server" "$client"; do
  [[ -x $binary ]] || { echo "load: $binary is missing: build it first" >&2; exit 2; }
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/citesearch-load.XXXXXX")"
server_pid=""
updater_pid=""
cleanup() {
  touch "$tmp/stop"
  for pid in $updater_pid $server_pid; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Synthetic citations: COUNT records from a fixed vocabulary, seeded, so runs are comparable.
generate() {  # generate SEED COUNT FILE
  awk -v seed="$1" -v n="$2" 'BEGIN {
    srand(seed)
    nw = split("liver hepatic tumour tumor carcinoma hepatocellular immune checkpoint inhibitor therapy radiology " \
      "interventional ablation embolization resection survival outcome cohort trial randomized patients " \
      "metastasis chemotherapy immunotherapy antibody response imaging ultrasound tomography biopsy fibrosis " \
      "cirrhosis hepatitis viral transplant graft recurrence marker biomarker expression gene protein cell " \
      "stromal vascular portal vein arterial infusion dose toxicity safety efficacy analysis review systematic " \
      "meta model mouse murine clinical prognosis staging guideline consensus outcome quality score", w, " ")
    nf = split("Jost Smith Garcia Chen Okafor Novak Rossi Tanaka Muller Haddad", fam, " ")
    nj = split("Hepatology|Radiology|Journal of Hepatology|British Journal of Radiology|Lancet Oncology|Gut", jour, "|")
    for (i = 0; i < n; i++) {
      printf "TY  - JOUR\nTI  -"
      for (k = 0; k < 8; k++) printf " %s", w[int(rand() * nw) + 1]
      printf "\nAU  - %s, %c\nAU  - %s, %c\n", fam[int(rand() * nf) + 1], 65 + int(rand() * 26), fam[int(rand() * nf) + 1], 65 + int(rand() * 26)
      printf "AB  -"
      for (k = 0; k < 80; k++) printf " %s", w[int(rand() * nw) + 1]
      printf "\nJO  - %s\nPY  - %d\nKW  - %s\nER  - \n\n", jour[int(rand() * nj) + 1], 1990 + int(rand() * 35), w[int(rand() * nw) + 1]
    }
  }' >"$3"
}

mkdir -p "$tmp/base" "$tmp/updates"
generate 1 3000 "$tmp/base/base.ris"
"$indexer" add --db "$tmp/db" "$tmp/base" "$repo/data" >/dev/null

cat >"$tmp/paths" <<'EOF'
/api/search?q=liver+tumour
/api/search?q=immune+checkpoint+inhibitor&facets=year,journal,author
/api/search?q=hepatocellular+carcinoma+ablation&sort=date&size=20
/api/search?q=%22portal+vein%22+embolization&page=2
/api/search?q=title:radiology+AND+year:2000..2020
/api/search?q=hepat*&facets=keyword
/api/search?q=the+role+of+immunotherapy+in+the+treatment+of+patients+with+liver+metastasis
/api/search?q=jost+r[au]
/api/search?q=&sort=-date&facets=year
/api/suggest?q=hepa
/api/suggest?q=immune+che
/api/export?q=biopsy+fibrosis&limit=20&format=bibtex
/api/stats
/healthz
/index.html
/app.js
EOF

echo '{}' >"$tmp/config.json"
"$server" --config "$tmp/config.json" --db "$tmp/db" --web-root "$repo/web" --host 127.0.0.1 --port 0 \
  --threads 8 --max-queued-connections 128 --no-access-log >"$tmp/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.log")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "load: the server exited at start:" >&2; cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "load: the server did not start" >&2; exit 1; }

# The second process: a new file of 100 citations every second, for as long as the load lasts.
(
  batch=0
  while [[ ! -e $tmp/stop ]]; do
    batch=$((batch + 1))
    generate $((100 + batch)) 100 "$tmp/updates/batch-$batch.ris"
    "$indexer" add --db "$tmp/db" "$tmp/updates/batch-$batch.ris" >/dev/null 2>>"$tmp/updater.err" || echo "batch $batch failed" >>"$tmp/updater.err"
    echo "$batch" >"$tmp/batches"
    sleep 1
  done
) &
updater_pid=$!

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
number() { grep -o "\"$1\":[0-9.e+-]*" <<<"$2" | head -n 1 | cut -d: -f2 | awk '{ printf "%.1f", $1 }'; }
count() { grep -o "\"$1\":[0-9]*" <<<"$2" | head -n 1 | cut -d: -f2; }

echo "load: warming up: $connections connections for $warmup s on 127.0.0.1:$port while the index grows"
warm_report=$("$client" --port "$port" --connections "$connections" --seconds "$warmup" --paths "$tmp/paths")
rss_warm=$(rss_kib)
batches_warm=$(cat "$tmp/batches" 2>/dev/null || echo 0)
echo "load: measuring: $connections connections for $seconds s"
report=$("$client" --port "$port" --connections "$connections" --seconds "$seconds" --paths "$tmp/paths")
rss_after=$(rss_kib)
touch "$tmp/stop"
wait "$updater_pid" 2>/dev/null || true
updater_pid=""

records=$(curl -s "http://127.0.0.1:$port/healthz" | grep -o '"records":[0-9]*' | cut -d: -f2 || true)
alive=yes
kill -0 "$server_pid" 2>/dev/null || alive=no
kill "$server_pid" 2>/dev/null || true
server_exit=0
wait "$server_pid" || server_exit=$?
server_pid=""

requests=$(count requests "$report")
errors=$(count errors "$report")
growth=$(awk -v a="$rss_after" -v w="$rss_warm" 'BEGIN { printf "%.1f", (a - w) * 100 / w }')
echo "load: $report"
echo "load: warm-up: $(count requests "$warm_report") requests, $(count errors "$warm_report") errors"
echo "load: $requests requests in ${seconds} s, $errors errors, p50 $(number p50 "$report") ms, p99 $(number p99 "$report") ms," \
  "$(number requests_per_second "$report") requests/s"
echo "load: resident memory $((rss_warm / 1024)) MiB after warm-up, $((rss_after / 1024)) MiB after the run ($growth%)"
echo "load: $(($(cat "$tmp/batches") - batches_warm)) index updates of 100 records during the run; $records records at the end"

status=0
[[ $errors == 0 ]] || { echo "load: FAILED: $errors errors" >&2; status=1; }
[[ $alive == yes && $server_exit == 0 ]] || { echo "load: FAILED: the server crashed or exited with $server_exit" >&2; tail -n 20 "$tmp/server.log" >&2; status=1; }
awk -v a="$rss_after" -v w="$rss_warm" 'BEGIN { exit !(a <= w * 1.10) }' || { echo "load: FAILED: memory grew by $growth%" >&2; status=1; }
[[ ! -s $tmp/updater.err ]] || { echo "load: FAILED: index updates failed:" >&2; cat "$tmp/updater.err" >&2; status=1; }
[[ $status == 0 ]] && echo "load: passed"
exit $status
