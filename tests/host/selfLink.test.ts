import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PACKAGE_NAME, repoRoot } from "../support/paths";
import { ensureSelfLink } from "../support/selfLink";

/** The harness's self link: what lets a host with cwd = repo root resolve `pulumi-cvm-reinstall/provider`. */
describe("harness: ensureSelfLink", () => {
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvm-selflink-"));
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: PACKAGE_NAME }));
    });

    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("creates node_modules/pulumi-cvm-reinstall -> .. and is idempotent", () => {
        const link = ensureSelfLink(dir);
        expect(fs.readlinkSync(link)).to.equal("..");
        expect(fs.realpathSync(link)).to.equal(fs.realpathSync(dir));
        ensureSelfLink(dir);
        expect(fs.readdirSync(path.join(dir, "node_modules"))).to.deep.equal([PACKAGE_NAME]);
    });

    it("replaces a dangling or wrong link", () => {
        fs.mkdirSync(path.join(dir, "node_modules"));
        fs.symlinkSync("../nowhere", path.join(dir, "node_modules", PACKAGE_NAME));
        ensureSelfLink(dir);
        expect(fs.realpathSync(path.join(dir, "node_modules", PACKAGE_NAME))).to.equal(fs.realpathSync(dir));
    });

    it("refuses to replace a real directory (an installed copy)", () => {
        fs.mkdirSync(path.join(dir, "node_modules", PACKAGE_NAME), { recursive: true });
        expect(() => ensureSelfLink(dir)).to.throw(/not a symlink/);
    });

    it("makes the package's provider entry resolvable from the repository root", () => {
        ensureSelfLink(repoRoot());
        const resolved = require.resolve(`${PACKAGE_NAME}/provider`, { paths: [repoRoot()] });
        expect(resolved).to.equal(path.join(fs.realpathSync(repoRoot()), "dist", "provider", "index.js"));
    });
});
