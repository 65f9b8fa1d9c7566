#!/usr/bin/env bash
# The one test command (README: `npm test`, or `bash scripts/test.sh` on a fresh clone).
# Installs what it needs, builds, runs every suite of the matrix and ends with one line
# "N passed, N failed" summed over all of them.
#
# The matrix (versions pinned in scripts/versions.sh):
#   current  Node.js NODE_MAIN_VERSION, @pulumi/pulumi PULUMI_SDK_MAIN_VERSION (./node_modules) and the
#            `pulumi` CLI PULUMI_CLI_VERSION: lint, then every layer.
#   floor    Node.js NODE_FLOOR_VERSION and @pulumi/pulumi PULUMI_SDK_FLOOR_VERSION, the peer range's
#            floor (a copy of the build whose node_modules resolves that SDK: scripts/sdk-tree.sh):
#            the fast layers, program and host (including the packed install).
# Engine tests need a Pulumi CLI: scripts/install-pulumi.sh provides one (built from the Go module
# proxy when none is on PATH). Under CI (CI=true) a missing CLI is a failure; locally the engine
# layer is skipped with a loud notice.
#
# Knobs: SKIP_ENGINE=1 skips the engine layer; TEST_CONFIGS="current" (or "floor") runs one column.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=versions.sh
. scripts/versions.sh

log() { printf '\n=== %s\n' "$*"; }
started=$(date +%s)
passed=0
failed=0
pending=0
summary=()

# Ends the run when nothing further can be tested (the closing line still counts the failure).
abort() {
    echo "test.sh: $*" >&2
    failed=$((failed + 1))
    printf '%s\n' "${summary[@]}"
    echo "$passed passed, $failed failed"
    exit 1
}

# One suite that could not run counts as one failure.
suite_failed() {
    failed=$((failed + 1))
    summary+=("$1: 0 passed, 1 failed ($2)")
    echo "$1: 0 passed, 1 failed ($2)"
}

