#!/usr/bin/env bash
# Installs code-server (a real VS Code, 1.100.3) into .vscode-test/code-server for
# `npm run test:vscode`. Kept out of the project's `npm ci`: it is ~300 MB and only the
# editor tests need it. Works offline apart from the npm registry, as root, with CI=true
# and no stdin. Idempotent: skips when that version is already installed.
# Pitfalls handled (test/vscode/README.md says more):
#   - postinstall refuses to run as root without npm_config_unsafe_perm=true;
#   - the native `kerberos` module builds from source and needs Debian's libkrb5-dev;
#   - @vscode/ripgrep's postinstall downloads rg from GitHub: we pre-seed its cache
#     with a tarball made from Debian's `rg`;
#   - node-pty's postinstall runs `npx node-gyp`, which needs npm_config_yes=true.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
# What code-server 4.100.3's VS Code pins: @vscode/ripgrep 1.15.11 fetching ripgrep v13.0.0-10.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_VERSION=v13.0.0-10

PREFIX="$PWD/.vscode-test/code-server"
BIN="$PREFIX/node_modules/.bin/code-server"

installed_version() {
  node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}

if [ -x "$BIN" ] && [ "$(installed_version)" = "$CODE_SERVER_VERSION" ]; then
  echo "setup-code-server: code-server $CODE_SERVER_VERSION already installed in $PREFIX"
  exit 0
fi

# System prerequisites: fail early with the fix rather than deep inside a postinstall.
need=()
command -v rg >/dev/null || need+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || need+=(chromium)
if ((${#need[@]})); then
  echo "setup-code-server: missing system packages: ${need[*]}" >&2
  echo "setup-code-server: run: apt-get install -y ${need[*]}   (or bash scripts/setup.sh)" >&2
  exit 1
fi

case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "setup-code-server: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

start=$(date +%s)
echo "setup-code-server: installing code-server@$CODE_SERVER_VERSION into $PREFIX (takes a few minutes)"

# @vscode/ripgrep looks in os.tmpdir()/vscode-ripgrep-cache-<pkg version>/ before downloading.
TMP_ROOT="${TMPDIR:-/tmp}"
RG_CACHE="$TMP_ROOT/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
RG_TARBALL="$RG_CACHE/ripgrep-$RIPGREP_VERSION-$RG_TARGET.tar.gz"
if [ ! -s "$RG_TARBALL" ]; then
  mkdir -p "$RG_CACHE"
  rg_stage=$(mktemp -d)
  cp "$(command -v rg)" "$rg_stage/rg"
  tar -czf "$RG_TARBALL.partial" -C "$rg_stage" rg
  mv "$RG_TARBALL.partial" "$RG_TARBALL"
  rm -rf "$rg_stage"
fi

# Start from scratch so a half-finished earlier attempt cannot leave a mixed tree.
rm -rf "$PREFIX"
mkdir -p "$PREFIX"
# allowScripts: npm 11 warns about (and a later npm blocks) unreviewed install scripts.
# code-server's postinstall installs VS Code's own dependencies; argon2 builds its binding.
cat >"$PREFIX/package.json" <<'JSON'
{ "name": "wgls-code-server", "private": true, "allowScripts": { "code-server": true, "argon2": true } }
JSON

# npm 11 calls these two "unknown config" but passes them on: code-server's postinstall
# reads npm_config_unsafe_perm, node-gyp reads npm_config_nodedir.
export npm_config_unsafe_perm=true
export npm_config_yes=true
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
# Node headers for node-gyp: use the system's instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -e /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

(cd "$PREFIX" && npm install --no-save --no-package-lock --loglevel=warn "code-server@$CODE_SERVER_VERSION" </dev/null)

# Verify the pieces that fail silently or late.
if [ "$(installed_version)" != "$CODE_SERVER_VERSION" ] || [ ! -x "$BIN" ]; then
  echo "setup-code-server: install finished but $BIN is missing or has the wrong version" >&2
  exit 1
fi
rg_bin=$(find "$PREFIX/node_modules/code-server/lib/vscode" -path '*/@vscode/ripgrep/bin/rg' -print -quit 2>/dev/null || true)
if [ -z "$rg_bin" ]; then
  echo "setup-code-server: warning: code-server's ripgrep binary was not installed (search in the workbench will not work)" >&2
fi
# (XDG_CONFIG_HOME: otherwise code-server writes a default config into ~/.config.)
xdg=$(mktemp -d)
XDG_CONFIG_HOME="$xdg" XDG_DATA_HOME="$xdg" "$BIN" --version </dev/null | head -n 1
rm -rf "$xdg"

echo "setup-code-server: done in $(($(date +%s) - start)) s"
