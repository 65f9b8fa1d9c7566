#!/usr/bin/env bash
# install-pulumi.sh — make a `pulumi` CLI (PULUMI_CLI_VERSION of scripts/versions.sh)
# available to this project in .tools/pulumi/bin (git-ignored).
#
# Order of preference:
#   1. a compatible `pulumi` (3.x, >= PULUMI_VERSION) already on PATH: symlink it
#      (plus its sibling plugins) into .tools/pulumi/bin;
#   2. Go (PATH or /usr/local/go/bin): build from the Go module proxy, through the
#      wrapper module scripts/pulumi-cli/ (go.mod/go.sum pin pulumi pkg/v3 + sdk/v3):
#        - pulumi                  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi (the real CLI/engine)
#        - pulumi-language-nodejs  scripts/pulumi-cli/cmd/pulumi-language-nodejs — a small host of
#          our own: the upstream one (module .../sdk/nodejs/cmd/pulumi-language-nodejs/v3) is
#          never tagged and is not served by the module proxy reachable here;
#        - pulumi-resource-pulumi-nodejs  scripts/pulumi-cli/cmd/pulumi-resource-pulumi-nodejs —
#          the dynamic-provider launcher, as the npm package's shell script, but it ends the
#          provider host when pulumi dies (the script leaves it running);
#        all three end when their parent dies (scripts/pulumi-cli/internal/orphan);
#      skipped when the binaries are present, report the right version and the
#      wrapper sources are unchanged;
#   3. neither: print the official install instructions and exit 1.
# With a CLI from PATH, the launcher shipped in node_modules/@pulumi/pulumi is installed next to it
# unless one is already there.
#
# Knobs: PULUMI_INSTALL_IGNORE_PATH=1 (always use/build the local copy),
#        PULUMI_INSTALL_FORCE_BUILD=1 (rebuild even if up to date).
# Caches: .tools/go/mod (GOMODCACHE, ~1.5 GB) and .tools/go/build (GOCACHE).
#
# Running pulumi offline here (no Pulumi Cloud, no plugin downloads):
#   export PATH="$PWD/.tools/pulumi/bin:$PATH"
#   export PULUMI_HOME="$(mktemp -d)"            # or any writable dir
#   export PULUMI_CONFIG_PASSPHRASE=x             # secrets provider of the file:// backend
#   export PULUMI_SKIP_UPDATE_CHECK=true          # no version check against the service
#   export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
#   export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true   # Automation API: accept this CLI
#   pulumi login "file://$PULUMI_HOME/state"      # or PULUMI_BACKEND_URL=file://...
# The dynamic-provider launcher resolves @pulumi/pulumi from the program's
# directory, so the Pulumi program needs a node_modules that contains it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=versions.sh
. "$ROOT/scripts/versions.sh"
PULUMI_VERSION="$PULUMI_CLI_VERSION"
BIN_DIR="$ROOT/.tools/pulumi/bin"
GO_CACHE_ROOT="$ROOT/.tools/go"
WRAPPER_DIR="$ROOT/scripts/pulumi-cli"
STAMP_FILE="$ROOT/.tools/pulumi/.build-stamp"
NPM_LAUNCHER="$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

log() { printf '[install-pulumi] %s\n' "$*" >&2; }

# version_ok V: V (with or without leading v) is 3.x and >= PULUMI_VERSION.
version_ok() {
  local v="${1#v}"
  v="${v%%[-+]*}"
  [[ "$v" =~ ^3\.[0-9]+\.[0-9]+$ ]] || return 1
  [[ "$(printf '%s\n%s\n' "$PULUMI_VERSION" "$v" | sort -V | head -n1)" == "$PULUMI_VERSION" ]]
}

pulumi_version_of() { # prints e.g. v3.248.0, or nothing
  PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | head -n1 | tr -d '[:space:]' || true
}

