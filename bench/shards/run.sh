#!/usr/bin/env bash
# One local database against two loopback xapian-tcpsrv shards of the same
# records, in one run (docs/deployment.md): index size per record, and query
# throughput and p50/p99 latency through citesearch-server over
#   single   --db DB                       one database
#   stub     --db SHARDED                  the two shards, opened locally through the stub
#   remote   --db tcp://.. --db tcp://..   the two shards, each served by xapian-tcpsrv
# Prints a Markdown table and keeps it in WORK/results.md (raw lines in WORK/results.log).
#
#   bench/shards/run.sh [--records N] [--seconds S] [--build DIR] [--work DIR] [--queries N] [--no-build]
#
#   --records N   synthetic records (perf-gen-corpus; default 20000)
#   --seconds S   length of each query run (default 15)
#   --build DIR   build folder (default build; configured here if missing)
#   --work DIR    corpus, indexes and results (default BUILD/shards-work); indexes are kept
#                 and reused by a later run with the same --records
#   --queries N   queries drawn from the corpus (perf-gen-queries; default 2000)
#   --no-build    use the binaries already in BUILD
#
# Everything listens on 127.0.0.1; every loop is bounded in time and count;
# every process started here is stopped by its PID on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
records=20000 seconds=15 build="$repo/build" work="" nqueries=2000 no_build=0
while (($#)); do
  case "$1" in
    --records) records=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --build) build=$(realpath -m "$2"); shift 2 ;;
    --work) work=$(realpath -m "$2"); shift 2 ;;
    --queries) nqueries=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ $records =~ ^[0-9]+$ && $seconds =~ ^[0-9]+$ ]] || { echo "run.sh: --records and --seconds take whole numbers" >&2; exit 2; }
work=${work:-$build/shards-work}
mkdir -p "$work"
log=$work/results.log
: > "$log"

# ---------------------------------------------------------------- processes
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
mb() { du -sbL "$1" | awk '{printf "%.1f", $1/1e6}'; }

for t in xapian-tcpsrv xapian-compact python3 setsid /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "run.sh: $t missing (xapian-tools, python3, time)" >&2; exit 2; }
done
if ((!no_build)); then
  [[ -f $build/CMakeCache.txt ]] || cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j2 --target bench-shards >/dev/null
fi
index=$build/indexer/citesearch-index
server=$build/server/citesearch-server
perf=$build/bench/perf

# ---------------------------------------------------------------- corpus, queries, indexes
corpus=$work/corpus-$records
if [[ ! -d $corpus ]]; then
  say "generating $records records"
  "$perf/perf-gen-corpus" --records "$records" --out "$corpus.tmp" --seed 42 --per-file 10000 >&2
  mv "$corpus.tmp" "$corpus"
fi
queries=$work/queries-$records.txt
[[ -s $queries ]] || "$perf/perf-gen-queries" --corpus "$corpus" --count "$nqueries" --seed 7 > "$queries"

single=$work/single-$records
sharded=$work/sharded-$records
if [[ ! -f $single/.complete || ! -f $sharded/.complete ]]; then
  rm -rf "$single" "$sharded"
  say "indexing $records records twice, side by side: one database, and --shards 2 (load $(load))"
  /usr/bin/time -f '%e' -o "$work/time-single" "$index" add --db "$single" "$corpus" > "$work/index-single.log" 2>&1 &
  single_pid=$!; pids+=("$single_pid")
  /usr/bin/time -f '%e' -o "$work/time-sharded" "$index" add --db "$sharded" --shards 2 "$corpus" > "$work/index-sharded.log" 2>&1 &
  sharded_pid=$!; pids+=("$sharded_pid")
  wait "$single_pid" || { rc=$?; ((rc == 4)) || { echo "run.sh: indexing failed ($rc)" >&2; tail -3 "$work/index-single.log" >&2; exit 1; }; }
  wait "$sharded_pid" || { rc=$?; ((rc == 4)) || { echo "run.sh: sharded indexing failed ($rc)" >&2; tail -3 "$work/index-sharded.log" >&2; exit 1; }; }
  touch "$single/.complete" "$sharded/.complete"
  echo "INDEX single wall_s=$(tail -1 "$work/time-single") sharded wall_s=$(tail -1 "$work/time-sharded")" >> "$log"
fi
docs=$(xapian-delve "$single" | sed -n 's/^number of documents = //p')
shard_docs=()
for k in 0 1; do shard_docs+=("$(xapian-delve "$sharded/shard-$k" | sed -n 's/^number of documents = //p')"); done
# Size per record, as indexed and compacted (what a rebuild leaves).
rm -rf "$work/compact"
xapian-compact "$single" "$work/compact" >/dev/null
single_mb=$(mb "$single") compact_mb=$(mb "$work/compact")
rm -rf "$work/compact"
shard_mb=()
for k in 0 1; do
  xapian-compact "$sharded/shard-$k" "$work/compact" >/dev/null
  shard_mb+=("$(mb "$work/compact")")
  rm -rf "$work/compact"
done
kb_per_record=$(awk -v m="$compact_mb" -v n="$docs" 'BEGIN{printf "%.2f", m*1000/n}')
echo "SIZE records=$docs single_mb=$single_mb compact_mb=$compact_mb kb_per_record=$kb_per_record shard0_compact_mb=${shard_mb[0]} shard1_compact_mb=${shard_mb[1]} shard_docs=${shard_docs[0]},${shard_docs[1]}" >> "$log"

