#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, index the bundled
# sample data (data/) into var/db, and run the server on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p var && rm -rf var/db.new
./build/indexer/citesearch-index add --db var/db.new data
rm -rf var/db && mv var/db.new var/db
echo
echo "Search page:  http://127.0.0.1:8080/"
echo "JSON API:     curl 'http://127.0.0.1:8080/api/search?q=immune+checkpoint+interventional+radiology'"
echo
exec ./build/server/citesearch-server --config config/citesearch.json
