import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE_NAME } from "./paths";

/**
 * Makes `require("pulumi-cvm-reinstall/...")` resolve inside this repository, the way it resolves in
 * a user's project where the package is installed: `node_modules/pulumi-cvm-reinstall -> ..`.
 *
 * The serialized `__provider` loads `pulumi-cvm-reinstall/provider` by package name at call time,
 * from the host's working directory, so every host started with cwd = repo root needs this link.
 * `npm install` prunes links it did not create, so call this before every host start. Idempotent
 * and safe to call concurrently: the link is created under a temporary name and renamed into place.
 * Refuses to touch a real directory (an installed copy) of the package.
 */
export function ensureSelfLink(repoRoot: string): string {
    const nodeModules = path.join(repoRoot, "node_modules");
    const linkPath = path.join(nodeModules, PACKAGE_NAME);
    const target = path.relative(nodeModules, repoRoot) || "."; // ".."
    const want = fs.realpathSync(repoRoot);

    const existing = lstatOrUndefined(linkPath);
    if (existing) {
        if (!existing.isSymbolicLink()) {
            throw new Error(
                `${linkPath} exists and is not a symlink; remove it (an installed copy would shadow the working tree)`,
            );
        }
        if (realpathOrUndefined(linkPath) === want) {
            return linkPath;
        }
    }
    fs.mkdirSync(nodeModules, { recursive: true });
    const tmp = `${linkPath}.tmp-${process.pid}-${Date.now()}`;
    fs.symlinkSync(target, tmp, "dir");
    try {
        fs.renameSync(tmp, linkPath); // atomic replace of a stale or dangling link
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        if (realpathOrUndefined(linkPath) !== want) {
            throw e;
        }
    }
    return linkPath;
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
    try {
        return fs.lstatSync(p);
    } catch {
        return undefined;
    }
}

function realpathOrUndefined(p: string): string | undefined {
    try {
        return fs.realpathSync(p);
    } catch {
        return undefined;
    }
}