# ---------------------------------------------------------------- servers
tcp_ports=()
for k in 0 1; do
  p=$(free_port)
  # In a session of its own: on SIGTERM xapian-tcpsrv signals its whole
  # process group (its per-connection children), which must not be this script.
  setsid xapian-tcpsrv --port "$p" --interface 127.0.0.1 --quiet "$sharded/shard-$k" > "$work/tcpsrv-$k.log" 2>&1 &
  pids+=("$!"); tcp_ports+=("$p")
done
declare -A port
# No configuration file: every option on the command line.
echo '{}' > "$work/empty.json"
start_server() {  # NAME ARGS...
  local name=$1; shift
  local p
  p=$(free_port)
  "$server" --config "$work/empty.json" --port "$p" --web-root "$repo/web" --no-access-log "$@" > "$work/server-$name.log" 2>&1 &
  pids+=("$!")
  port[$name]=$p
}
start_server single --db "$single"
start_server stub --db "$sharded"
start_server remote --db "tcp://127.0.0.1:${tcp_ports[0]}" --db "tcp://127.0.0.1:${tcp_ports[1]}"
first_q=$(head -1 "$queries" | python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.stdin.read().strip()))')
for name in single stub remote; do
  "$perf/perf-http-load" wait --port "${port[$name]}" --path "/api/search?size=10&q=$first_q" --timeout 60 >/dev/null \
    || { echo "run.sh: server $name did not answer; see $work/server-$name.log" >&2; exit 1; }
done

# The same first answers from all three, before anything is measured: the
# same hits, and the same total and facet counts where both answers say they
# are exact (an estimate depends on how the records are spread over shards:
# docs/deployment.md).
same_answers() {  # PORT_A PORT_B QUERY
  python3 - "$@" <<'PY'
import json, sys, urllib.request
def get(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{sys.argv[3]}", timeout=30) as r:
        return json.load(r)
a, b = get(sys.argv[1]), get(sys.argv[2])
ids = lambda d: [h["id"] for h in d["hits"]]
ok = ids(a) == ids(b)
if a["total_exact"] and b["total_exact"]: ok = ok and a["total"] == b["total"]
if a.get("facets_exact", True) and b.get("facets_exact", True): ok = ok and a.get("facets") == b.get("facets")
sys.exit(0 if ok else 1)
PY
}
for q in "q=$first_q" "q=&sort=date&size=20" "q=$first_q&facets=year,journal,author"; do
  for name in stub remote; do
    same_answers "${port[single]}" "${port[$name]}" "$q" \
      || { echo "run.sh: $name answers $q differently from single" >&2; exit 1; }
  done
done

# ---------------------------------------------------------------- load
declare -A qps p50 p99 err
max_requests=$((seconds * 5000))
search_path='/api/search?size=10&q={q}'
run_load() {  # NAME KEY PATH CONCURRENCY
  local name=$1 key=$2 path=$3 c=$4 line
  say "$name $key c=$c (load $(load))"
  line=$("$perf/perf-http-load" load --port "${port[$name]}" --path "$path" --queries "$queries" --concurrency "$c" \
    --seconds "$seconds" --max-requests "$max_requests" --label "$name-$key" 2>>"$work/errors.log" | grep '^RESULT' | tail -1)
  echo "$line" >> "$log"
  qps[$name,$key,$c]=$(sed -n 's/.* qps=\([0-9.]*\).*/\1/p' <<<"$line")
  p50[$name,$key,$c]=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  p99[$name,$key,$c]=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  err[$name,$key,$c]=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")
}
# Interleaved, so that a change in the machine's load falls on every configuration alike.
for c in 1 4; do
  for name in single stub remote; do run_load "$name" search "$search_path" "$c"; done
done
for name in single stub remote; do run_load "$name" facets "$search_path&facets=year,journal,author" 1; done

# ---------------------------------------------------------------- report
out=$work/results.md
{
  echo "### Shards: one database vs two loopback xapian-tcpsrv shards, $(date -u +'%Y-%m-%d %H:%M') UTC"
  echo
  echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load at the end $(load);"
  echo "Xapian $(xapian-config --version 2>/dev/null | awk '{print $NF}' || echo 1.4); citesearch commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- indexer server 2>/dev/null || echo ' with uncommitted changes')."
  echo "Corpus: $docs synthetic records (perf-gen-corpus, seed 42); $(wc -l < "$queries") queries (perf-gen-queries); ${seconds}s per run; top 10 with snippets."
  echo "Index: $single_mb MB as indexed, $compact_mb MB compacted = $kb_per_record KB per record; shards ${shard_docs[0]} + ${shard_docs[1]} records, ${shard_mb[0]} + ${shard_mb[1]} MB compacted."
  [[ -s $work/time-single && -s $work/time-sharded ]] &&
    echo "Indexing (both side by side, so each had about one of the two cores): $(tail -1 "$work/time-single") s for one database, $(tail -1 "$work/time-sharded") s for \`--shards 2\`."
  echo
  echo "| queries | concurrency | single: q/s | p50 ms | p99 ms | stub (2 local): q/s | p50 ms | p99 ms | remote (2 tcpsrv): q/s | p50 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for row in "search 1" "search 4" "facets 1"; do
    set -- $row
    key=$1 c=$2
    label=$([[ $key == facets ]] && echo "search + facets year,journal,author" || echo "search")
    errors=$((${err[single,$key,$c]:-0} + ${err[stub,$key,$c]:-0} + ${err[remote,$key,$c]:-0}))
    echo "| $label | $c | ${qps[single,$key,$c]} | ${p50[single,$key,$c]} | ${p99[single,$key,$c]} | ${qps[stub,$key,$c]} | ${p50[stub,$key,$c]} | ${p99[stub,$key,$c]} | ${qps[remote,$key,$c]} | ${p50[remote,$key,$c]} | ${p99[remote,$key,$c]} | $errors |"
  done
} > "$out"
cat "$out"
