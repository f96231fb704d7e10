#!/usr/bin/env bash
# The side-by-side benchmark of docs/performance.md: citesearch against
# Omega (scriptindex + omega CGI behind lighttpd), a minimal raw-Xapian
# indexer and query loop (the limit) and SQLite FTS5, on the same corpus and
# the same queries, in one run. Prints a Markdown table and keeps it in
# WORK/results-SIZE.md (raw RESULT lines in WORK/results-SIZE.log).
#
#   bench/perf/setup.sh                       # once: installs the peers (Debian packages)
#   bench/perf/run.sh --size 10k|100k|1m|real|N [options]
#
# Options:
#   --build DIR       build folder (default build-perf; built here in Release if missing)
#   --work DIR        data, indexes and results (default BUILD/perf-work)
#   --seconds S       length of each query run (default 20)
#   --queries N       queries drawn from the corpus (default 2000)
#   --peer-records N  index only the first N records with the Xapian/Omega/FTS5 peers
#                     (for 1m: Omega runs ~300 records/s); their query rows are then
#                     on that smaller index, and the table says so
#   --skip-omega, --skip-fts5, --skip-raw   leave a peer out
#   --threads N       citesearch-server worker threads (default: its own default)
#   --no-build        use the binaries already in BUILD (e.g. a build of a clean
#                     checkout while the working tree is being edited)
#   --reuse           keep the indexes (and their indexing measurements) that an
#                     earlier run of this size completed; build only the missing ones
#
# Everything listens on 127.0.0.1 only; every loop is bounded in time and
# count; every process started here is stopped by its PID on exit.
set -euo pipefail
shopt -s lastpipe  # `cmd | record KEY` keeps what record sets

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
size="" build="$repo/build-perf" work="" seconds=20 nqueries=2000 peer_records=0
skip_omega=0 skip_fts5=0 skip_raw=0 server_threads="" no_build=0 reuse=0
while (($#)); do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --build) build=$(realpath -m "$2"); shift 2 ;;
    --work) work=$(realpath -m "$2"); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --queries) nqueries=$2; shift 2 ;;
    --peer-records) peer_records=$2; shift 2 ;;
    --skip-omega) skip_omega=1; shift ;;
    --skip-fts5) skip_fts5=1; shift ;;
    --skip-raw) skip_raw=1; shift ;;
    --threads) server_threads=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    --reuse) reuse=1; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$size" in
  10k) records=10000 ;; 100k) records=100000 ;; 1m) records=1000000 ;; real) records=0 ;;
  ''|*[!0-9]*) echo "run.sh: --size 10k|100k|1m|real|N" >&2; exit 2 ;;
  *) records=$size ;;
esac
work=${work:-$build/perf-work}
mkdir -p "$work"
bin=$build/bench/perf
log=$work/results-$size.log
prev_log=$work/results-$size.prev.log
if ((reuse)) && [[ -s $log ]]; then cp "$log" "$prev_log"; else : > "$prev_log"; fi
: > "$log"

