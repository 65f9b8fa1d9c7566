import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { InstanceReinstall } from "../../sdk";
import { apiRequests, resetRequests, FAST_CLOCK, hostEnv, PASSWORD, secretNeedles } from "../support/cloudFixtures";
import { DIALECTS, resetActions } from "../support/dialects";
import { Engine, type RunResult } from "../support/engine";
import { findPlaintext } from "../support/secrets";

/**
 * Layer 4: pointing a resource at another instance (same resource name, new instanceId) is a
 * replacement: the old instance is left alone (delete is a no-op) and the new one is reinstalled
 * once. Once per API dialect.
 */
for (const d of DIALECTS) {
    describe(`lifecycle (api ${d.api}): a resource pointed at another instance is replaced`, function () {
        this.timeout(60_000);
        const FIRST = "ins-repl0001";
        const SECOND = "ins-repl0002";
        const URN = "urn:pulumi:dev::cvm-reinstall-demo::pulumi-nodejs:dynamic/cvm:InstanceReinstall::web";
        let emu: Emulator;
        let engine: Engine;
        let target = FIRST;
        let last: RunResult | undefined;
        const program = () => {
            const r = new InstanceReinstall("web", {
                instanceId: target,
                imageId: "img-ubun2204",
                password: PASSWORD,
                api: d.api,
            });
            return { id: r.id, currentImageId: r.currentImageId };
        };

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: [FIRST, SECOND].map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
            engine = new Engine({ host: { env: hostEnv(emu.url) } });
        });

        afterEach(function () {
            if (this.currentTest?.state === "failed" && last) {
                console.log(
                    `      run: ${JSON.stringify({ ok: last.ok, ops: last.ops, failures: last.failures })}\n${last.hostOutput}`,
                );
            }
            const needles = secretNeedles();
            expect(findPlaintext(engine.checkpointText(), needles), "checkpoint").to.deep.equal([]);
            expect(findPlaintext(engine.hostOutputText(), needles), "host output").to.deep.equal([]);
            expect(findPlaintext(JSON.stringify(emu.requests()), needles), "emulator request log").to.deep.equal([]);
            if (last) {
                expect(findPlaintext(JSON.stringify(last.failures), needles), "failure messages").to.deep.equal([]);
            }
        });

        after(async () => {
            await engine?.close();
            await emu?.close();
        });

        it(d.t("the first up reinstalls the first instance"), async () => {
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(last.ops).to.deep.equal([{ urn: URN, op: "create" }]);
            expect(resetActions(emu, FIRST)).to.deep.equal(d.resets(1));
        });

        it(
            d.t("a new instanceId previews as a replacement that REINSTALLS the new instance, checked with one read"),
            async () => {
                target = SECOND;
                emu.clearRequests();
                last = await engine.preview(program);
                expect(last.ops).to.deep.equal([{ urn: URN, op: "replace" }]);
                expect(
                    apiRequests(emu).filter((r) => r.action === "DescribeInstances"),
                    JSON.stringify(apiRequests(emu).map((r) => [r.action, r.instanceIds])),
                ).to.have.length(1);
                expect(resetRequests(emu)).to.have.length(0);
            },
        );

        it(d.t("up replaces: the new instance is reinstalled once, the old one is left as it is"), async () => {
            emu.clearRequests();
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(last.ops).to.deep.equal([{ urn: URN, op: "replace" }]);
            expect(resetActions(emu, SECOND)).to.deep.equal(d.resets(1));
            expect(resetActions(emu, FIRST)).to.deep.equal([]);
            expect(emu.instance(FIRST)!.imageId).to.equal("img-ubun2204");
            expect(engine.resource("web")!.outputs).to.include({
                instanceId: SECOND,
                currentImageId: "img-ubun2204",
                api: d.api,
            });
            expect(last.outputs.currentImageId).to.equal("img-ubun2204");
        });
    });
}
