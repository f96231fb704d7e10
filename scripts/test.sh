#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run every test:
#   1. the Catch2 suite (unit and integration, through CTest) and the browser tests;
#   2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer
#      (build-asan/); any sanitizer report, from the tests or from a server or
#      indexer they start, fails the run;
#   3. the fuzz targets, CITESEARCH_FUZZ_SECONDS (default 60) each, under
#      ASan + UBSan (scripts/fuzz.sh, build-fuzz/);
#   4. the load test: 64 connections for 60 s on loopback while the index is
#      being updated (tests/load/run.sh).
# docs/security.md says what each of them guards.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
started=$SECONDS
status=0
failed=()
step() { echo; echo "test.sh: $* ($((SECONDS - started)) s in)"; }
fail() { status=1; failed+=("$1"); }

step "building"
bash scripts/build.sh
(cd build && ctest --output-on-failure -j2 --timeout 600 -LE load) || fail "suite"
bash tests/browser/run.sh build || fail "browser tests"

step "the suite under AddressSanitizer + UndefinedBehaviorSanitizer"
BUILD_DIR=build-asan bash scripts/build.sh -DCITESEARCH_SANITIZERS=ON -DCITESEARCH_BENCH=OFF
reports="$(mktemp -d "${TMPDIR:-/tmp}/citesearch-sanitizers.XXXXXX")"
(cd build-asan &&
  ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:check_initialization_order=1:strict_init_order=1" \
  UBSAN_OPTIONS="log_path=$reports/ubsan:halt_on_error=1:print_stacktrace=1" \
  ctest --output-on-failure -j2 --timeout 1200 -LE load) || fail "suite under sanitizers"
if [[ -n "$(ls -A "$reports")" ]]; then
  echo "test.sh: sanitizer reports:" >&2
  cat "$reports"/* >&2
  fail "sanitizer reports"
fi
rm -rf "$reports"

step "fuzzing"
bash scripts/fuzz.sh "${CITESEARCH_FUZZ_SECONDS:-60}" || fail "fuzzing"

step "the load test"
bash tests/load/run.sh build || fail "load test"

echo
if [[ $status -eq 0 ]]; then
  echo "test.sh: all test suites passed in $((SECONDS - started)) s"
else
  echo "test.sh: FAILED: ${failed[*]} ($((SECONDS - started)) s)"
fi
exit $status
