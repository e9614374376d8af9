#!/usr/bin/env bash
# Installs code-server (VS Code's own server + web workbench) into .cache/code-server,
# offline-safe: the only network it needs is the npm registry.
#
# Why each step exists (see docs/architecture.md, "A real VS Code on a machine without a desktop"):
#  - code-server's postinstall runs `npm install` in lib/vscode, where @vscode/ripgrep
#    downloads a binary from GitHub. That package first looks for a cached tarball in
#    $TMPDIR/vscode-ripgrep-cache-<ver>/, so we put Debian's rg there under a private TMPDIR.
#  - node-pty is built with node-gyp against the running Node's headers (npm_config_nodedir).
#  - its postinstall refuses to run as root without unsafe-perm.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="$root/.cache/code-server"
stamp="$dest/.installed-$VERSION"

if [ -f "$stamp" ]; then
  exit 0
fi

# ripgrep, the C++ toolchain, python3 and libkrb5-dev: installed, or the one command that installs them.
bash "$here/system-deps.sh" code-server

rm -rf "$dest"
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. Which @vscode/ripgrep will lib/vscode install, and which release tags does it fetch?
(cd "$work" && npm pack "code-server@$VERSION" -q >/dev/null 2>&1)
tar xzf "$work/code-server-$VERSION.tgz" -C "$work" package/lib/vscode/npm-shrinkwrap.json
rgver="$(node -e 'const s=require(process.argv[1]); console.log(s.packages["node_modules/@vscode/ripgrep"].version)' "$work/package/lib/vscode/npm-shrinkwrap.json")"
(cd "$work" && npm pack "@vscode/ripgrep@$rgver" -q >/dev/null 2>&1)
tar xzf "$work/vscode-ripgrep-$rgver.tgz" -C "$work" package/lib/postinstall.js
tags="$(grep -oE "'v[0-9]+\.[0-9]+\.[0-9]+-[0-9]+'" "$work/package/lib/postinstall.js" | tr -d "'" | sort -u)"

# 2. A private TMPDIR holding Debian's rg in the shape the package expects.
export TMPDIR="$work/tmp"
cache="$TMPDIR/vscode-ripgrep-cache-$rgver"
mkdir -p "$cache" "$work/rgbin"
cp "$(command -v rg)" "$work/rgbin/rg"
for tag in $tags; do
  tar czf "$cache/ripgrep-$tag-x86_64-unknown-linux-musl.tar.gz" -C "$work/rgbin" rg
done

# 3. Install into its own folder, never into the extension's dependencies.
cat > "$dest/package.json" <<JSON
{ "name": "veo-studio-code-server", "private": true,
  "dependencies": { "code-server": "$VERSION" },
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
(
  cd "$dest"
  npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$node_prefix" \
    npm install --no-audit --no-fund --loglevel=error
)
test -f "$dest/node_modules/code-server/out/node/entry.js"
touch "$stamp"
echo "code-server $VERSION installed in $dest"
