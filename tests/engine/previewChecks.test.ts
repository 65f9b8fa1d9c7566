import { expect } from "chai";
import * as path from "node:path";
import { repoRoot } from "../support/paths";
import {
    countByAction,
    EMULATOR_SECRET_ID,
    EMULATOR_SECRET_KEY,
    EmulatorProcess,
    RequestCursor,
} from "./emulatorProcess";
import { emulatorEnv, providerLines, setCloudConfig } from "./fixtures";
import { type CliResult, findPulumiBin, plaintextHits, PulumiProject } from "./pulumiCli";

/**
 * `pulumi preview` of the 20-instance example (examples/fleet20) under the real CLI: every create
 * says it REINSTALLS, and the mistakes a new user makes fail the preview, not the `up`. Each
 * scenario prints one line (outcome, API calls), so the same file measures an older build too.
 */

const PASSWORD = "Fl33t#Pass";
const WINDOWS_PASSWORD = "W1ndows#Fleet26"; // 15 characters: valid for Windows under both dialects
/** A literal (plaintext config) password: the engine printed it as `property password value {&{{weakpw}}}` when check named the property. */
const WEAK_LITERAL = "weakpw";

/** The provider's lines matching `pattern`, once each (the CLI shows a line on the stack's row and again under Diagnostics). */
function linesMatching(output: string, pattern: RegExp): string[] {
    return [
        ...new Set(
            providerLines(output)
                .map((l) => l.replace(/^.*cvm-reinstall: /, ""))
                .filter((l) => pattern.test(l)),
        ),
    ];
}

function fleet20(): { template: string; program: string } {
    return {
        template: path.join(repoRoot(), "examples", "fleet20"),
        program: path.join(repoRoot(), "dist", "examples", "fleet20", "index.js"),
    };
}

