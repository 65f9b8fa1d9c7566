#!/usr/bin/env bash
# `npm run demo`: the whole product in one command, from a fresh clone, without a cloud account.
#
#   1. installs npm dependencies if missing (npm ci), builds (tsc), links the package to itself;
#   2. makes a Pulumi CLI available (scripts/install-pulumi.sh; may build it from the Go module proxy);
#   3. starts the CVM emulator with 3 instances and a fast clock;
#   4. creates a throwaway local backend and stack (passphrase secrets) in a temp directory;
#   5. `pulumi up` of the root Pulumi.yaml program (examples/basic) under API 3.0 (the default
#      `api`): reinstalls the 3 instances, shows the progress and the outputs;
#   6. changes the image and runs `pulumi up` again: another reinstall;
#   7. an InstanceFleet of the same 3 instances (examples/fleet): canary, then one at a time, each
#      gated on its SSH port answering (readiness over real loopback sockets);
#   8. prints a summary of the API calls the emulator received;
#   9. stops the emulator and removes the temp directory, also on failure or Ctrl-C.
#
# Knobs: DEMO_KEEP=1 keeps the temp directory (state, logs) for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ -t 1 ]; then say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }; else say() { printf '\n==> %s\n' "$*"; }; fi
die() { printf '\ndemo: %s\n' "$*" >&2; exit 1; }

work=""
emu_pid=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
        kill "$emu_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$emu_pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$emu_pid" 2>/dev/null || true
    fi
    if [ -n "$work" ] && [ -d "$work" ]; then
        if [ "${DEMO_KEEP:-}" = "1" ]; then
            echo "demo: kept $work"
        else
            rm -rf "$work"
        fi
    fi
    if [ "$rc" -ne 0 ]; then echo "demo: FAILED (exit $rc)" >&2; else echo; echo "demo: done, temp files and emulator cleaned up"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- build ---
# The Node.js of the tested matrix (scripts/versions.sh): today's @pulumi/pulumi needs Node.js 22+.
. scripts/versions.sh
node_bin=$(bash scripts/install-node.sh "$NODE_MAIN_VERSION" | sed -n 's/^NODE_BIN=//p')
[ -n "$node_bin" ] || die "no Node.js $NODE_MAIN_VERSION (scripts/install-node.sh failed)"
export PATH="$node_bin:$PATH"
if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
    [ "$(node -p 'require("@pulumi/pulumi/package.json").version' 2>/dev/null)" != "$PULUMI_SDK_MAIN_VERSION" ]; then
    say "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
fi
say "building (npx tsc -p tsconfig.json)"
npx tsc -p tsconfig.json
# The serialized provider requires "pulumi-cvm-reinstall/provider" from the project directory, as in
# a user's project where the package is installed: link this checkout under its own name.
ln -sfn .. node_modules/pulumi-cvm-reinstall

say "making a Pulumi CLI available (scripts/install-pulumi.sh)"
install_out=$(bash scripts/install-pulumi.sh) || die "scripts/install-pulumi.sh failed (see above)"
pulumi_bin=$(printf '%s\n' "$install_out" | sed -n 's/^PULUMI_BIN=//p' | tail -1)
[ -n "$pulumi_bin" ] && [ -x "$pulumi_bin/pulumi" ] || die "scripts/install-pulumi.sh printed no usable PULUMI_BIN"
export PATH="$pulumi_bin:$PATH"
echo "using $(command -v pulumi) ($(PULUMI_SKIP_UPDATE_CHECK=true pulumi version))"

work=$(mktemp -d "${TMPDIR:-/tmp}/cvm-reinstall-demo.XXXXXX")

# ------------------------------------------------------------- emulator ---
say "starting the CVM emulator: 3 instances; a 90 s reinstall runs in 3 s (clock ×30)"
node dist/emulator/cli.js --port 0 --fleet 3 --clock-speed 30 --reinstall-seconds 90 >"$work/emulator.log" 2>&1 &
emu_pid=$!
url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's/^CVM emulator listening on \(http:[^ ]*\).*$/\1/p' "$work/emulator.log" | head -1)
    [ -n "$url" ] && break
    kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; die "the emulator exited"; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/emulator.log" >&2; die "the emulator did not start"; }
secret_id=$(sed -n 's/^ *SecretId: *\([^ ]*\).*$/\1/p' "$work/emulator.log" | head -1)
secret_key=$(sed -n 's/^ *SecretKey: *\([^ ]*\).*$/\1/p' "$work/emulator.log" | head -1)
[ -n "$secret_id" ] && [ -n "$secret_key" ] || die "could not read the emulator's default credentials from its banner"
echo "emulator at $url (its documented default account; never a real key)"

