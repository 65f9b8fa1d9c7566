import { expect } from "chai";
import { diffInputs } from "../../../provider/diffInputs";
import { UNKNOWN } from "../../../provider/inputs";

const state = {
    instanceId: "ins-abcd1234",
    imageId: "img-9qabwvbn",
    imageType: 2,
    password: "Passw0rd!",
    api: "legacy",
    needSecurityAgent: true,
    needMonitorAgent: true,
    waitTimeoutMinutes: 30,
    rootSize: 50,
    requestId: "1001",
    reinstalledAt: "2026-11-28T00:00:00.000Z",
    currentImageId: "img-9qabwvbn",
    osName: "CentOS",
    currentRootSize: 50,
    __provider: "old text",
};
const inputs = () => {
    const { requestId, reinstalledAt, currentImageId, osName, currentRootSize, __provider, ...rest } = state;
    void requestId;
    void reinstalledAt;
    void currentImageId;
    void osName;
    void currentRootSize;
    void __provider;
    return { ...rest, __provider: "new text" } as Record<string, unknown>;
};

describe("diffInputs", () => {
    it("reports no change when only __provider differs (a provider upgrade never reinstalls)", () => {
        expect(diffInputs(state, inputs())).to.deep.include({ changes: false, reinstalls: [], replaces: [] });
    });

    for (const [key, value] of [
        ["imageId", "img-ubuntu22"],
        ["password", "N3wPassw0rd!"],
        ["rootSize", 80],
        ["triggers", [2]],
    ] as const) {
        it(`reinstalls when ${key} changes to a new declared value`, () => {
            const d = diffInputs(state, { ...inputs(), [key]: value });
            expect(d.changes).to.equal(true);
            expect(d.reinstalls).to.deep.equal([key]);
            expect(d.replaces).to.deep.equal([]);
        });
    }

    it("does not reinstall when imageId is removed from the declaration", () => {
        const news = inputs();
        delete news.imageId;
        const d = diffInputs(state, news);
        expect(d.changes).to.equal(true);
        expect(d.reinstalls).to.deep.equal([]);
    });

    it("replaces when instanceId changes", () => {
        expect(diffInputs(state, { ...inputs(), instanceId: "ins-zzzz9999" }).replaces).to.deep.equal(["instanceId"]);
    });

    it("replaces when region changes", () => {
        expect(
            diffInputs({ ...state, region: "ap-guangzhou" }, { ...inputs(), region: "ap-shanghai" }).replaces,
        ).to.deep.equal(["region"]);
    });

    for (const [key, value] of [
        ["waitTimeoutMinutes", 60],
        ["api", "2017-03-12"],
        ["needMonitorAgent", false],
        ["endpoint", "http://127.0.0.1:1"],
    ] as const) {
        it(`updates state without a reinstall when only ${key} changes`, () => {
            const d = diffInputs(state, { ...inputs(), [key]: value });
            expect(d).to.deep.include({ changes: true, reinstalls: [], replaces: [] });
        });
    }

    it("counts an unknown image (preview) as a reinstall", () => {
        expect(diffInputs(state, { ...inputs(), imageId: UNKNOWN }).reinstalls).to.deep.equal(["imageId"]);
    });

    it("asks for an update while an accepted reset is still pending, even with equal inputs", () => {
        const d = diffInputs({ ...state, pendingReset: { requestId: "7", submittedAt: "x", intent: "y" } }, inputs());
        expect(d).to.deep.include({ changes: true, resumes: true });
    });

    it("reinstalls after refresh reported a drifted image", () => {
        expect(diffInputs({ ...state, imageId: "img-drifted0" }, inputs()).reinstalls).to.deep.equal(["imageId"]);
    });

    it("sees no change when the region is spelled the other way (gz vs ap-guangzhou)", () => {
        expect(diffInputs({ ...state, region: "gz" }, { ...inputs(), region: "ap-guangzhou" })).to.deep.include({
            changes: false,
            replaces: [],
        });
    });

    it("sees no change when a region equal to the configured one is added or removed", () => {
        const configured = { configuredRegion: "ap-guangzhou" };
        expect(diffInputs(state, { ...inputs(), region: "ap-guangzhou" }, configured)).to.deep.include({
            changes: false,
            replaces: [],
        });
        expect(diffInputs({ ...state, region: "gz" }, inputs(), configured)).to.deep.include({
            changes: false,
            replaces: [],
        });
    });

    it("replaces when a region other than the configured one is added", () => {
        expect(
            diffInputs(state, { ...inputs(), region: "ap-shanghai" }, { configuredRegion: "ap-guangzhou" }).replaces,
        ).to.deep.equal(["region"]);
    });

    it("replaces when a region is added and no default region is known", () => {
        expect(diffInputs(state, { ...inputs(), region: "ap-guangzhou" }).replaces).to.deep.equal(["region"]);
    });

    it("treats a qcvm alias the read showed to be the same instance as a state-only update, not a replace", () => {
        const d = diffInputs({ ...state, instanceId: "qcvm1a2b3c4d" }, inputs(), {
            instanceAliases: ["ins-abcd1234", "qcvm1a2b3c4d"],
        });
        expect(d).to.deep.include({ changes: true, replaces: [], reinstalls: [] });
    });

    it("replaces when a qcvm id is another instance", () => {
        const d = diffInputs({ ...state, instanceId: "qcvm99999999" }, inputs(), {
            instanceAliases: ["ins-abcd1234", "qcvm1a2b3c4d"],
        });
        expect(d.replaces).to.deep.equal(["instanceId"]);
    });

    it("sees no change in values that differ only in surrounding whitespace", () => {
        expect(diffInputs({ ...state, imageId: "img-9qabwvbn " }, inputs()).changes).to.equal(false);
    });

    for (const [key, value] of [
        ["rollout", { group: "web", maxParallel: 2 }],
        ["readiness", { tcpPort: 22 }],
        ["passwordChange", "reset"],
        ["needSecurityAgent", false],
    ] as const) {
        it(`updates state without a reinstall when only ${key} changes`, () => {
            expect(diffInputs(state, { ...inputs(), [key]: value })).to.deep.include({
                changes: true,
                reinstalls: [],
                replaces: [],
            });
        });
    }

    it("updates state without a reinstall when a state recorded under the old legacy default meets the new API 3.0 default", () => {
        expect(diffInputs(state, { ...inputs(), api: "2017-03-12" })).to.deep.include({
            changes: true,
            reinstalls: [],
            replaces: [],
        });
    });

    it("counts an unknown region (preview) as a replace", () => {
        expect(
            diffInputs(
                { ...state, region: "ap-guangzhou" },
                { ...inputs(), region: UNKNOWN },
                { configuredRegion: "ap-guangzhou" },
            ).replaces,
        ).to.deep.equal(["region"]);
    });

    it("compares triggers by value, not identity or key order", () => {
        const d = diffInputs({ ...state, triggers: [{ a: 1, b: 2 }] }, { ...inputs(), triggers: [{ b: 2, a: 1 }] });
        expect(d.changes).to.equal(false);
    });
});