# ---------------------------------------------------------------- processes
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
stop_pid() {  # stops one process we started, and forgets it
  local p=$1 i
  kill "$p" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  local keep=()
  for i in "${pids[@]}"; do [[ $i == "$p" ]] || keep+=("$i"); done
  pids=("${keep[@]}")
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------- build
for t in scriptindex lighttpd xapian-compact /usr/bin/time python3; do
  command -v "$t" >/dev/null || { echo "run.sh: $t missing: run bench/perf/setup.sh first" >&2; exit 2; }
done
if ((!no_build)); then
  if [[ ! -x $build/indexer/citesearch-index || ! -x $bin/perf-http-load ]]; then
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$build" -j2 --target citesearch-index citesearch-server perf-gen-corpus perf-gen-queries \
    perf-ris-to-dump perf-xapian-index perf-xapian-query perf-http-load perf-fts5 >/dev/null
fi
index=$build/indexer/citesearch-index
# What the measured citesearch was built from: a snapshot's COMMIT file, else the checkout's state.
src=$(sed -n 's/^citesearch_SOURCE_DIR:STATIC=//p' "$build/CMakeCache.txt")
if [[ -f $src/COMMIT ]]; then
  built_from="a clean export of commit $(cut -c1-7 "$src/COMMIT")"
else
  built_from="commit $(git -C "$src" rev-parse --short HEAD)$(git -C "$src" diff --quiet HEAD -- indexer server 2>/dev/null || echo ' with uncommitted changes')"
fi
server=$build/server/citesearch-server

# ---------------------------------------------------------------- corpus and queries
corpus=$work/corpus-$size
if [[ $size == real ]]; then
  data=$(realpath "$repo/../shared/data")
  if [[ ! -d $corpus ]]; then
    # Every RIS file except the vendor fixtures, as symlinks keeping the folder layout.
    (cd "$data" && find . -name '*.ris' -not -path './ris-fixtures/*' | sort) | while read -r f; do
      mkdir -p "$corpus/$(dirname "$f")"
      ln -s "$data/$f" "$corpus/$f"
    done
  fi
  records=$(cat "$corpus"/*/*.ris | grep -c '^TY  - ')
elif [[ ! -d $corpus ]]; then
  say "generating $records records"
  "$bin/perf-gen-corpus" --records "$records" --out "$corpus.tmp" --seed 42 --per-file 10000 >&2
  mv "$corpus.tmp" "$corpus"
fi
corpus_bytes=$(du -sbL "$corpus" | cut -f1)
queries=$work/queries-$size.txt
[[ -s $queries ]] || "$bin/perf-gen-queries" --corpus "$corpus" --count "$nqueries" --seed 7 > "$queries"
fresh=$work/fresh-1000
[[ -d $fresh ]] || "$bin/perf-gen-corpus" --records 1000 --out "$fresh" --seed 99 --first-id 900000001 \
  --marker qqfreshmark --per-file 1000 >&2

# The peers may index a prefix of the corpus (--peer-records): whole files.
peer_corpus=$corpus
peer_n=$records
if ((peer_records > 0 && peer_records < records)); then
  peer_corpus=$work/corpus-$size-first$peer_records
  if [[ ! -d $peer_corpus ]]; then
    mkdir -p "$peer_corpus"
    n=0
    for f in $(cd "$corpus" && find . -name '*.ris' | sort); do
      ((n < peer_records)) || break
      mkdir -p "$peer_corpus/$(dirname "$f")"
      ln -s "$(realpath "$corpus/$f")" "$peer_corpus/$f"
      n=$((n + $(grep -c '^TY  - ' "$corpus/$f")))
    done
  fi
  peer_n=$(cat $(find -L "$peer_corpus" -name '*.ris') | grep -c '^TY  - ')
fi

# ---------------------------------------------------------------- indexing
# timed NAME RECORDS CMD...: wall and CPU time and peak RSS of one indexer run.
declare -A rate cpu_rate rss isize docs
timed() {
  local name=$1 n=$2; shift 2
  local line
  if ((reuse)) && line=$(grep "^INDEX $name records=$n " "$prev_log") && [[ -e $(index_of "$name") ]]; then
    say "indexing: $name: reusing the index and measurement of the earlier run"
    echo "$line" >> "$log"
    set -- $(sed -E 's/.*wall_s=([^ ]*) user_s=([^ ]*) sys_s=([^ ]*) maxrss_kb=([^ ]*).*/\1 \2 \3 \4/' <<<"$line")
    wall=$1 user=$2 sys=$3 maxrss=$4
    rate[$name]=$(awk -v n="$n" -v w="$wall" 'BEGIN{printf "%.0f", n/w}')
    cpu_rate[$name]=$(awk -v n="$n" -v u="$user" -v s="$sys" 'BEGIN{printf "%.0f", n/(u+s)}')
    rss[$name]=$((maxrss / 1024))
    return 1  # "not run": the caller keeps the index
  fi
  say "indexing: $name ($n records; load $(load))"
  rm -rf "$(index_of "$name")"
  /usr/bin/time -f '%e %U %S %M' -o "$work/time-$size-$name" "$@" > "$work/out-$size-$name" 2>&1 || {
    local rc=$?
    # citesearch-index exits 4 when some records were rejected: still a measurement.
    [[ $name == citesearch && $rc == 4 ]] || { echo "run.sh: $name failed ($rc):"; tail -5 "$work/out-$size-$name"; exit 1; } >&2
  }
  read -r wall user sys maxrss < <(tail -1 "$work/time-$size-$name")
  rate[$name]=$(awk -v n="$n" -v w="$wall" 'BEGIN{printf "%.0f", n/w}')
  cpu_rate[$name]=$(awk -v n="$n" -v u="$user" -v s="$sys" 'BEGIN{printf "%.0f", n/(u+s)}')
  rss[$name]=$((maxrss / 1024))
  echo "INDEX $name records=$n wall_s=$wall user_s=$user sys_s=$sys maxrss_kb=$maxrss" >> "$log"
}
index_of() {  # where each indexer's index lives
  case $1 in
    citesearch) echo "$work/cs-$size" ;; xapian) echo "$work/raw-$size" ;;
    omega) echo "$work/omega-$size" ;; fts5) echo "$work/fts5-$size.sqlite" ;;
  esac
}
mb() { du -sbL "$1" | awk '{printf "%.0f", $1/1e6}'; }
xdocs() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }

