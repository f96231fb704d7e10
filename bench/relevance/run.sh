#!/usr/bin/env bash
# Relevance benchmark (docs/relevance.md): for each judged collection, index
# its RIS with the real citesearch-index, query the real citesearch-server,
# and compare nDCG@10, Recall@100 and MAP@100 with the plain-Xapian floor and
# SQLite FTS5. Prints one table per collection, then all of them as Markdown.
#
#   bench/relevance/run.sh                      every collection, training queries
#   bench/relevance/run.sh --collection cacm    one collection
#   bench/relevance/run.sh --quick              the regression subset (CACM, 100 SciFact claims)
#   bench/relevance/run.sh --collection scifact --queries Q.jsonl --qrels R.tsv   another split
#   bench/relevance/run.sh --systems 'citesearch,citesearch?feedback=true'        the options
#
# Options: --build DIR (default build), --data DIR (default ../shared/data),
# --systems LIST (default floor,fts5,citesearch), --runs DIR (TREC run files),
# --check FILE (baseline: exit 1 when nDCG@10 drops more than 0.01),
# --no-build (use the driver already in DIR: how ctest runs the guard).
#
# The regression guard (ctest -L relevance) is
#   run.sh --quick --systems citesearch --check bench/relevance/baseline-quick.tsv
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build"
data="${CITESEARCH_DATA:-$root/../shared/data}"
collection=all
quick=0
build_first=1
systems="floor,fts5,citesearch"
queries=""
qrels=""
extra=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --collection) collection="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --build) build="$(realpath -m "$2")"; shift 2 ;;
    --data) data="$(realpath -m "$2")"; shift 2 ;;
    --systems) systems="$2"; shift 2 ;;
    --queries) queries="$(realpath "$2")"; shift 2 ;;
    --qrels) qrels="$(realpath "$2")"; shift 2 ;;
    --runs) extra+=(--runs "$(realpath -m "$2")"); shift 2 ;;
    --check) extra+=(--check "$(realpath "$2")"); shift 2 ;;
    --no-build) build_first=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -n "$queries$qrels" && ( -z "$queries" || -z "$qrels" || "$collection" == all ) ]]; then
  echo "run.sh: --queries and --qrels go together, with one --collection" >&2
  exit 2
fi

# Missing data is a failure, never a skip: a guard that passes without
# measuring anything guards nothing.
if [[ ! -d "$data/cacm" || ! -d "$data/scifact" ]]; then
  echo "run.sh: error: no judged collections in $data (expected the shared data folder, ../shared/data" \
    "beside the checkout, with cacm/ and scifact/; see its README.md); give --data DIR or set CITESEARCH_DATA" >&2
  exit 2
fi

if [[ $build_first -eq 1 ]]; then
  cmake -S "$root" -B "$build" >/dev/null
  cmake --build "$build" -j2 --target citesearch-relevance >/dev/null
fi
driver="$build/bench/relevance/citesearch-relevance"
if [[ ! -x "$driver" ]]; then
  echo "run.sh: error: $driver is not built (cmake --build $build --target citesearch-relevance)" >&2
  exit 2
fi

tsv="$(mktemp)"
trap 'rm -f "$tsv"' EXIT

# run NAME DEFAULT_QUERIES DEFAULT_QRELS CORPUS_ARGS... [-- DRIVER_ARGS...]
run() {
  local name="$1" q="$2" r="$3"
  shift 3
  [[ -n "$queries" ]] && q="$queries" && r="$qrels"
  # The driver's status is the result (1: below the baseline); set -e does not
  # apply inside a function called with ||, so pass it on explicitly.
  local rc=0
  timeout 1200 "$driver" --name "$name" --bin "$build" --systems "$systems" --queries "$q" --qrels "$r" \
    --tsv "$tsv" "${extra[@]}" "$@" || rc=$?
  echo
  return $rc
}

wanted() { [[ "$collection" == all || "$collection" == "$1" ]]; }

status=0
if [[ $quick -eq 1 ]]; then
  # The regression subset: small enough for the test run (well under a minute).
  run cacm "$data/cacm/queries.train.jsonl" "$data/cacm/qrels/train.tsv" --corpus "$data/cacm/corpus.ris" || status=$?
  run scifact-100 "$data/scifact/queries.train.jsonl" "$data/scifact/qrels/train.tsv" \
    --corpus "$data/scifact/corpus.ris" --max-queries 100 || status=$?
else
  for c in scifact cacm cisi; do
    wanted $c || continue
    qdir="$data/$c"
    run $c "$qdir/queries.train.jsonl" "$qdir/qrels/train.tsv" --corpus "$qdir/corpus.ris" || status=$?
  done
  # Screening sets: each review's candidates are its own RIS file, <review>.ris.
  for c in synergy cohen2006 asreview-legacy; do
    wanted $c || continue
    run $c "$data/$c/topics.train.jsonl" "$data/$c/qrels.train.tsv" --corpus-dir "$data/$c" || status=$?
  done
fi

# Every collection x metric x system, as Markdown.
awk -F'\t' '
  { key = $1; if (!(key in seen)) { seen[key] = 1; order[++n] = key; queries[key] = $3 }
    if (!($2 in sys)) { sys[$2] = 1; sysorder[++m] = $2 }
    v[key, $2, 1] = $4; v[key, $2, 2] = $5; v[key, $2, 3] = $6 }
  END {
    split("nDCG@10 R@100 MAP@100", metric, " ")
    printf "| collection | queries | metric |"; for (j = 1; j <= m; j++) printf " %s |", sysorder[j]; printf "\n"
    printf "|---|---:|---|"; for (j = 1; j <= m; j++) printf "---:|"; printf "\n"
    for (i = 1; i <= n; i++) for (k = 1; k <= 3; k++) {
      printf "| %s | %s | %s |", (k == 1 ? order[i] : ""), (k == 1 ? queries[order[i]] : ""), metric[k]
      for (j = 1; j <= m; j++) { x = v[order[i], sysorder[j], k]; printf " %s |", (x == "" ? "" : sprintf("%.4f", x)) }
      printf "\n"
    }
  }' "$tsv"
exit $status
