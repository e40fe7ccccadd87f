#!/usr/bin/env bash
# Installs everything the whole test suite needs on a fresh machine of this kind
# (Debian, Node 20, root): system packages, npm dependencies and code-server (the
# real VS Code the editor tests run in). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  chromium ripgrep libkrb5-dev                       # code-server + headless browser (real VS Code tests)
  wireguard-tools wireguard-go iproute2 iputils-ping iptables  # real wg / wg-quick / tunnels
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

bash scripts/setup-code-server.sh
echo "setup: done"
