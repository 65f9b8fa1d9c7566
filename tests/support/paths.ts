import * as fs from "node:fs";
import * as path from "node:path";

/** The package's own name; the self link and the packed install both resolve it. */
export const PACKAGE_NAME = "pulumi-cvm-reinstall";

/** The Pulumi project of the root Pulumi.yaml; the example's config keys live under it. */
export const DEMO_PROJECT = "cvm-reinstall-demo";

let cachedRoot: string | undefined;

/**
 * The repository root: the nearest directory above this file whose package.json is this package.
 * Works from the compiled `dist/tests/support` as well as from the sources.
 */
export function repoRoot(): string {
    if (cachedRoot) {
        return cachedRoot;
    }
    let dir = __dirname;
    for (;;) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest)) {
            const name = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name;
            if (name === PACKAGE_NAME) {
                cachedRoot = dir;
                return dir;
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`no package.json named ${PACKAGE_NAME} above ${__dirname}`);
        }
        dir = parent;
    }
}

/** The version of the @pulumi/pulumi that `dir` resolves (its own node_modules, or above it). */
export function pulumiSdkVersion(dir: string): string {
    const manifest = require.resolve("@pulumi/pulumi/package.json", { paths: [dir] });
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}