describe("engine: preview of the 20-instance example tells the truth before up (real pulumi CLI)", function () {
    this.timeout(15 * 60_000);
    let emu: EmulatorProcess;
    let project: PulumiProject;
    let cursor: RequestCursor;

    const preview = async (
        what: string,
        env?: Record<string, string>,
    ): Promise<{ r: CliResult; calls: Record<string, number> }> => {
        await cursor.mark();
        const r = await project.run(["preview"], { allowFailure: true, ...(env ? { env } : {}) });
        const calls = countByAction(await cursor.take());
        const errors = r.output.split("\n").filter((l) => /error:/.test(l)).length;
        console.log(
            `      ${what}: exit ${r.code}, ${linesMatching(r.output, /will REINSTALL/).length} REINSTALL lines, ` +
                `${errors} error lines, API calls ${JSON.stringify(calls)}`,
        );
        return { r, calls };
    };

    before(async () => {
        findPulumiBin();
        emu = await EmulatorProcess.start({
            fleet: 0,
            clockSpeed: 60,
            reinstallSeconds: 120,
            extraArgs: ["--seed", path.join(repoRoot(), "examples", "fleet20", "emulator-seed.json")],
        });
        cursor = new RequestCursor(emu);
        project = await PulumiProject.create({ ...fleet20(), env: emulatorEnv(emu), label: "cvm-engine-preview20" });
        await setCloudConfig(project);
        await project.setConfig("password", PASSWORD, { secret: true });
        await project.setConfig("windowsPassword", WINDOWS_PASSWORD, { secret: true });
    });

    after(async () => {
        await emu?.stop();
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it("a correct first preview shows 20 creates, each announced as a REINSTALL, and resets nothing", async () => {
        const { r, calls } = await preview("correct declaration");
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        expect(
            linesMatching(r.output, /: new resource: `up` will REINSTALL this instance and wipe its system disk/),
        ).to.have.length(20);
        expect(calls.ResetInstance ?? 0).to.equal(0);
        expect(calls.DescribeInstances).to.be.at.least(1);
    });

    it("missing credentials fail the preview, naming the config keys", async () => {
        await project.removeConfig("tencentcloud:secretId");
        try {
            const { r, calls } = await preview("no tencentcloud:secretId");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(/No Tencent Cloud secretId.*tencentcloud:secretId/);
            expect(Object.keys(calls)).to.deep.equal([]);
        } finally {
            await project.setConfig("tencentcloud:secretId", EMULATOR_SECRET_ID);
        }
    });

    it("a wrong secret key fails the preview with the API's authentication error", async () => {
        await project.setConfig("tencentcloud:secretKey", "not-the-key-0000000000000000000000", { secret: true });
        try {
            const { r } = await preview("wrong tencentcloud:secretKey");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(/AuthFailure|rejected the credentials/);
        } finally {
            await project.setConfig("tencentcloud:secretKey", EMULATOR_SECRET_KEY, { secret: true });
        }
    });

    it("a region typo fails the preview, naming the region and the config key", async () => {
        await project.setConfig("tencentcloud:region", "ap-guangzou");
        try {
            const { r } = await preview("tencentcloud:region ap-guangzou");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(/ap-guangzou \(from tencentcloud:region\)/);
        } finally {
            await project.setConfig("tencentcloud:region", "ap-guangzhou");
        }
    });

    it("an unknown instance fails the preview, naming it and the region", async () => {
        await project.setConfig(
            "ids",
            JSON.stringify({ web: ["ins-00000001", "ins-nothere1"], batch: [], windows: [] }),
        );
        try {
            const { r } = await preview("one unknown instance id");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(/ins-nothere1 was not found in region ap-guangzhou \(from tencentcloud:region\)/);
        } finally {
            await project.removeConfig("ids");
        }
    });

    it("a Windows password the live Windows OS refuses fails the preview, without printing it", async () => {
        const linuxOnly = "Passw0rd!x"; // 10 characters: fine for Linux, too short for Windows
        await project.setConfig("windowsPassword", linuxOnly, { secret: true });
        try {
            const { r } = await preview("Linux-grade password on the Windows instances");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(/ins-win00001 runs Windows/);
            expect(plaintextHits(r.output, [linuxOnly])).to.deep.equal([]);
        } finally {
            await project.setConfig("windowsPassword", WINDOWS_PASSWORD, { secret: true });
        }
    });

    it("a weak literal password fails check without the engine printing it", async () => {
        await project.setConfig("password", WEAK_LITERAL);
        try {
            const { r, calls } = await preview("weak password (check failure)");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(/password has 6 characters/);
            expect(
                plaintextHits(r.output, [WEAK_LITERAL]),
                r.output
                    .split("\n")
                    .filter((l) => l.includes(WEAK_LITERAL))
                    .join("\n"),
            ).to.deep.equal([]);
            expect(calls.ResetInstance ?? 0).to.equal(0);
        } finally {
            await project.setConfig("password", PASSWORD, { secret: true });
        }
    });

    it("after up, an unchanged preview makes no API call and prints no REINSTALL line", async () => {
        const up = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        expect(up.code, up.output.slice(-3000)).to.equal(0);
        const { r, calls } = await preview("no change after up");
        expect(r.code).to.equal(0);
        expect(calls).to.deep.equal({});
        expect(linesMatching(r.output, /will REINSTALL/)).to.deep.equal([]);
    });

    it("a refresh that finds state matching prints no REINSTALL line", async () => {
        const r = await project.run(["refresh", "--yes"], { allowFailure: true });
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        expect(linesMatching(r.output, /will REINSTALL/)).to.deep.equal([]);
    });

    it("a rootSize below the live disk (a shrink) fails the preview, naming both sizes", async () => {
        await project.setConfig("webRootSize", "40");
        try {
            const { r } = await preview("webRootSize 40 < live 60 GB");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(
                /rootSize 40 GB is smaller than the current system disk of ins-0000000\d+ \(60 GB\)/,
            );
        } finally {
            await project.removeConfig("webRootSize");
        }
    });

    it("an image the server refuses for these instances (arm on x86_64) fails the preview with the server's reason, naming imageId", async () => {
        await project.setConfig("webImageId", "img-ubuarm64");
        try {
            const { r, calls } = await preview("web image img-ubuarm64 (dry run refuses)");
            expect(r.code).to.not.equal(0);
            expect(r.output).to.match(
                /imageId: Tencent Cloud refused a dry run of this reinstall \(InquiryPriceResetInstance on ins-0000000\d+\): InvalidParameterValue\.\w+/,
            );
            expect(calls.InquiryPriceResetInstance ?? 0).to.be.at.least(1);
            expect(calls.ResetInstance ?? 0).to.equal(0);
        } finally {
            await project.removeConfig("webImageId");
        }
    });

    it("a changed image previews 12 REINSTALL updates and checks only those", async () => {
        await project.setConfig("webImageId", "img-centos79");
        try {
            const { r, calls } = await preview("web image changed (12 of 20)");
            expect(r.code, r.output.slice(-3000)).to.equal(0);
            expect(linesMatching(r.output, /imageId changed: `up` will REINSTALL/)).to.have.length(12);
            expect(calls.ResetInstance ?? 0).to.equal(0);
        } finally {
            await project.removeConfig("webImageId");
        }
    });
});
