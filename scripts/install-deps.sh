#!/usr/bin/env bash
# Installs the Debian 12 packages citesearch needs, only those missing.
# Idempotent: a second run installs nothing and touches nothing.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also what the tests need (browser, Node.js, clang for fuzzing)
set -euo pipefail

packages=(build-essential cmake pkg-config libxapian-dev libcpp-httplib-dev nlohmann-json3-dev catch2 libicu-dev libcli11-dev libsqlite3-dev xapian-tools curl wamerican wbritish)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium clang libclang-rt-14-dev)  # clang + libFuzzer for scripts/fuzz.sh
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