# --------------------------------------------------------------- pins ---
pin_errors=$(node -e '
    const [pkg, main, floor] = [require(process.argv[1]), process.argv[2], process.argv[3]];
    const out = [];
    if (pkg.devDependencies["@pulumi/pulumi"] !== main) out.push(`package.json devDependencies @pulumi/pulumi is ${pkg.devDependencies["@pulumi/pulumi"]}, versions.sh says ${main}`);
    if (pkg.peerDependencies["@pulumi/pulumi"] !== `>=${floor} <4`) out.push(`package.json peerDependencies @pulumi/pulumi is ${pkg.peerDependencies["@pulumi/pulumi"]}, versions.sh says >=${floor} <4`);
    console.log(out.join("\n"));
' "$root/package.json" "$PULUMI_SDK_MAIN_VERSION" "$PULUMI_SDK_FLOOR_VERSION")
for m in pkg sdk; do
    grep -q "github.com/pulumi/pulumi/$m/v3 v$PULUMI_CLI_VERSION" scripts/pulumi-cli/go.mod ||
        pin_errors+=$'\n'"scripts/pulumi-cli/go.mod does not pin $m/v3 v$PULUMI_CLI_VERSION"
done
[ -z "${pin_errors//$'\n'/}" ] || abort "versions disagree with scripts/versions.sh:$pin_errors"

# ------------------------------------------------------- Node.js, build ---
base_path=$PATH
node_main=$(bash scripts/install-node.sh "$NODE_MAIN_VERSION" | sed -n 's/^NODE_BIN=//p')
[ -n "$node_main" ] || abort "no Node.js $NODE_MAIN_VERSION (scripts/install-node.sh failed)"
export PATH="$node_main:$base_path"

if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
    [ "$(node -p 'require("@pulumi/pulumi/package.json").version' 2>/dev/null)" != "$PULUMI_SDK_MAIN_VERSION" ]; then
    log "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund || abort "npm ci failed"
fi
log "building (tsc)"
rm -rf dist
npx tsc -p tsconfig.json || abort "tsc failed"
# The serialized provider requires "pulumi-cvm-reinstall/provider" from the project directory, as it
# would in a user's project where the package is installed: link this checkout under its own name.
ln -sfn .. node_modules/pulumi-cvm-reinstall

engine_skipped=""
if [ "${SKIP_ENGINE:-}" != "1" ]; then
    log "making a Pulumi CLI available (scripts/install-pulumi.sh)"
    # Shown as it runs; `tee /dev/stderr` would reopen a redirected log file at offset 0 and overwrite it.
    if out=$(bash scripts/install-pulumi.sh 2>&1 | tee >(cat >&2) | grep '^PULUMI_BIN=' | tail -1) && [ -n "$out" ]; then
        pulumi_bin="${out#PULUMI_BIN=}"
    elif [ "${CI:-}" = "true" ]; then
        abort "CI: no Pulumi CLI could be installed; the engine tests cannot run"
    else
        engine_skipped="no Pulumi CLI (scripts/install-pulumi.sh failed)"
    fi
else
    engine_skipped="SKIP_ENGINE=1"
fi

# run_layer CONFIG DIR NAME TIMEOUT_MS GLOB: one mocha run in DIR; its counts join the total.
run_layer() {
    local config=$1 dir=$2 name=$3 timeout=$4 glob=$5
    local label="$config/$name"
    log "layer $label (node $(node --version), @pulumi/pulumi $(cd "$dir" && node -p 'require("@pulumi/pulumi/package.json").version'))"
    local out
    out=$(mktemp)
    # A hung layer must not eat CI's budget: mocha's own timeouts are per test, this is per layer.
    (cd "$dir" && timeout --kill-after=30 2400 node "$root/node_modules/mocha/bin/mocha.js" \
        --timeout "$timeout" --reporter spec "$glob") 2>&1 | tee "$out"
    local rc=${PIPESTATUS[0]}
    local p f s
    p=$(grep -Eo '^ +[0-9]+ passing' "$out" | grep -Eo '[0-9]+' | tail -1)
    f=$(grep -Eo '^ +[0-9]+ failing' "$out" | grep -Eo '[0-9]+' | tail -1)
    s=$(grep -Eo '^ +[0-9]+ pending' "$out" | grep -Eo '[0-9]+' | tail -1)
    p=${p:-0}; f=${f:-0}; s=${s:-0}
    # A crash before mocha's summary (or a layer that ran nothing) must not pass silently.
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then echo "layer $label ran no test" >&2; f=1; fi
    passed=$((passed + p)); failed=$((failed + f)); pending=$((pending + s))
    summary+=("layer $label: $p passed, $f failed")
    echo "layer $label: $p passed, $f failed"
    rm -f "$out"
}

# The fast layers, in order; conformance only where the checkout has it.
fast_layers() {
    echo "unit 20000"
    echo "emulator 20000"
    echo "protocol 60000"
    if [ -d "$root/tests/conformance" ]; then echo "conformance 60000"; fi
}

configs=${TEST_CONFIGS:-current floor}

# ------------------------------------------------------------- current ---
if [[ " $configs " == *" current "* ]]; then
    config="current"
    export PATH="$node_main:$base_path"
    export EXPECT_PULUMI_SDK_VERSION="$PULUMI_SDK_MAIN_VERSION" EXPECT_NODE_VERSION="$NODE_MAIN_VERSION"

    # Formatting and lint (biome.json): one suite line, passed or failed.
    log "lint: biome check"
    if npx biome check --colors=off .; then
        passed=$((passed + 1)); summary+=("lint: 1 passed, 0 failed"); echo "lint: 1 passed, 0 failed"
    else
        suite_failed lint "run \`npm run format\` to fix what can be fixed"
    fi

    while read -r name t; do run_layer "$config" "$root" "$name" "$t" "dist/tests/$name/**/*.test.js"; done < <(fast_layers)
    run_layer "$config" "$root" program 30000 'dist/tests/program/**/*.test.js'
    run_layer "$config" "$root" host 300000 'dist/tests/host/**/*.test.js'
    run_layer "$config" "$root" lifecycle 300000 'dist/tests/lifecycle/**/*.test.js'
    if [ -z "$engine_skipped" ]; then
        # The CLI's own directory first: pulumi then finds its bundled plugins (the language host and
        # the dynamic-provider launcher) next to itself, and no ambient copy on PATH shadows them.
        PATH="$pulumi_bin:$PATH" run_layer "$config" "$root" engine 1800000 'dist/tests/engine/**/*.test.js'
    else
        printf '\n!!!!!!!!\n!!! ENGINE TESTS SKIPPED: %s\n!!! They run the real `pulumi` CLI; CI always runs them.\n!!!!!!!!\n' "$engine_skipped" >&2
    fi
fi

# --------------------------------------------------------------- floor ---
if [[ " $configs " == *" floor "* ]]; then
    config="floor"
    log "floor: Node.js $NODE_FLOOR_VERSION, @pulumi/pulumi $PULUMI_SDK_FLOOR_VERSION"
    node_floor=$(bash scripts/install-node.sh "$NODE_FLOOR_VERSION" | sed -n 's/^NODE_BIN=//p')
    tree=$(bash scripts/sdk-tree.sh "$PULUMI_SDK_FLOOR_VERSION" | sed -n 's/^TREE=//p')
    if [ -z "$node_floor" ]; then
        suite_failed "$config" "no Node.js $NODE_FLOOR_VERSION (scripts/install-node.sh failed)"
    elif [ -z "$tree" ]; then
        suite_failed "$config" "no tree with @pulumi/pulumi $PULUMI_SDK_FLOOR_VERSION (scripts/sdk-tree.sh failed)"
    else
        export PATH="$node_floor:$base_path"
        export EXPECT_PULUMI_SDK_VERSION="$PULUMI_SDK_FLOOR_VERSION" EXPECT_NODE_VERSION="$NODE_FLOOR_VERSION"
        while read -r name t; do run_layer "$config" "$tree" "$name" "$t" "dist/tests/$name/**/*.test.js"; done < <(fast_layers)
        run_layer "$config" "$tree" program 30000 'dist/tests/program/**/*.test.js'
        run_layer "$config" "$tree" host 300000 'dist/tests/host/**/*.test.js'
    fi
fi

echo
printf '%s\n' "${summary[@]}"
echo "matrix: current = Node.js $NODE_MAIN_VERSION, @pulumi/pulumi $PULUMI_SDK_MAIN_VERSION, pulumi CLI $PULUMI_CLI_VERSION; floor = Node.js $NODE_FLOOR_VERSION, @pulumi/pulumi $PULUMI_SDK_FLOOR_VERSION"
echo "wall time: $(( $(date +%s) - started ))s"
if [ "$pending" -gt 0 ]; then echo "($pending pending tests were not counted as passed)"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
