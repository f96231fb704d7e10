#!/usr/bin/env bash
# Installs the benchmark's peers and tools from Debian 12 packages.
# Idempotent: installs only what is missing. Needs root (or sudo).
#   xapian-omega  Omega's scriptindex and the omega CGI (the Omega peer)
#   lighttpd      the web server in front of the omega CGI
#   libsqlite3-dev SQLite with FTS5, for perf-fts5
#   xapian-tools  xapian-compact (compacted index sizes)
#   time          GNU time: wall/CPU time and peak RSS of each indexer
#   linux-perf, valgrind  profiling (perf record, callgrind)
#   python3       picks a free loopback port
set -euo pipefail

packages=(xapian-omega lighttpd libsqlite3-dev sqlite3 xapian-tools time linux-perf valgrind python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "bench/perf/setup.sh: everything is installed"
  exit 0
fi
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO=sudo
echo "bench/perf/setup.sh: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The Debian package enables lighttpd as a system service; the benchmark
# starts its own instance on a free loopback port and needs no other.
