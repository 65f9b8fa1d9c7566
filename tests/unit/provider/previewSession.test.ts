import { expect } from "chai";
import { systemClock } from "../../../provider/cvm/clock";
import { cvmErrorFromApi3 } from "../../../provider/cvm/errors";
import type { ResetRequest } from "../../../provider/cvm/types";
import { RefreshBatcher } from "../../../provider/read/refreshBatcher";
import type { ReinstallInputs } from "../../../provider/inputs";
import { DryRunCache } from "../../../provider/preview/dryRunCache";
import { PreviewSession } from "../../../provider/preview/previewSession";
import { FakeCvm, type FakeInstance, runningInstance } from "../../support/fakeCvm";

/** The fake CVM with the API 3.0 dry run: refuses what `refuse` returns an error code for. */
class DryRunCvm extends FakeCvm {
    refuse: (r: ResetRequest) => string | undefined = () => undefined;
    constructor(instances: Map<string, FakeInstance>) {
        super("2017-03-12", instances);
        (this as { capabilities: FakeCvm["capabilities"] }).capabilities = { ...this.capabilities, dryRun: true };
    }
    async inquireReset(request: ResetRequest): Promise<void> {
        this.calls.push({ action: "InquiryPriceResetInstance", ids: [request.instanceId] });
        const code = this.refuse(request);
        if (code)
            throw cvmErrorFromApi3(
                {
                    Response: {
                        Error: { Code: code, Message: "the image cannot be used to reinstall this instance." },
                        RequestId: "req-dry-1",
                    },
                },
                "InquiryPriceResetInstance",
            );
    }
}

const ENV = { TENCENTCLOUD_SECRET_ID: "AKIDtest", TENCENTCLOUD_SECRET_KEY: "key", TENCENTCLOUD_REGION: "ap-guangzhou" };

function session(cvm: FakeCvm, env: NodeJS.ProcessEnv = ENV) {
    const lines: string[] = [];
    const s = new PreviewSession({
        clock: systemClock,
        progress: (l) => lines.push(l),
        dryRuns: new DryRunCache(systemClock),
        batcher: new RefreshBatcher(systemClock),
        config: () => undefined,
        env,
        context: () => ({ client: cvm, key: "k" }),
    });
    return { s, lines };
}

const declared = (extra: Partial<ReinstallInputs> = {}): ReinstallInputs => ({
    instanceId: "ins-abcd1234",
    imageId: "img-ubuntu22",
    imageType: 2,
    needSecurityAgent: true,
    needMonitorAgent: true,
    waitTimeoutMinutes: 30,
    api: "2017-03-12",
    ...extra,
});
const recorded = (extra: Record<string, unknown> = {}) =>
    ({ ...declared({ imageId: "img-centos79" }), currentImageId: "img-centos79", ...extra }) as unknown as Record<
        string,
        unknown
    >;
const fleet = (...ids: string[]) => new Map(ids.map((id) => [id, runningInstance(id, { rawStatus: "RUNNING" })]));