cs_db=$work/cs-$size
# A citesearch index that went through the freshness test holds 1,000 more records: rebuild it.
if grep -q "^FRESHNESS" "$prev_log"; then
  grep -v "^INDEX citesearch" "$prev_log" > "$prev_log.tmp" || true
  mv "$prev_log.tmp" "$prev_log"
fi
timed citesearch "$records" "$index" add --db "$cs_db" "$corpus" || true
isize[citesearch]=$(mb "$cs_db"); docs[citesearch]=$(xdocs "$cs_db")
rm -rf "$cs_db.compact"
compact_start=$(now_ns)
xapian-compact "$cs_db" "$cs_db.compact" >/dev/null
compact_s=$(awk -v a="$compact_start" -v b="$(now_ns)" 'BEGIN{printf "%.1f", (b-a)/1e9}')
isize[citesearch-compact]=$(mb "$cs_db.compact")
rm -rf "$cs_db.compact"

if ((!skip_raw)); then
  raw_db=$work/raw-$size
  rm -rf "$raw_db.compact"
  if timed xapian "$peer_n" "$bin/perf-xapian-index" --db "$raw_db" "$peer_corpus"; then
    isize[xapian]=$(mb "$raw_db")
    echo "SIZE xapian mb=${isize[xapian]}" >> "$log"
    xapian-compact "$raw_db" "$raw_db.compact" >/dev/null
    rm -rf "$raw_db"; mv "$raw_db.compact" "$raw_db"  # queries run on the compacted index
  else
    isize[xapian]=$(sed -n 's/^SIZE xapian mb=//p' "$prev_log" | tail -1)
    echo "SIZE xapian mb=${isize[xapian]}" >> "$log"
  fi
  isize[xapian-compact]=$(mb "$raw_db"); docs[xapian]=$(xdocs "$raw_db")
fi
if ((!skip_omega)); then
  omega_db=$work/omega-$size
  [[ -s $work/corpus-$size.dump ]] || "$bin/perf-ris-to-dump" "$peer_corpus" > "$work/corpus-$size.dump" 2>/dev/null
  timed omega "$peer_n" scriptindex "$omega_db" "$here/omega/citations.script" "$work/corpus-$size.dump" || true
  isize[omega]=$(mb "$omega_db"); docs[omega]=$(xdocs "$omega_db")
  rm -f "$work/corpus-$size.dump"
fi
if ((!skip_fts5)); then
  fts_db=$work/fts5-$size.sqlite
  timed fts5 "$peer_n" "$bin/perf-fts5" index --db "$fts_db" "$peer_corpus" || true
  isize[fts5]=$(mb "$fts_db"); docs[fts5]=$peer_n
fi

