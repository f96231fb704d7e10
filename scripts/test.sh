#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run every test:
# the Catch2 suite (unit and integration, through CTest) and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
bash scripts/build.sh
status=0
(cd build && ctest --output-on-failure -j2 --timeout 600) || status=1
bash tests/browser/run.sh build || status=1

if [[ $status -eq 0 ]]; then echo "test.sh: all test suites passed"; else echo "test.sh: some tests FAILED"; fi
exit $status
