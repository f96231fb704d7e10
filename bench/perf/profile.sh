#!/usr/bin/env bash
# Where the time goes in citesearch-index and citesearch-server.
#
#   bench/perf/profile.sh [--build DIR] [--work DIR] [--db DIR] [--records N] [--requests N] [--fresh]
#
# Instruction counts (valgrind callgrind) are the stable measure on a noisy
# shared machine: the same input gives the same counts whatever the load.
# perf (cpu-clock sampling; the VM exposes no hardware counters) adds
# wall-clock reality: I/O waits, fsync, lock contention.
#   indexer   callgrind of citesearch-index add and of perf-xapian-index
#             (the same fields with plain Xapian) on the same N records
#             (default 1000), plus perf record of citesearch-index on 5N;
#   server    callgrind of citesearch-server answering --requests queries
#             (default 300, concurrency 1) on --db (an index built by run.sh,
#             default WORK/cs-10k), plus perf record during a 15 s c=4 run.
# Reports land in WORK/profile/*.txt. Loopback only; every process stopped.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build="$repo/build-perf" work="" db="" records=1000 requests=300 fresh=0
while (($#)); do
  case "$1" in
    --build) build=$(realpath -m "$2"); shift 2 ;;
    --work) work=$(realpath -m "$2"); shift 2 ;;
    --db) db=$(realpath -m "$2"); shift 2 ;;
    --records) records=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --fresh) fresh=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "profile.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
work=${work:-$build/perf-work}
db=${db:-$work/cs-10k}
bin=$build/bench/perf
out=$work/profile
mkdir -p "$out"
pids=()
cleanup() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
annotate() {  # callgrind file -> inclusive and exclusive top lists (head closes pipes early: no pipefail here)
  (
    set +o pipefail
    echo "== total"; callgrind_annotate "$1" 2>/dev/null | grep -m1 'PROGRAM TOTALS'
    echo "== inclusive (top 60)"; callgrind_annotate --inclusive=yes "$1" 2>/dev/null | sed -n '/file:function/,$p' | head -62
    echo "== exclusive (top 40)"; callgrind_annotate "$1" 2>/dev/null | sed -n '/file:function/,$p' | head -42
  ) | sed 's/std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >/std::string/g' > "$2"
}
# Reuses a callgrind output already there (they take minutes) unless --fresh.
have() { ((!fresh)) && [[ -s $1 ]]; }

corpus=$work/corpus-prof-$records
[[ -d $corpus ]] || "$bin/perf-gen-corpus" --records "$records" --out "$corpus" --seed 42 --per-file "$records" >&2
corpus5=$work/corpus-prof-$((records * 5))
[[ -d $corpus5 ]] || "$bin/perf-gen-corpus" --records $((records * 5)) --out "$corpus5" --seed 42 --per-file 10000 >&2

say "callgrind: citesearch-index add, $records records"
rm -rf "$work/prof-cs-db"
have "$out/callgrind.index.out" || valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.index.out" \
  "$build/indexer/citesearch-index" add --db "$work/prof-cs-db" "$corpus" > /dev/null 2> "$out/valgrind-index.log" || true
annotate "$out/callgrind.index.out" "$out/indexer-callgrind.txt"

say "callgrind: perf-xapian-index, $records records"
rm -rf "$work/prof-raw-db"
have "$out/callgrind.raw.out" || valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.raw.out" \
  "$bin/perf-xapian-index" --db "$work/prof-raw-db" "$corpus" > /dev/null 2> "$out/valgrind-raw.log"
annotate "$out/callgrind.raw.out" "$out/raw-xapian-callgrind.txt"

say "perf record: citesearch-index add, $((records * 5)) records"
rm -rf "$work/prof-cs-db5"
have "$out/perf.index.data" || perf record -q -F 499 -g -o "$out/perf.index.data" -- \
  "$build/indexer/citesearch-index" add --db "$work/prof-cs-db5" "$corpus5" > /dev/null 2>&1 || true
report() { (set +o pipefail; perf report -i "$1" --stdio --no-children --sort dso,symbol 2>/dev/null | grep -v '^#' \
  | grep '%' | grep -v '^ *|' | grep -v -- '--' | head -60 > "$2"); }
report "$out/perf.index.data" "$out/indexer-perf.txt"
rm -rf "$work/prof-cs-db" "$work/prof-raw-db" "$work/prof-cs-db5"

if [[ -d $db ]]; then
  queries=$work/queries-profile.txt
  "$bin/perf-gen-queries" --corpus "$corpus" --count 500 --seed 11 > "$queries" 2>/dev/null
  port=$(free_port)
  say "callgrind: citesearch-server, $requests requests"
  # From WORK, so no config/citesearch.json of the checkout is picked up.
  (cd "$work" && exec valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.server.out" \
    "$build/server/citesearch-server" --db "$db" --port "$port" --no-access-log --threads 2) \
    > "$out/server-callgrind-stdout.txt" 2> "$out/valgrind-server.log" &
  vpid=$!; pids+=("$vpid")
  "$bin/perf-http-load" wait --port "$port" --path "/api/search?q=x" --timeout 600 > /dev/null
  "$bin/perf-http-load" load --port "$port" --path '/api/search?size=10&q={q}' --queries "$queries" --concurrency 1 \
    --seconds 600 --max-requests "$requests" --warmup 0 > "$out/server-callgrind-load.txt" 2>&1
  kill "$vpid"; wait "$vpid" 2>/dev/null || true; pids=()
  annotate "$out/callgrind.server.out" "$out/server-callgrind.txt"

  say "perf record: citesearch-server under c=4 for 15 s"
  port=$(free_port)
  (cd "$work" && exec "$build/server/citesearch-server" --db "$db" --port "$port" --no-access-log) > /dev/null 2>&1 &
  spid=$!; pids+=("$spid")
  "$bin/perf-http-load" wait --port "$port" --path "/api/search?q=x" --timeout 60 > /dev/null
  perf record -q -F 499 -g -p "$spid" -o "$out/perf.server.data" -- sleep 16 > /dev/null 2>&1 &
  ppid=$!
  "$bin/perf-http-load" load --port "$port" --path '/api/search?size=10&q={q}' --queries "$queries" --concurrency 4 \
    --seconds 15 --max-requests 100000 > "$out/server-perf-load.txt" 2>&1
  wait "$ppid" || true
  kill "$spid"; wait "$spid" 2>/dev/null || true; pids=()
  report "$out/perf.server.data" "$out/server-perf.txt"
fi
ls -la "$out"/*.txt