# ---------------------------------------------------------------- citesearch-server
declare -A q_qps q_p50 q_p99 q_max q_err
# record KEY < RESULT line
record() {
  local line
  line=$(grep '^RESULT' | tail -1)
  echo "$line" >> "$log"
  q_qps[$1]=$(sed -n 's/.* qps=\([0-9.]*\).*/\1/p' <<<"$line")
  q_p50[$1]=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  q_p99[$1]=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  q_max[$1]=$(sed -n 's/.* max_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  q_err[$1]=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")
}
max_requests=$((seconds * 5000))
sync
port=$(free_port)
thread_flag=()
[[ -n $server_threads ]] && thread_flag=(--threads "$server_threads")
first_q=$(head -1 "$queries")
say "citesearch-server: start-up (load $(load))"
t0=$(now_ns)
(cd "$work" && exec "$server" --db "$cs_db" --port "$port" --web-root "$repo/web" --no-access-log "${thread_flag[@]}") \
  > "$work/server-$size.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
ready=$("$bin/perf-http-load" wait --port "$port" --path "/api/search?size=10&q=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$first_q")" --timeout 60 | sed -n 's/^READY //p')
startup_ms=$(awk -v a="$t0" -v b="$ready" 'BEGIN{printf "%.0f", (b-a)/1e6}')
echo "STARTUP citesearch ms=$startup_ms" >> "$log"

search_path='/api/search?size=10&q={q}'
for c in 1 4 16; do
  say "citesearch HTTP c=$c (load $(load))"
  "$bin/perf-http-load" load --port "$port" --path "$search_path" --queries "$queries" --concurrency $c \
    --seconds "$seconds" --max-requests "$max_requests" --label "citesearch" 2>>"$work/errors-$size.log" | record "cs$c"
done
for c in 1 16; do
  say "citesearch HTTP c=$c with facets (load $(load))"
  "$bin/perf-http-load" load --port "$port" --path "$search_path&facets=year,journal,author" --queries "$queries" \
    --concurrency $c --seconds "$seconds" --max-requests "$max_requests" --label "citesearch+facets" \
    2>>"$work/errors-$size.log" | record "csf$c"
done
read -r vmrss rssanon rssfile vmhwm < <(awk '/^VmRSS/{a=$2} /^RssAnon/{b=$2} /^RssFile/{c=$2} /^VmHWM/{d=$2} END{print a, b, c, d}' "/proc/$server_pid/status")
echo "SERVER_RSS vmrss_kb=$vmrss rssanon_kb=$rssanon rssfile_kb=$rssfile vmhwm_kb=$vmhwm" >> "$log"

# Freshness: a 1,000-record file lands; how long until all of it is searchable?
fresh_path='/api/search?size=1&q=qqfreshmark'
if "$index" --help 2>/dev/null | grep -Eq '^ +watch '; then
  fresh_mode="watch: file renamed into the drop folder -> all 1,000 searchable"
  drop=$work/drop-$size
  rm -rf "$drop"; mkdir -p "$drop"
  "$index" watch --db "$cs_db" --drop "$drop" > "$work/watch-$size.log" 2>&1 &
  watch_pid=$!; pids+=("$watch_pid")
  sleep 2
  cp "$fresh/part-00000.ris" "$drop/.fresh.tmp"
  t0=$(now_ns)
  mv "$drop/.fresh.tmp" "$drop/fresh.ris"
  found=$("$bin/perf-http-load" poll --port "$port" --path "$fresh_path" --expect 1000 --timeout 120 | sed -n 's/^FOUND //p' || true)
  stop_pid "$watch_pid"
else
  fresh_mode="add (no watch yet): start of \`citesearch-index add\` of the file -> all 1,000 searchable"
  t0=$(now_ns)
  "$index" add --db "$cs_db" "$fresh/part-00000.ris" > "$work/fresh-add-$size.log" 2>&1 &
  add_pid=$!; pids+=("$add_pid")
  found=$("$bin/perf-http-load" poll --port "$port" --path "$fresh_path" --expect 1000 --timeout 120 | sed -n 's/^FOUND //p' || true)
  wait "$add_pid" || true
  pids=("${pids[@]/$add_pid}")
fi
fresh_s=$(awk -v a="$t0" -v b="${found:-0}" 'BEGIN{ if (b == 0) print "timeout"; else printf "%.2f", (b-a)/1e9}')
echo "FRESHNESS mode=${fresh_mode%%:*} seconds=$fresh_s" >> "$log"
stop_pid "$server_pid"

# cpp-httplib gives each keep-alive connection a worker thread for as long as
# it lives: with more connections than threads the extra ones wait. So c=16
# once more against a server with 16 threads.
if [[ -z $server_threads ]]; then
  port=$(free_port)
  (cd "$work" && exec "$server" --db "$cs_db" --port "$port" --web-root "$repo/web" --no-access-log --threads 16) \
    >> "$work/server-$size.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  "$bin/perf-http-load" wait --port "$port" --path "/api/search?q=x" --timeout 60 >/dev/null
  say "citesearch HTTP c=16, --threads 16 (load $(load))"
  "$bin/perf-http-load" load --port "$port" --path "$search_path" --queries "$queries" --concurrency 16 \
    --seconds "$seconds" --max-requests "$max_requests" --label "citesearch-t16" 2>>"$work/errors-$size.log" | record "cs16t16"
  stop_pid "$server_pid"
fi

# ---------------------------------------------------------------- peers' query loops
if ((!skip_raw)); then
  for th in 1 2; do
    say "raw Xapian threads=$th (load $(load))"
    "$bin/perf-xapian-query" --db "$raw_db" --queries "$queries" --threads $th --seconds "$seconds" \
      --max-queries "$max_requests" --label xapian 2>/dev/null | record "raw$th"
  done
  say "raw Xapian threads=2, no snippets (load $(load))"
  "$bin/perf-xapian-query" --db "$raw_db" --queries "$queries" --threads 2 --seconds "$seconds" \
    --max-queries "$max_requests" --no-snippets --label xapian-nosnippets 2>/dev/null | record "rawns2"
  say "raw Xapian threads=2, OR (load $(load))"
  "$bin/perf-xapian-query" --db "$raw_db" --queries "$queries" --threads 2 --seconds "$seconds" \
    --max-queries "$max_requests" --default-op or --label xapian-or 2>/dev/null | record "rawor2"
fi
if ((!skip_fts5)); then
  for th in 1 2; do
    say "FTS5 threads=$th (load $(load))"
    "$bin/perf-fts5" query --db "$fts_db" --queries "$queries" --threads $th --seconds "$seconds" \
      --max-queries "$max_requests" --label fts5 | record "fts$th"
  done
fi
if ((!skip_omega)); then
  mkdir -p "$work/omega-dbs" "$work/omega-log" "$work/omega-cdb" "$work/www"
  ln -sfn "$omega_db" "$work/omega-dbs/bench"
  cat > "$work/omega.conf" <<EOF
database_dir $work/omega-dbs
template_dir $here/omega/templates
log_dir $work/omega-log
cdb_dir $work/omega-cdb
EOF
  oport=$(free_port)
  cat > "$work/lighttpd.conf" <<EOF
server.modules = ("mod_alias", "mod_cgi", "mod_setenv")
server.document-root = "$work/www"
server.bind = "127.0.0.1"
server.port = $oport
server.errorlog = "$work/lighttpd-error.log"
server.max-keep-alive-requests = 100000
server.max-connections = 256
alias.url = ("/cgi-bin/omega" => "/usr/lib/cgi-bin/omega/omega")
cgi.assign = ("" => "")
setenv.add-environment = ("OMEGA_CONFIG_FILE" => "$work/omega.conf")
EOF
  lighttpd -D -f "$work/lighttpd.conf" > "$work/lighttpd.log" 2>&1 &
  lighttpd_pid=$!; pids+=("$lighttpd_pid")
  omega_path='/cgi-bin/omega?DB=bench&FMT=bench&HITSPERPAGE=10&P={q}'
  "$bin/perf-http-load" wait --port "$oport" --path "/cgi-bin/omega?DB=bench&FMT=bench&P=test" --timeout 30 >/dev/null
  for c in 1 4 16; do
    say "Omega CGI c=$c (load $(load))"
    "$bin/perf-http-load" load --port "$oport" --path "$omega_path" --queries "$queries" --concurrency $c \
      --seconds "$seconds" --max-requests "$max_requests" --warmup 5 --label omega 2>>"$work/errors-$size.log" | record "omega$c"
  done
  stop_pid "$lighttpd_pid"
fi

# ---------------------------------------------------------------- table
v() { local x=${1:-}; [[ -n $x ]] && echo "$x" || echo "–"; }
ratio() { awk -v a="${1:-}" -v b="${2:-}" 'BEGIN{ if (a == "" || b == "" || b+0 == 0) print "–"; else printf "%.2f×", a/b }'; }
out=$work/results-$size.md
{
  echo "### Run: --size $size, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/{printf "%.0f GB", $2/1e6}' /proc/meminfo) RAM;" \
       "Xapian $(xapian-config --version 2>/dev/null | awk '{print $NF}'), SQLite $(sqlite3 --version | cut -d' ' -f1);" \
       "citesearch built from $built_from; load at the end $(load)."
  echo "Corpus: $records records, $((corpus_bytes / 1000000)) MB of RIS; $(wc -l < "$queries") queries; ${seconds}s per query run."
  if [[ $peer_corpus != "$corpus" ]]; then echo "Peers (Xapian, Omega, FTS5) indexed and queried the first $peer_n records only."; fi
  echo
  echo "| indexing | records/s (wall) | records/CPU-s | peak RSS MB | index MB | documents |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "| citesearch-index add | $(v "${rate[citesearch]:-}") | $(v "${cpu_rate[citesearch]:-}") | $(v "${rss[citesearch]:-}") | ${isize[citesearch]} (compacted ${isize[citesearch-compact]}, in ${compact_s}s) | $(v "${docs[citesearch]:-}") |"
  ((skip_raw)) || echo "| raw Xapian C++ (limit) | ${rate[xapian]} | ${cpu_rate[xapian]} | ${rss[xapian]} | ${isize[xapian]} (compacted ${isize[xapian-compact]}) | $(v "${docs[xapian]:-}") |"
  ((skip_omega)) || echo "| Omega scriptindex | ${rate[omega]} | ${cpu_rate[omega]} | ${rss[omega]} | ${isize[omega]} | $(v "${docs[omega]:-}") |"
  ((skip_fts5)) || echo "| SQLite FTS5 (bulk, optimized) | ${rate[fts5]} | ${cpu_rate[fts5]} | ${rss[fts5]} | ${isize[fts5]} | ${docs[fts5]} |"
  echo
  echo "| queries (top 10, stored fields, snippets) | queries/s | p50 ms | p99 ms | max ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|"
  for c in 1 4 16; do echo "| citesearch-server HTTP, c=$c | ${q_qps[cs$c]} | ${q_p50[cs$c]} | ${q_p99[cs$c]} | ${q_max[cs$c]} | ${q_err[cs$c]} |"; done
  [[ -n ${q_qps[cs16t16]:-} ]] && echo "| citesearch-server HTTP, c=16, \`--threads 16\` | ${q_qps[cs16t16]} | ${q_p50[cs16t16]} | ${q_p99[cs16t16]} | ${q_max[cs16t16]} | ${q_err[cs16t16]} |"
  for c in 1 16; do echo "| citesearch-server HTTP + facets year,journal,author, c=$c | ${q_qps[csf$c]} | ${q_p50[csf$c]} | ${q_p99[csf$c]} | ${q_max[csf$c]} | ${q_err[csf$c]} |"; done
  if ((!skip_raw)); then
    for th in 1 2; do echo "| raw Xapian in-process, $th thread(s) (limit; MSet::snippet flags 0) | ${q_qps[raw$th]} | ${q_p50[raw$th]} | ${q_p99[raw$th]} | ${q_max[raw$th]} | ${q_err[raw$th]} |"; done
    echo "| raw Xapian in-process, 2 threads, no snippets | ${q_qps[rawns2]} | ${q_p50[rawns2]} | ${q_p99[rawns2]} | ${q_max[rawns2]} | ${q_err[rawns2]} |"
    echo "| raw Xapian in-process, 2 threads, default OR | ${q_qps[rawor2]} | ${q_p50[rawor2]} | ${q_p99[rawor2]} | ${q_max[rawor2]} | ${q_err[rawor2]} |"
  fi
  if ((!skip_fts5)); then
    for th in 1 2; do echo "| SQLite FTS5 bm25 in-process, $th thread(s) | ${q_qps[fts$th]} | ${q_p50[fts$th]} | ${q_p99[fts$th]} | ${q_max[fts$th]} | ${q_err[fts$th]} |"; done
  fi
  if ((!skip_omega)); then
    for c in 1 4 16; do echo "| Omega CGI behind lighttpd, c=$c | ${q_qps[omega$c]} | ${q_p50[omega$c]} | ${q_p99[omega$c]} | ${q_max[omega$c]} | ${q_err[omega$c]} |"; done
  fi
  echo
  echo "| other | value |"
  echo "|---|---:|"
  echo "| freshness, 1,000-record file ($fresh_mode) | ${fresh_s} s |"
  echo "| server RSS after the query runs (anon / file-backed) | $((vmrss / 1024)) MB ($((rssanon / 1024)) / $((rssfile / 1024))); peak $((vmhwm / 1024)) MB |"
  echo "| server start-up to first answer | ${startup_ms} ms |"
  echo
  echo "| ratio (targets) | value |"
  echo "|---|---:|"
  ((skip_omega)) || echo "| indexing records/s vs Omega scriptindex (≥ 4×) | $(ratio "${rate[citesearch]}" "${rate[omega]}") (CPU: $(ratio "${cpu_rate[citesearch]}" "${cpu_rate[omega]}")) |"
  ((skip_fts5)) || echo "| indexing records/s vs FTS5 bulk (heading for 1×) | $(ratio "${rate[citesearch]}" "${rate[fts5]}") |"
  ((skip_raw)) || echo "| index size vs compacted raw Xapian (≤ 1×) | $(ratio "${isize[citesearch]}" "${isize[xapian-compact]}") (compacted: $(ratio "${isize[citesearch-compact]}" "${isize[xapian-compact]}")) |"
  ((skip_raw)) || echo "| HTTP c=16 vs raw Xapian 2 threads (≥ 0.8×) | $(ratio "${q_qps[cs16]}" "${q_qps[raw2]}") (\`--threads 16\`: $(ratio "${q_qps[cs16t16]:-}" "${q_qps[raw2]}"); vs no snippets: $(ratio "${q_qps[cs16]}" "${q_qps[rawns2]}"); vs OR: $(ratio "${q_qps[cs16]}" "${q_qps[rawor2]}")) |"
  ((skip_omega)) || echo "| HTTP c=16 vs Omega CGI c=16 (≥ 5×) | $(ratio "${q_qps[cs16]}" "${q_qps[omega16]}") |"
  ((skip_fts5)) || echo "| HTTP c=16 vs FTS5 2 threads (≥ 10×) | $(ratio "${q_qps[cs16]}" "${q_qps[fts2]}") |"
  echo "| p99 at c=16 (≤ 20 ms at 1 M) | ${q_p99[cs16]} ms |"
  echo "| facets cost, c=1 p50 / c=16 queries/s (≤ 2×) | $(ratio "${q_p50[csf1]}" "${q_p50[cs1]}") / $(ratio "${q_qps[cs16]}" "${q_qps[csf16]}") |"
  echo "| freshness (≤ 5 s at 1 M) | ${fresh_s} s |"
  echo "| server RSS (≤ 200 MB at 1 M) | $((vmrss / 1024)) MB |"
  echo "| start-up to first answer (≤ 1 s) | ${startup_ms} ms |"
} > "$out"
cat "$out"
