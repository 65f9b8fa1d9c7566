import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { type Emulator, startEmulator } from "../../emulator";
import { FAST_CLOCK, hostEnv, PASSWORD, secretNeedles } from "../support/cloudFixtures";
import { DIALECTS, resetActions } from "../support/dialects";
import { ProviderHost, serializeProvider, urnFor } from "../support/hostDriver";
import { PACKAGE_NAME, pulumiSdkVersion, repoRoot } from "../support/paths";
import { findPlaintext } from "../support/secrets";

const run = promisify(execFile);

/**
 * The installed case: `npm pack` this repository (after the build), install the tarball and
 * @pulumi/pulumi into a scratch project, and run the real host with that project as cwd, with no
 * self link. Proves that `require("pulumi-cvm-reinstall/provider")` inside `__provider` resolves for
 * a user, and that the SDK's root export works against the user's own @pulumi/pulumi.
 */
describe("host layer: the npm-packed package installed in a scratch project", function () {
    this.timeout(300_000);
    /** Temporary root: the packed tarball and the scratch project. */
    let tmpRoot: string | undefined;
    let scratch: string;
    let tarball: string;
    let emu: Emulator | undefined;
    let host: ProviderHost | undefined;
    let providerText: string;
    const ID = "ins-pack0001";
    /** One instance per dialect: the expensive part (pack + install) is shared, a Create is cheap. */
    const idFor = (i: number) => `ins-pack000${i + 1}`;

    before(async () => {
        const root = repoRoot();
        for (const built of ["dist/sdk/index.js", "dist/provider/index.js"]) {
            if (!fs.existsSync(path.join(root, built))) {
                throw new Error(`${built} is missing: build first (npx tsc -p tsconfig.json)`);
            }
        }
        tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "cvm-reinstall-packed-"));
        const packDir = path.join(tmpRoot, "pack");
        const project = path.join(tmpRoot, "project");
        scratch = project;
        fs.mkdirSync(packDir);
        fs.mkdirSync(project);
        const packed = await run("npm", ["pack", "--pack-destination", packDir, "--json"], {
            cwd: root,
            maxBuffer: 64 << 20,
        });
        tarball = path.join(packDir, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
        fs.writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify({ name: "scratch-reinstall-project", version: "0.0.0", private: true }, null, 2),
        );
        // The user's project gets the @pulumi/pulumi this configuration runs (the matrix's current SDK
        // or the peer range's floor), as its own dependency.
        const sdkVersion = pulumiSdkVersion(root);
        const started = Date.now();
        await run(
            "npm",
            ["install", tarball, `@pulumi/pulumi@${sdkVersion}`, "--no-audit", "--no-fund", "--loglevel=error"],
            {
                cwd: project,
                timeout: 240_000,
                maxBuffer: 64 << 20,
            },
        );
        console.log(`      npm install of the tarball + @pulumi/pulumi@${sdkVersion}: ${Date.now() - started} ms`);
        expect(pulumiSdkVersion(project), "the scratch project's own @pulumi/pulumi").to.equal(sdkVersion);

        // The user's program side: the SDK from the installed package, under the project's own @pulumi/pulumi.
        const capture = `
            const pulumi = require("@pulumi/pulumi");
            const { InstanceReinstall } = require("${PACKAGE_NAME}");
            let sent;
            pulumi.runtime.setMocks({
                newResource: (a) => { if (a.custom) sent = a; return { id: "x", state: a.inputs }; },
                call: () => ({}),
            }, "scratch-reinstall-project", "dev").then(() => {
                new InstanceReinstall("r", { instanceId: "${ID}", imageId: "img-ubun2204", password: "${PASSWORD}" });
                return pulumi.runtime.waitForRPCs ? pulumi.runtime.waitForRPCs() : new Promise((r) => setTimeout(r, 500));
            }).then(() => {
                process.stdout.write(JSON.stringify({ type: sent.type, provider: sent.inputs.__provider, passwordIsSecret: typeof sent.inputs.password === "object" }));
            });`;
        const out = await run(process.execPath, ["-e", capture], { cwd: project, maxBuffer: 16 << 20 });
        const captured = JSON.parse(out.stdout) as { type: string; provider: string; passwordIsSecret: boolean };
        expect(captured.type).to.equal("pulumi-nodejs:dynamic/cvm:InstanceReinstall");
        expect(captured.passwordIsSecret).to.equal(true);
        providerText = captured.provider;

        emu = await startEmulator({
            ...FAST_CLOCK,
            instances: DIALECTS.map((_, i) => ({
                instanceId: idFor(i),
                imageId: "img-centos79",
                rootSize: 50,
                state: "RUNNING" as const,
            })),
        });
        host = await ProviderHost.start({
            cwd: project,
            project: "scratch-reinstall-project",
            providerText,
            env: hostEnv(emu.url),
        });
    });

    after(async () => {
        await host?.stop();
        await emu?.close();
        if (tmpRoot) {
            fs.rmSync(tmpRoot, { recursive: true, force: true });
        }
    });

    it("ships the SDK, the provider and the emulator, and no tests", async () => {
        const list = (await run("tar", ["tzf", tarball])).stdout.split("\n");
        expect(list).to.include.members([
            "package/package.json",
            "package/dist/sdk/index.js",
            "package/dist/provider/index.js",
            "package/dist/emulator/index.js",
        ]);
        expect(list.filter((f) => f.startsWith("package/dist/tests/"))).to.deep.equal([]);
    });

    it("the scratch project holds an installed copy, not a link to the working tree", () => {
        const installed = path.join(scratch, "node_modules", PACKAGE_NAME);
        expect(fs.lstatSync(installed).isSymbolicLink()).to.equal(false);
        expect(fs.realpathSync(installed).startsWith(repoRoot())).to.equal(false);
    });

    it("the installed SDK serializes the same __provider text as the working tree (no spurious diffs)", async () => {
        expect(providerText).to.equal((await serializeProvider()).text);
    });

    it("the host runs from the project's own @pulumi/pulumi, with the project as cwd", () => {
        expect(host!.cwd).to.equal(scratch);
        expect(fs.realpathSync(host!.hostScript).startsWith(fs.realpathSync(scratch))).to.equal(true);
    });

    it("Configure is accepted by the installed provider", async () => {
        await host!.configure({});
    });

    // Both dialects: the packed files must carry both clients and both signers (v1, TC3). One Create
    // each is cheap next to the pack and install, which run once.
    for (const [i, d] of DIALECTS.entries()) {
        it(d.t("Check and Create work: the installed provider resolves and reinstalls"), async () => {
            const id = idFor(i);
            const checked = await host!.check(
                urnFor(`r-${d.api}`),
                {},
                { instanceId: id, imageId: "img-ubun2204", password: PASSWORD, ...d.input },
            );
            expect(checked.failures).to.deep.equal([]);
            const created = await host!.create(urnFor(`r-${d.api}`), checked.inputs);
            expect(created.properties).to.include({ instanceId: id, currentImageId: "img-ubun2204", api: d.api });
            expect(resetActions(emu!, id)).to.deep.equal(d.resets(1));
            expect(findPlaintext(host!.outputText(), secretNeedles())).to.deep.equal([]);
        });
    }
});
