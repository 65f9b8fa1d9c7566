import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { legacyCall } from "./sdkClients";

// Numeric codes of the legacy envelope (https://cloud.tencent.com/document/api/213/6982 lists them).
const LEGACY_CODES = [
    0, 4000, 4100, 4101, 4102, 4103, 4104, 4105, 4106, 4110, 4200, 4300, 4400, 4500, 4600, 5000, 5100, 5200, 5300, 5400,
    5500, 6000, 6100, 6200,
];

describe("conformance: qcloudapi-sdk (the official legacy SDK) against the emulator's v2 dialect", function () {
    this.timeout(30_000);
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({
            clockSpeed: 0,
            reinstallSeconds: 60,
            guestNetwork: false,
            instances: [
                { instanceId: "ins-sdkleg01", oldId: "qcvm1234" },
                { instanceId: "ins-sdkleg02" },
                { instanceId: "ins-sdkleg03" },
            ],
        });
    });
    after(() => emu?.close());

    for (const [method, signatureMethod] of [
        ["POST", "sha1"],
        ["GET", "sha1"],
        ["POST", "sha256"],
        ["GET", "sha256"],
    ] as const) {
        it(`DescribeInstances over ${method} signed with Hmac${signatureMethod.toUpperCase()} (its RequestClient parameter included) lists the instances`, async () => {
            const body = await legacyCall(
                emu,
                { Action: "DescribeInstances", instanceIds: ["ins-sdkleg01", "ins-sdkleg02"] },
                { method, signatureMethod },
            );
            expect(body).to.include({ code: 0, totalCount: 2 });
            expect(body.instanceSet.map((i: any) => i.unInstanceId)).to.deep.equal(["ins-sdkleg01", "ins-sdkleg02"]);
            const item = body.instanceSet[0];
            expect(item).to.include({ instanceId: "qcvm1234", status: 2, Region: "gz" });
            expect(item.lanIp).to.match(/^127\.10\./);
            expect(item.wanIpSet[0]).to.match(/^127\.20\./);
            expect(item.diskInfo.rootSize).to.be.a("number");
            const logged = emu.requests().at(-1)!;
            expect(logged).to.include({ dialect: "legacy", method, outcome: "ok" });
            expect(String(logged.params.RequestClient)).to.match(/^SDK_NODEJS_/);
        });
    }

    it("ResetInstances returns a numeric task id; DescribeInstances shows status 14, then 2 with the new image", async () => {
        const reset = await legacyCall(emu, {
            Action: "ResetInstances",
            instanceId: "ins-sdkleg03",
            imageId: "img-ubun2204",
            imageType: 2,
            password: "Abc123!@#",
            rootSize: 60,
        });
        expect(reset).to.include({ code: 0, codeDesc: "Success" });
        expect(reset.requestId).to.be.a("number");
        expect(
            (await legacyCall(emu, { Action: "DescribeInstances", instanceIds: ["ins-sdkleg03"] })).instanceSet[0]
                .status,
        ).to.equal(14);
        emu.advance(60);
        const after = (await legacyCall(emu, { Action: "DescribeInstances", instanceIds: ["ins-sdkleg03"] }))
            .instanceSet[0];
        expect(after).to.include({ status: 2, unImgId: "img-ubun2204" });
        expect(after.diskInfo.rootSize).to.equal(60);
        expect(JSON.stringify(emu.requests())).to.not.include("Abc123!@#");
    });

    it("ResetInstances by the old qcvm id, over GET with HmacSHA256", async () => {
        const reset = await legacyCall(
            emu,
            { Action: "ResetInstances", instanceId: "qcvm1234" },
            { method: "GET", signatureMethod: "sha256" },
        );
        expect(reset.code).to.equal(0);
        expect(emu.instance("ins-sdkleg01")?.reinstalling).to.equal(true);
    });

    it("errors come back in the legacy envelope with a documented numeric code", async () => {
        const busy = await legacyCall(emu, { Action: "ResetInstances", instanceId: "ins-sdkleg01" });
        expect(busy).to.include({ code: 5100, codeDesc: "OperationConstraints.InvaildInstanceStatus" });
        const weak = await legacyCall(emu, { Action: "ResetInstances", instanceId: "ins-sdkleg02", password: "short" });
        expect(weak.codeDesc).to.equal("InvalidParameter.PasswordNotConformSpecs");
        for (const body of [busy, weak]) expect(LEGACY_CODES).to.include(body.code);
    });
});