install_launcher() {
  local src="${1:-}"
  if [[ -z "$src" || ! -f "$src" ]]; then src="$NPM_LAUNCHER"; fi
  if [[ -f "$src" ]]; then
    rm -f "$BIN_DIR/pulumi-resource-pulumi-nodejs"
    install -m 0755 "$src" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
  else
    log "WARNING: $NPM_LAUNCHER not found (run 'npm ci' first, then re-run this script);"
    log "         dynamic providers (pulumi.dynamic.Resource) will not work until then."
  fi
}

print_env_help() {
  cat <<EOF
# Recommended environment for running pulumi offline here:
export PATH="$BIN_DIR:\$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
export PULUMI_CONFIG_PASSPHRASE=<passphrase>     # file:// backend secrets
# export PULUMI_HOME=<writable dir>; pulumi login file://<state dir>
EOF
}

finish() { # $1 = how, $2 = build seconds or "", prints the summary
  local how="$1" secs="${2:-}"
  local ver
  ver="$(pulumi_version_of "$BIN_DIR/pulumi")"
  echo "pulumi: $ver ($how)"
  if [[ -x "$BIN_DIR/pulumi-language-nodejs" ]]; then
    echo "pulumi-language-nodejs: $(readlink -f "$BIN_DIR/pulumi-language-nodejs")"
  fi
  if [[ -n "$secs" ]]; then echo "build wall time: ${secs}s"; fi
  if [[ -d "$GO_CACHE_ROOT" ]]; then
    du -sh "$GO_CACHE_ROOT/mod" "$GO_CACHE_ROOT/build" 2>/dev/null | sed 's/^/cache: /' || true
  fi
  print_env_help
  echo "PULUMI_VERSION=$ver"
  echo "PULUMI_BIN=$BIN_DIR"
}

mkdir -p "$BIN_DIR"
# Several worktrees may share one .tools: one build at a time, the others wait and reuse it.
exec 9>"$ROOT/.tools/pulumi/.lock"
flock 9

# ---------------------------------------------------------------- 1. PATH ---
if [[ -z "${PULUMI_INSTALL_IGNORE_PATH:-}" ]]; then
  while IFS= read -r cand; do
    [[ -n "$cand" ]] || continue
    real="$(readlink -f "$cand")"
    # Skip our own output dir (it may be on PATH already).
    [[ "$(dirname "$real")" == "$(readlink -f "$BIN_DIR")" || "$(dirname "$cand")" == "$BIN_DIR" ]] && continue
    ver="$(pulumi_version_of "$cand")"
    log "found pulumi on PATH: $cand (-> $real) version '${ver:-unknown}'"
    if version_ok "$ver"; then
      dir="$(dirname "$real")"
      ln -sfn "$real" "$BIN_DIR/pulumi"
      for p in pulumi-language-nodejs; do
        if [[ -x "$dir/$p" ]]; then
          ln -sfn "$dir/$p" "$BIN_DIR/$p"
        elif other="$(command -v "$p" 2>/dev/null)" && [[ "$(dirname "$other")" != "$BIN_DIR" ]]; then
          ln -sfn "$(readlink -f "$other")" "$BIN_DIR/$p"
        else
          log "WARNING: no $p next to $real; Node.js programs will not run"
        fi
      done
      install_launcher "$dir/pulumi-resource-pulumi-nodejs"
      rm -f "$STAMP_FILE"
      finish "symlinked from PATH: $real"
      exit 0
    fi
    log "  not compatible (need 3.x >= $PULUMI_VERSION); ignoring it"
  done < <(type -ap pulumi 2>/dev/null || true)
fi

# ------------------------------------------------------------------ 2. Go ---
GO_BIN="$(command -v go 2>/dev/null || true)"
if [[ -z "$GO_BIN" && -x /usr/local/go/bin/go ]]; then GO_BIN=/usr/local/go/bin/go; fi

if [[ -z "$GO_BIN" ]]; then
  cat >&2 <<EOF
No compatible pulumi CLI (3.x >= $PULUMI_VERSION) on PATH and no Go toolchain to build one.
Install the Pulumi CLI with the official instructions: https://www.pulumi.com/docs/install/
  curl -fsSL https://get.pulumi.com | sh -s -- --version $PULUMI_VERSION
