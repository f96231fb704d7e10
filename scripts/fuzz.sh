#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/ (or $FUZZ_BUILD_DIR), and runs
# each for a bounded time from its seed corpus:
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 60)
#
# Seeds: fuzz/seeds/ (taken from the tests), data/, and the shared RIS
# fixtures in ../shared/data/ris-fixtures, read where they are. What the
# fuzzer learns goes to a temporary corpus, discarded afterwards. A crash,
# leak, sanitizer report or timeout leaves its input in BUILD/crashes/, prints
# the report and fails the run; turn the input into a test in tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
seconds=${1:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
fixtures="$repo/../shared/data/ris-fixtures"

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCITESEARCH_FUZZ=ON \
  -DCITESEARCH_TESTS=OFF -DCITESEARCH_BENCH=OFF >/dev/null
if ! cmake --build "$build" -j"$(nproc)" --target fuzz-ris-reader fuzz-query-parser fuzz-request-params >"$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/citesearch-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/crashes"

# One seed file per line of a seeds list; with "escapes", \n and \r in a line become line ends.
seeds_from_lines() {
  local list=$1 dir=$2 mode=${3:-plain} n=0 line
  mkdir -p "$dir"
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    if [[ $mode == escapes ]]; then printf '%b' "$line" >"$dir/seed-$n"; else printf '%s' "$line" >"$dir/seed-$n"; fi
  done <"$list"
}
seeds_from_lines fuzz/seeds/queries.txt "$work/seeds-query"
seeds_from_lines fuzz/seeds/requests.txt "$work/seeds-request" escapes
ris_seeds=(fuzz/seeds/ris data/sample data/seed)
if [[ -d $fixtures ]]; then ris_seeds+=("$fixtures"); else echo "fuzz: $fixtures is missing; RIS seeds from the repository only" >&2; fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

status=0
# fuzz NAME MAX_LEN SEED_DIR...
fuzz() {
  local name=$1 max_len=$2
  shift 2
  mkdir -p "$work/corpus-$name"
  local log="$work/$name.log"
  if "$build/fuzz/fuzz-$name" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$name-" "$work/corpus-$name" "$@" >"$log" 2>&1; then
    local runs corpus
    runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
    corpus=$(find "$work/corpus-$name" -type f | wc -l)
    echo "fuzz: $name: $runs runs in ${seconds} s, no crash ($corpus new corpus inputs)"
  else
    echo "fuzz: $name FAILED; the report:" >&2
    grep -v '^#' "$log" | tail -n 60 >&2
    status=1
  fi
}
fuzz ris-reader 16384 "${ris_seeds[@]}"
fuzz query-parser 4096 "$work/seeds-query"
fuzz request-params 8192 "$work/seeds-request"
exit $status
