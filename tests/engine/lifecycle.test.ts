import { expect } from "chai";
import {
    acceptedPerInstance,
    countByAction,
    EMULATOR_SECRET_KEY,
    type EmulatorInstance,
    EmulatorProcess,
    type EmulatorRequest,
    RequestCursor,
} from "./emulatorProcess";
import {
    auditSecrets,
    emulatorEnv,
    engineProgram,
    providerLines,
    reinstallResources,
    setCloudConfig,
} from "./fixtures";
import { findPulumiBin, PulumiProject } from "./pulumiCli";

/**
 * The whole life of a stack under the REAL `pulumi` CLI, a local file backend and the emulator:
 * preview, create, no-op, image change, password change, state-only change, drift found by
 * refresh and corrected by up, bad input, destroy. After every step the secrets audit runs.
 * Run once per API dialect.
 */

interface DialectCase {
    api: "legacy" | "2017-03-12";
    /** The reset action's name in this dialect. */
    reset: string;
}

const DIALECTS: DialectCase[] = [
    { api: "legacy", reset: "ResetInstances" },
    { api: "2017-03-12", reset: "ResetInstance" },
];

const INSTANCES = ["ins-00000001", "ins-00000002"];
const FIRST_IMAGE = "img-ubun2204";
const SECOND_IMAGE = "img-debian12";
const DRIFT_IMAGE = "img-centos79";
// Specials outside base64's alphabet, so a hit in a state file cannot be a chance match in ciphertext.
const PASSWORD_1 = "Eng!ne#Pw01";
const PASSWORD_2 = "Chang3d#Pw2";
const SHORT_PASSWORD = "sh0rt#1";
const SECRETS = [PASSWORD_1, PASSWORD_2, SHORT_PASSWORD, EMULATOR_SECRET_KEY];

const resetsOf = (reqs: EmulatorRequest[], action: string) => reqs.filter((r) => r.action === action);
const oncePerInstance = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 1]));