# -------------------------------------------------------- project/stack ---
# A throwaway project directory that runs the root Pulumi.yaml program: the same Pulumi.yaml, with
# dist/ and node_modules/ linked, so nothing (stack config, state) is written into the checkout.
project="$work/project"
mkdir -p "$project" "$work/state" "$work/home"
cp Pulumi.yaml "$project/Pulumi.yaml"
ln -s "$root/dist" "$project/dist"
ln -s "$root/node_modules" "$project/node_modules"
printf '{ "name": "cvm-reinstall-demo-run", "private": true }\n' >"$project/package.json"

export PULUMI_HOME="$work/home"
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE="demo-passphrase-$$"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
unset PULUMI_ACCESS_TOKEN TENCENTCLOUD_SECRET_ID TENCENTCLOUD_SECRET_KEY TENCENTCLOUD_SECURITY_TOKEN TENCENTCLOUD_REGION
# The provider reads these when its methods run: the emulator's URL and short status polls.
export CVM_REINSTALL_ENDPOINT="$url"
export CVM_REINSTALL_POLL_MAX_MS=250

pulumi() { command pulumi --non-interactive "$@"; }
cd "$project"

say "creating a local stack 'demo' (file backend in $work/state, passphrase secrets)"
pulumi stack init demo --secrets-provider passphrase
password="Demo#$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
# Today's CLI refuses a key named *secret* without --secret or --plaintext; the id is not secret.
pulumi config set --plaintext tencentcloud:secretId "$secret_id"
pulumi config set --secret tencentcloud:secretKey "$secret_key"
pulumi config set --plaintext tencentcloud:region ap-guangzhou
pulumi config set --plaintext fleetSize 3
pulumi config set --plaintext imageId img-ubun2204
pulumi config set --secret password "$password"
pulumi config

say "pulumi up: reinstall ins-00000001..3 with img-ubun2204 through API 3.0, the default api (watch the cvm-reinstall: progress lines)"
pulumi up --yes --skip-preview
say "stack outputs"
pulumi stack output

say "changing the image to img-debian12: pulumi preview --diff, then pulumi up"
pulumi config set --plaintext imageId img-debian12
pulumi preview --diff
pulumi up --yes --skip-preview
pulumi stack output currentImageId

say "an InstanceFleet rollout (examples/fleet): the canary first, then one at a time, each gated on port 22 answering"
fleet_project="$work/fleet"
mkdir -p "$fleet_project"
sed 's#\.\./\.\./dist/#dist/#' "$root/examples/fleet/Pulumi.yaml" >"$fleet_project/Pulumi.yaml"
ln -s "$root/dist" "$fleet_project/dist"
ln -s "$root/node_modules" "$fleet_project/node_modules"
printf '{ "name": "cvm-reinstall-fleet-run", "private": true }\n' >"$fleet_project/package.json"
(
    cd "$fleet_project"
    pulumi stack init fleet --secrets-provider passphrase
    pulumi config set --plaintext tencentcloud:secretId "$secret_id"
    pulumi config set --secret tencentcloud:secretKey "$secret_key"
    pulumi config set --plaintext tencentcloud:region ap-guangzhou
    pulumi config set --plaintext instanceIds '["ins-00000001","ins-00000002","ins-00000003"]'
    pulumi config set --plaintext imageId img-ubun2204
    pulumi config set --plaintext maxParallel 1
    pulumi config set --secret password "$password"
    pulumi up --yes --skip-preview
    pulumi stack output ready
)

say "what the emulator received (its request log; secrets are redacted there too)"
node -e '
const url = process.argv[1];
fetch(url + "/_admin/requests").then((r) => r.json()).then((log) => {
    const api = log.filter((e) => e.dialect !== "admin");
    const rows = new Map();
    for (const e of api) {
        const k = e.action + " -> " + e.outcome;
        rows.set(k, (rows.get(k) || 0) + 1);
    }
    console.log(api.length + " API calls:");
    for (const [k, n] of [...rows].sort()) console.log("  " + String(n).padStart(4) + "  " + k);
    const resets = api.filter((e) => /^ResetInstances?$/.test(e.action) && e.outcome === "ok");
    for (const e of resets) {
        const image = Object.entries(e.params || {}).find(([k]) => /imageid$/i.test(k));
        console.log("  reset of " + e.instanceIds.join(",") + (image ? " to " + image[1] : ""));
    }
}).catch((e) => { console.error(e); process.exit(1); });
' "$url"