describe("PreviewSession (what preview says and checks before up)", () => {
    it("announces a create as a REINSTALL and checks it with one read and one dry run", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s, lines } = session(cvm);
        expect(await s.create(declared())).to.equal(undefined);
        expect(lines).to.have.length(1);
        expect(lines[0]).to.match(
            /^ins-abcd1234: new resource: `up` will REINSTALL this instance and wipe its system disk \[checked: found in ap-guangzhou; running; 50 GB system disk; the server accepted a dry run/,
        );
        expect(cvm.calls.map((c) => c.action)).to.deep.equal(["DescribeInstances", "InquiryPriceResetInstance"]);
    });

    it("makes no API call for an unchanged resource", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s, lines } = session(cvm);
        const d = await s.diff(
            "ins-abcd1234",
            recorded(),
            declared({ imageId: "img-centos79" }) as unknown as Record<string, unknown>,
        );
        expect(d.changes).to.equal(false);
        expect(cvm.calls).to.deep.equal([]);
        expect(lines).to.deep.equal([]);
    });

    it("makes no API call for a state-only change (agents)", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s } = session(cvm);
        const d = await s.diff(
            "ins-abcd1234",
            recorded(),
            declared({ imageId: "img-centos79", needMonitorAgent: false }) as unknown as Record<string, unknown>,
        );
        expect(d).to.deep.include({ changes: true, reinstalls: [] });
        expect(cvm.calls).to.deep.equal([]);
    });

    it("fails a create whose instance is not in the region used, naming the region and where it came from", async () => {
        const cvm = new DryRunCvm(fleet());
        const { s } = session(cvm);
        const failure = await s.create(declared());
        expect(failure).to.deep.include({ property: "" });
        expect(failure!.reason).to.match(
            /ins-abcd1234 was not found in region ap-guangzhou \(from TENCENTCLOUD_REGION\)/,
        );
    });

    it("fails a create without credentials before any call, naming the config keys", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s } = session(cvm, { TENCENTCLOUD_REGION: "ap-guangzhou" });
        const failure = await s.create(declared());
        expect(failure!.reason).to.match(/No Tencent Cloud secretId and secretKey.*tencentcloud:secretId/);
        expect(cvm.calls).to.deep.equal([]);
    });

    it("fails the preview of a rootSize below the live disk (a shrink after a refresh)", async () => {
        const cvm = new DryRunCvm(new Map([["ins-abcd1234", runningInstance("ins-abcd1234", { rootSize: 80 })]]));
        const { s } = session(cvm);
        const news = declared({ imageId: "img-centos79", rootSize: 60 }) as unknown as Record<string, unknown>;
        const error = await s.diff("ins-abcd1234", recorded({ rootSize: 50 }), news).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error).to.have.property("code", "ROOT_SIZE_SHRINK");
        expect(error!.message).to.match(
            /rootSize 60 GB is smaller than the current system disk of ins-abcd1234 \(80 GB\)/,
        );
    });

    it("fails the preview of a password the live Windows OS refuses, without quoting it", async () => {
        const cvm = new DryRunCvm(
            new Map([
                [
                    "ins-abcd1234",
                    runningInstance("ins-abcd1234", { platform: "windows", osName: "Windows Server 2019" }),
                ],
            ]),
        );
        const { s } = session(cvm);
        const news = declared({ imageId: "img-centos79", password: "Passw0rd" }) as unknown as Record<string, unknown>;
        const error = await s.diff("ins-abcd1234", recorded({ password: "Old-Passw0rd!" }), news).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error).to.have.property("code", "PASSWORD_POLICY");
        expect(error!.message)
            .to.match(/runs Windows/)
            .and.not.include("Passw0rd)");
    });

    it("fails the preview with the server's reason when the dry run refuses, naming the property", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        cvm.refuse = (r) =>
            r.imageId === "img-ubuntu22" ? "InvalidParameterValue.InvalidImageIdForRetsetInstance" : undefined;
        const { s } = session(cvm);
        const error = await s.diff("ins-abcd1234", recorded(), declared() as unknown as Record<string, unknown>).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error).to.have.property("code", "DRY_RUN_REFUSED");
        expect(error).to.have.property("property", "imageId");
        expect(error!.message).to.match(
            /^imageId: Tencent Cloud refused a dry run.*InvalidImageIdForRetsetInstance: the image cannot be used.*RequestId req-dry-1/,
        );
    });

    it("runs at most one dry run per declaration per host process", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s } = session(cvm);
        await s.diff("ins-abcd1234", recorded(), declared() as unknown as Record<string, unknown>);
        await s.diff("ins-abcd1234", recorded(), declared() as unknown as Record<string, unknown>);
        expect(cvm.count("InquiryPriceResetInstance")).to.equal(1);
    });

    it("serves diffs that arrive together with one DescribeInstances", async () => {
        const ids = Array.from({ length: 30 }, (_, i) => `ins-${String(i).padStart(8, "0")}`);
        const cvm = new DryRunCvm(fleet(...ids));
        const { s } = session(cvm);
        await Promise.all(
            ids.map((id) =>
                s.diff(
                    id,
                    recorded({ instanceId: id }),
                    declared({ instanceId: id }) as unknown as Record<string, unknown>,
                ),
            ),
        );
        expect(cvm.count("DescribeInstances")).to.equal(1);
        expect(cvm.count("InquiryPriceResetInstance")).to.equal(30);
    });

    it("announces a replace as loudly as an update and checks the new instance", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234", "ins-zzzz9999"));
        const { s, lines } = session(cvm);
        const d = await s.diff(
            "ins-abcd1234",
            recorded({ imageId: "img-ubuntu22" }),
            declared({ instanceId: "ins-zzzz9999" }) as unknown as Record<string, unknown>,
        );
        expect(d.replaces).to.deep.equal(["instanceId"]);
        expect(lines[0]).to.match(
            /^ins-zzzz9999: instanceId changed, so the resource is replaced \(the previous one was ins-abcd1234\): `up` will REINSTALL this instance and wipe its system disk/,
        );
        expect(cvm.calls[0]).to.deep.equal({ action: "DescribeInstances", ids: ["ins-zzzz9999"] });
    });

    it("sees no change, and calls nothing, for a region spelled the other way or equal to the configured one", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s, lines } = session(cvm);
        const same = declared({ imageId: "img-centos79", region: "ap-guangzhou" }) as unknown as Record<
            string,
            unknown
        >;
        expect((await s.diff("ins-abcd1234", recorded({ region: "gz" }), same)).changes).to.equal(false);
        expect((await s.diff("ins-abcd1234", recorded(), same)).changes).to.equal(false);
        expect(cvm.calls).to.deep.equal([]);
        expect(lines).to.deep.equal([]);
    });

    it("recognises a recorded qcvm alias of the same instance with one read: no replace, no reinstall", async () => {
        const cvm = new DryRunCvm(
            new Map([["ins-abcd1234", runningInstance("ins-abcd1234", { aliases: ["qcvm1a2b3c4d"] })]]),
        );
        const { s, lines } = session(cvm);
        const d = await s.diff(
            "qcvm1a2b3c4d",
            recorded({ instanceId: "qcvm1a2b3c4d" }),
            declared({ imageId: "img-centos79" }) as unknown as Record<string, unknown>,
        );
        expect(d).to.deep.include({ replaces: [], reinstalls: [] });
        expect(cvm.count("DescribeInstances")).to.equal(1);
        expect(lines).to.deep.equal([]);
    });

    it("says what the next up does after a refresh found drift, without calling the API", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s, lines } = session(cvm);
        s.noteRefreshed("ins-abcd1234");
        await s.diff(
            "ins-abcd1234",
            recorded({ imageId: "img-drifted0" }),
            declared({ imageId: "img-centos79" }) as unknown as Record<string, unknown>,
        );
        expect(cvm.calls).to.deep.equal([]);
        expect(lines[0]).to.match(/imageId changed: `up` will REINSTALL/);
    });

    it("states that a password-only change under passwordChange reset sets the password without a wipe, and runs no dry run", async () => {
        const cvm = new DryRunCvm(fleet("ins-abcd1234"));
        const { s, lines } = session(cvm);
        const news = declared({
            imageId: "img-centos79",
            password: "N3w-Passw0rd!",
            passwordChange: "reset",
        }) as unknown as Record<string, unknown>;
        await s.diff("ins-abcd1234", recorded({ password: "Old-Passw0rd!", passwordChange: "reset" }), news);
        expect(lines[0]).to.match(
            /password changed \(passwordChange "reset"\): `up` will reset the password with ResetInstancesPassword \(no reinstall, no wipe; the instance is force-stopped and started again\)/,
        );
        expect(lines[0]).to.not.match(/REINSTALL/);
        expect(cvm.calls.map((c) => c.action)).to.deep.equal(["DescribeInstances"]);
    });
});
