#!/usr/bin/env bash
# Configures and builds citesearch into build/ (or $BUILD_DIR), Release with debug info.
# Extra arguments go to CMake (e.g. -DCITESEARCH_SANITIZERS=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