then re-run: bash scripts/install-pulumi.sh
EOF
  exit 1
fi

grep -q "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" "$WRAPPER_DIR/go.mod" || {
  log "ERROR: $WRAPPER_DIR/go.mod does not pin pkg/v3 v$PULUMI_VERSION"; exit 1; }

stamp() { # fingerprint of everything that determines the build output
  {
    echo "$PULUMI_VERSION"
    "$GO_BIN" version
    cat "$WRAPPER_DIR/go.mod" "$WRAPPER_DIR/go.sum"
    find "$WRAPPER_DIR" -name '*.go' -type f | LC_ALL=C sort | xargs cat
  } | sha256sum | cut -d' ' -f1
}
want_stamp="$(stamp)"

up_to_date() {
  [[ -z "${PULUMI_INSTALL_FORCE_BUILD:-}" ]] || return 1
  [[ -f "$BIN_DIR/pulumi" && ! -L "$BIN_DIR/pulumi" ]] || return 1
  [[ -f "$BIN_DIR/pulumi-language-nodejs" && ! -L "$BIN_DIR/pulumi-language-nodejs" ]] || return 1
  [[ -f "$BIN_DIR/pulumi-resource-pulumi-nodejs" && ! -L "$BIN_DIR/pulumi-resource-pulumi-nodejs" ]] || return 1
  [[ "$(pulumi_version_of "$BIN_DIR/pulumi")" == "v$PULUMI_VERSION" ]] || return 1
  [[ "$("$BIN_DIR/pulumi-language-nodejs" -version 2>/dev/null)" == "$PULUMI_VERSION" ]] || return 1
  [[ -f "$STAMP_FILE" && "$(cat "$STAMP_FILE")" == "$want_stamp" ]] || return 1
}

if up_to_date; then
  log "pulumi v$PULUMI_VERSION already built in $BIN_DIR (sources unchanged); skipping build"
  finish "already built"
  exit 0
fi

export GOMODCACHE="$GO_CACHE_ROOT/mod"
export GOCACHE="$GO_CACHE_ROOT/build"
export GOFLAGS="-mod=readonly -buildvcs=false"   # go.sum is committed; never rewrite it
export GOWORK=off
export CGO_ENABLED="${CGO_ENABLED:-0}"
mkdir -p "$GOMODCACHE" "$GOCACHE"

log "building pulumi v$PULUMI_VERSION with $("$GO_BIN" version) (a cold build takes several minutes)"
start=$(date +%s)
# Build into a staging directory and move the binaries into place at the end: another checkout
# sharing this .tools may be running the previous ones meanwhile.
STAGE_DIR="$ROOT/.tools/pulumi/.stage"
rm -rf "$STAGE_DIR"
mkdir -p "$STAGE_DIR"
rm -f "$STAMP_FILE"
(
  cd "$WRAPPER_DIR"
  "$GO_BIN" build -o "$STAGE_DIR/pulumi" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  "$GO_BIN" build -o "$STAGE_DIR/pulumi-language-nodejs" \
    -ldflags "-s -w -X main.version=$PULUMI_VERSION" \
    ./cmd/pulumi-language-nodejs
  "$GO_BIN" build -o "$STAGE_DIR/pulumi-resource-pulumi-nodejs" -ldflags "-s -w" ./cmd/pulumi-resource-pulumi-nodejs
)
# mv replaces symlinks left by mode 1 instead of writing through them; each rename is atomic.
for b in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
  mv -f "$STAGE_DIR/$b" "$BIN_DIR/$b"
done
rmdir "$STAGE_DIR"
secs=$(( $(date +%s) - start ))

got="$(pulumi_version_of "$BIN_DIR/pulumi")"
if [[ "$got" != "v$PULUMI_VERSION" ]]; then
  log "ERROR: built pulumi reports '$got', expected v$PULUMI_VERSION"
  exit 1
fi
echo "$want_stamp" > "$STAMP_FILE"
finish "built from the Go module proxy" "$secs"
