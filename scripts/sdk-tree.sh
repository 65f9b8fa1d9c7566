#!/usr/bin/env bash
# sdk-tree.sh VERSION — a copy of this built checkout whose node_modules resolves @pulumi/pulumi at
# VERSION, for running test layers against another SDK without touching ./node_modules.
# Prints TREE=<dir> last (.tools/matrix/sdk-VERSION, git-ignored).
#
#   .tools/sdk/VERSION/          `npm install @pulumi/pulumi@VERSION` into its own prefix (cached)
#   .tools/matrix/sdk-VERSION/   package.json (without prepack: dist is the build under test),
#                                README.md, LICENSE, tsconfig*.json, a copy of dist/, and node_modules/:
#                                links to every package of that prefix (so @pulumi/pulumi and its own
#                                dependencies, @grpc/grpc-js included, are that version's), then to
#                                every other package of ./node_modules (mocha, chai, got, ...), and
#                                pulumi-cvm-reinstall -> .. (the self link the serialized provider needs).
# Everything the tests resolve from the tree's dist/ (the host's cmd/dynamic-provider, setMocks, the
# packed install's SDK version) is then VERSION's.
set -euo pipefail
version="${1:?usage: sdk-tree.sh VERSION}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/.tools/sdk/$version"
tree="$root/.tools/matrix/sdk-$version"
log() { printf '[sdk-tree] %s\n' "$*" >&2; }

[[ -f "$root/dist/sdk/index.js" ]] || { log "ERROR: build first (npx tsc -p tsconfig.json)"; exit 1; }
mkdir -p "$root/.tools/sdk" "$root/.tools/matrix"
exec 9>"$root/.tools/sdk/.lock"
flock 9

have() { [[ -f "$prefix/node_modules/@pulumi/pulumi/package.json" ]] &&
    [[ "$(node -p 'require(process.argv[1]).version' "$prefix/node_modules/@pulumi/pulumi/package.json")" == "$version" ]]; }
if ! have; then
    log "installing @pulumi/pulumi@$version into $prefix"
    rm -rf "$prefix"
    mkdir -p "$prefix"
    printf '{ "name": "sdk-%s", "private": true }\n' "$version" > "$prefix/package.json"
    (cd "$prefix" && npm install --no-audit --no-fund --loglevel=error "@pulumi/pulumi@$version" >&2)
    have || { log "ERROR: @pulumi/pulumi@$version did not install"; exit 1; }
fi

rm -rf "$tree"
mkdir -p "$tree/node_modules"
node -e '
    const p = require(process.argv[1]);
    delete p.scripts.prepack;
    require("fs").writeFileSync(process.argv[2], JSON.stringify(p, null, 2) + "\n");
' "$root/package.json" "$tree/package.json"
for f in README.md LICENSE tsconfig.json tsconfig.build.json; do
    [[ -f "$root/$f" ]] && cp "$root/$f" "$tree/$f"
done
cp -a "$root/dist" "$tree/dist"

# link_all SRC: link each package of SRC/node_modules into the tree, unless one is already there.
link_all() {
    local nm="$1/node_modules" e s
    for e in "$nm"/*; do
        [[ -e "$e" ]] || continue
        local name="${e##*/}"
        case "$name" in pulumi-cvm-reinstall | .package-lock.json) continue ;; esac
        if [[ "$name" == @* ]]; then
            mkdir -p "$tree/node_modules/$name"
            for s in "$e"/*; do
                [[ -e "$tree/node_modules/$name/${s##*/}" ]] || ln -s "$(readlink -f "$s")" "$tree/node_modules/$name/${s##*/}"
            done
        elif [[ ! -e "$tree/node_modules/$name" ]]; then
            ln -s "$(readlink -f "$e")" "$tree/node_modules/$name"
        fi
    done
}
link_all "$prefix"
link_all "$root"
ln -s .. "$tree/node_modules/pulumi-cvm-reinstall"

got="$(cd "$tree" && node -p 'require("@pulumi/pulumi/package.json").version')"
[[ "$got" == "$version" ]] || { log "ERROR: the tree resolves @pulumi/pulumi $got, not $version"; exit 1; }
echo "TREE=$tree"