for (const dialect of DIALECTS) {
    describe(`engine: InstanceReinstall under the real pulumi CLI (api ${dialect.api})`, function () {
        this.timeout(10 * 60_000);

        let emu: EmulatorProcess | undefined;
        let project: PulumiProject | undefined;
        let cursor: RequestCursor;
        let password = PASSWORD_1;

        const p = (): PulumiProject => project!;
        const audit = (stage: string, withOutputs = true) =>
            auditSecrets(p(), SECRETS, { stage, password: withOutputs ? password : undefined });
        const upOnce = async (): Promise<{ output: string; reqs: EmulatorRequest[] }> => {
            await cursor.mark();
            const r = await p().run(["up", "--yes", "--skip-preview"]);
            return { output: r.output, reqs: await cursor.take() };
        };

        before(async () => {
            findPulumiBin(); // fails the suite with install instructions when there is no CLI
            // 20 simulated seconds per reinstall at 20×: about one real second each.
            emu = await EmulatorProcess.start({ fleet: 3, clockSpeed: 20, reinstallSeconds: 20 });
            cursor = new RequestCursor(emu);
            project = await PulumiProject.create({
                ...engineProgram("reinstall"),
                env: emulatorEnv(emu),
                label: `cvm-engine-${dialect.api}`,
            });
            await setCloudConfig(project);
            await project.setConfigs({
                instanceIds: JSON.stringify(INSTANCES),
                imageId: FIRST_IMAGE,
                api: dialect.api,
            });
            await project.setConfig("password", password, { secret: true });
        });

        after(async () => {
            await emu?.stop();
            if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
            else project?.dispose();
        });

        it("1. preview of a new stack plans the creates, announces each as a REINSTALL, and only reads (no reset)", async () => {
            await cursor.mark();
            const r = await p().run(["preview"]);
            const reqs = await cursor.take();
            expect(r.output).to.match(
                /\+\s+pulumi-nodejs:dynamic\/cvm:InstanceReinstall\s+reinstall-ins-00000001\s+create/,
            );
            expect(r.output).to.match(
                /ins-00000001: new resource: `up` will REINSTALL this instance and wipe its system disk/,
            );
            expect(resetsOf(reqs, dialect.reset), "resets during preview").to.deep.equal([]);
            // A create reinstalls: preview reads the instance (and under API 3.0 asks for a dry run).
            expect(
                Object.keys(countByAction(reqs)).filter(
                    (a) => a !== "DescribeInstances" && a !== "InquiryPriceResetInstance",
                ),
                "API calls during preview",
            ).to.deep.equal([]);
            await audit("after preview", false);
        });

        it(`2. up reinstalls each instance exactly once (${dialect.reset}) and records the outputs`, async () => {
            const { output, reqs } = await upOnce();
            expect(acceptedPerInstance(reqs, dialect.reset)).to.deep.equal(oncePerInstance(INSTANCES));
            expect(resetsOf(reqs, dialect.reset)).to.have.length(INSTANCES.length);
            const outs = await p().outputs();
            for (const id of INSTANCES) {
                expect((outs.currentImageId as Record<string, string>)[id], `currentImageId of ${id}`).to.equal(
                    FIRST_IMAGE,
                );
                expect((outs.osName as Record<string, string>)[id], `osName of ${id}`)
                    .to.be.a("string")
                    .and.not.equal("");
                expect((outs.requestId as Record<string, string>)[id], `requestId of ${id}`)
                    .to.be.a("string")
                    .and.not.equal("");
                expect((outs.reinstalledAt as Record<string, string>)[id], `reinstalledAt of ${id}`).to.match(
                    /^\d{4}-\d\d-\d\dT/,
                );
            }
            for (const id of INSTANCES)
                expect((await emu!.instance(id)).imageId, `emulator image of ${id}`).to.equal(FIRST_IMAGE);
            // The provider's progress reaches the user.
            expect(providerLines(output).join("\n"), "progress lines in the up output").to.match(
                /ins-00000001: reinstalled/,
            );
            const history = await p().lastHistory();
            expect(history.resourceChanges).to.include({ create: INSTANCES.length + 1 });
            await audit("after first up");
        });

        it("3. a second up with no change neither reinstalls nor updates", async () => {
            const { reqs } = await upOnce();
            expect(resetsOf(reqs, dialect.reset)).to.deep.equal([]);
            const history = await p().lastHistory();
            expect(history.resourceChanges, JSON.stringify(history)).to.deep.equal({ same: INSTANCES.length + 1 });
            await audit("after no-op up");
        });

        it("4. a new imageId shows in `preview --diff`, then up reinstalls once per instance", async () => {
            await p().setConfig("imageId", SECOND_IMAGE);
            await cursor.mark();
            const preview = await p().run(["preview", "--diff"]);
            expect(resetsOf(await cursor.take(), dialect.reset), "resets during preview").to.deep.equal([]);
            expect(preview.output).to.match(new RegExp(`imageId\\s*:\\s*"${FIRST_IMAGE}"\\s*=>\\s*"${SECOND_IMAGE}"`));
            expect(preview.output).to.match(/~ pulumi-nodejs:dynamic\/cvm:InstanceReinstall: \(update\)/);
            expect(preview.output).to.match(new RegExp(`~ ${INSTANCES.length} to update`));
            const { reqs } = await upOnce();
            expect(acceptedPerInstance(reqs, dialect.reset)).to.deep.equal(oncePerInstance(INSTANCES));
            expect(resetsOf(reqs, dialect.reset)).to.have.length(INSTANCES.length);
            const outs = await p().outputs();
            for (const id of INSTANCES)
                expect((outs.currentImageId as Record<string, string>)[id]).to.equal(SECOND_IMAGE);
            await audit("after image change");
        });

        it("5. a new password alone reinstalls once per instance", async () => {
            password = PASSWORD_2;
            await p().setConfig("password", password, { secret: true });
            const { reqs } = await upOnce();
            expect(acceptedPerInstance(reqs, dialect.reset)).to.deep.equal(oncePerInstance(INSTANCES));
            expect(resetsOf(reqs, dialect.reset)).to.have.length(INSTANCES.length);
            await audit("after password change");
        });

        it("6. a non-trigger input (waitTimeoutMinutes) updates state without any reset", async () => {
            await p().setConfig("waitTimeoutMinutes", "45");
            const { reqs } = await upOnce();
            expect(resetsOf(reqs, dialect.reset)).to.deep.equal([]);
            const history = await p().lastHistory();
            expect(history.resourceChanges, JSON.stringify(history)).to.include({ update: INSTANCES.length });
            const outs = await p().outputs();
            for (const id of INSTANCES) expect((outs.waitTimeoutMinutes as Record<string, number>)[id]).to.equal(45);
            await audit("after waitTimeoutMinutes change");
        });

        it("7. an out-of-band reinstall shows as drift on refresh; the next up converges with one reset", async () => {
            const [drifted, steady] = INSTANCES;
            const before = await emu!.instance(drifted);
            await emu!.reinstallOutOfBand(drifted, DRIFT_IMAGE, before.rootSize);
            await waitUntil(async () => {
                const now = await emu!.instance(drifted);
                return now.imageId === DRIFT_IMAGE && now.reinstalling === false;
            }, 30_000);

            await cursor.mark();
            const refresh = await p().run(["refresh", "--yes", "--diff"]);
            const refreshReqs = await cursor.take();
            expect(resetsOf(refreshReqs, dialect.reset), "resets during refresh").to.deep.equal([]);
            expect(refresh.output).to.match(new RegExp(`imageId\\s*:\\s*"${SECOND_IMAGE}"\\s*=>\\s*"${DRIFT_IMAGE}"`));
            const state = await p().exportState();
            const byId = Object.fromEntries(reinstallResources(state.deployment).map((r) => [r.id, r]));
            expect(byId[drifted].outputs?.imageId, "refreshed imageId of the drifted instance").to.equal(DRIFT_IMAGE);
            expect(byId[steady].outputs?.imageId, "refreshed imageId of the other instance").to.equal(SECOND_IMAGE);
            await audit("after refresh");

            const { reqs } = await upOnce();
            expect(acceptedPerInstance(reqs, dialect.reset)).to.deep.equal({ [drifted]: 1 });
            expect(resetsOf(reqs, dialect.reset)).to.have.length(1);
            expect((await emu!.instance(drifted)).imageId).to.equal(SECOND_IMAGE);
            await audit("after drift correction");
        });

        it("8. bad input fails preview naming the property, with no API call", async () => {
            await p().setConfig("imageId", "img-NOT!OK");
            await cursor.mark();
            const badImage = await p().run(["preview"], { allowFailure: true });
            expect(badImage.code, badImage.output).to.not.equal(0);
            expect(badImage.output).to.match(/imageId must look like img-xxxxxxxx/);
            expect(countByAction(await cursor.take()), "API calls").to.deep.equal({});
            await p().setConfig("imageId", SECOND_IMAGE);

            await p().setConfig("password", SHORT_PASSWORD, { secret: true });
            await cursor.mark();
            const badPassword = await p().run(["preview"], { allowFailure: true });
            expect(badPassword.code, badPassword.output).to.not.equal(0);
            expect(badPassword.output).to.match(/password [^\n]*8/);
            expect(countByAction(await cursor.take()), "API calls").to.deep.equal({});
            await p().setConfig("password", password, { secret: true });
            await audit("after failed previews");
        });

        it("9. destroy calls no API, empties the stack and leaves the instances as they are", async () => {
            const snapshot = (list: EmulatorInstance[]) =>
                list
                    .filter((i) => INSTANCES.includes(i.instanceId))
                    .map((i) => ({
                        id: i.instanceId,
                        imageId: i.imageId,
                        rootSize: i.rootSize,
                        state: i.state,
                        op: i.latestOperationRequestId,
                    }));
            const before = snapshot(await emu!.instances());
            await cursor.mark();
            const r = await p().run(["destroy", "--yes", "--skip-preview"]);
            expect(countByAction(await cursor.take()), "API calls during destroy").to.deep.equal({});
            expect(snapshot(await emu!.instances())).to.deep.equal(before);
            const d = await audit("after destroy", false);
            expect(reinstallResources(d), "resources left in the stack").to.deep.equal([]);
            expect(await p().outputs()).to.deep.equal({});
            expect(providerLines(r.output).join("\n")).to.match(/left as it is/);
        });
    });
}

async function waitUntil(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await cond())) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
    }
}
