import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { isDocumented } from "./documentedErrors";
import { type ClientChoice, cvmClient, sdkError } from "./sdkClients";
import { checkAgainstModel, readModels } from "./sdkModels";
import { CVM_MODELS } from "./sdkPaths";

const models = readModels(CVM_MODELS);
const conforms = (model: string, value: unknown) =>
    expect(checkAgainstModel(models, model, value), model).to.deep.equal([]);

const CHOICES: (ClientChoice & { label: string })[] = [
    { label: "TC3-HMAC-SHA256, POST JSON", signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" },
    { label: "TC3-HMAC-SHA256, GET", signMethod: "TC3-HMAC-SHA256", reqMethod: "GET" },
    { label: "HmacSHA1, POST form", signMethod: "HmacSHA1", reqMethod: "POST" },
    { label: "HmacSHA1, GET", signMethod: "HmacSHA1", reqMethod: "GET" },
    { label: "HmacSHA256, POST form", signMethod: "HmacSHA256", reqMethod: "POST" },
    { label: "HmacSHA256, GET", signMethod: "HmacSHA256", reqMethod: "GET" },
];

describe("conformance: tencentcloud-sdk-nodejs-cvm against the emulator (only the endpoint overridden)", function () {
    this.timeout(30_000);
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({
            clockSpeed: 0,
            reinstallSeconds: 60,
            passwordResetSeconds: 30,
            guestNetwork: false,
            instances: [
                { instanceId: "ins-sdkcvm01", tags: { team: "web" } },
                { instanceId: "ins-sdkcvm02", state: "STOPPED" },
                { instanceId: "ins-sdkcvm03", imageId: "img-win2022d" },
                { instanceId: "ins-sdkcvm04" },
                { instanceId: "ins-sdkcvm05" },
            ],
        });
    });
    after(() => emu?.close());

    for (const choice of CHOICES) {
        it(`DescribeInstances signed ${choice.label} succeeds and every field has the SDK model's type`, async () => {
            const r = await cvmClient(emu, choice).DescribeInstances({
                InstanceIds: ["ins-sdkcvm01", "ins-sdkcvm02", "ins-sdkcvm03"],
                Limit: 10,
            });
            expect(r.TotalCount).to.equal(3);
            conforms("DescribeInstancesResponse", r);
            const logged = emu.requests().at(-1)!;
            expect(logged).to.include({ action: "DescribeInstances", outcome: "ok", method: choice.reqMethod });
        });
    }

    it("accepts the common parameters the SDK sends: X-TC-RequestClient, X-TC-Language, X-TC-TraceId (TC3) and RequestClient, Language (v1)", async () => {
        await cvmClient(emu, { language: "en-US" }).DescribeInstances({});
        const tc3 = emu.requests().at(-1)!;
        expect(tc3.outcome).to.equal("ok");
        expect(tc3.headers?.["x-tc-requestclient"]).to.match(/^SDK_NODEJS_/);
        expect(tc3.headers?.["x-tc-language"]).to.equal("en-US");
        // The SDK names the scope after its endpoint's first label and signs the host without the port.
        expect(tc3.headers?.authorization).to.match(/\/127\/tc3_request, SignedHeaders=content-type;host,/);
        await cvmClient(emu, { signMethod: "HmacSHA256", language: "zh-CN" }).DescribeInstances({});
        const v1 = emu.requests().at(-1)!;
        expect(v1.outcome).to.equal("ok");
        expect(v1.params).to.include({ Language: "zh-CN", SignatureMethod: "HmacSHA256" });
        expect(String(v1.params.RequestClient)).to.match(/^SDK_NODEJS_/);
    });

    it("describes an instance with Tags as [{Key, Value}], the loopback addresses, HostName and LicenseType the model declares", async () => {
        const [inst] = (await cvmClient(emu).DescribeInstances({ InstanceIds: ["ins-sdkcvm01"] })).InstanceSet!;
        expect(inst.Tags).to.deep.equal([{ Key: "team", Value: "web" }]);
        expect(inst.PrivateIpAddresses![0]).to.match(/^127\.10\./);
        expect(inst.PublicIpAddresses![0]).to.match(/^127\.20\./);
        expect(inst.HostName).to.be.a("string").and.not.equal("");
        expect(inst.LicenseType).to.equal("TencentCloud");
    });

    for (const choice of [CHOICES[0], CHOICES[4]]) {
        it(`ResetInstance (${choice.label}): the RequestId is the instance's LatestOperationRequestId, and after the task HostName, image and disk are the requested ones`, async () => {
            const client = cvmClient(emu, choice);
            const id = choice.signMethod === "TC3-HMAC-SHA256" ? "ins-sdkcvm04" : "ins-sdkcvm05";
            const reset = await client.ResetInstance({
                InstanceId: id,
                ImageId: "img-ubun2204",
                SystemDisk: { DiskSize: 80 },
                LoginSettings: { Password: "Qcloud@TestApi123++" },
                EnhancedService: { SecurityService: { Enabled: true }, MonitorService: { Enabled: true } },
                HostName: "web-1.example",
            });
            conforms("ResetInstanceResponse", reset);
            const during = (await client.DescribeInstances({ InstanceIds: [id] })).InstanceSet![0];
            expect(during).to.include({
                LatestOperation: "ResetInstance",
                LatestOperationState: "OPERATING",
                LatestOperationRequestId: reset.RequestId,
            });
            conforms("Instance", during);
            emu.advance(60);
            const after = (await client.DescribeInstances({ InstanceIds: [id] })).InstanceSet![0];
            conforms("Instance", after);
            expect(after).to.include({
                LatestOperationState: "SUCCESS",
                ImageId: "img-ubun2204",
                HostName: "web-1.example",
                OsName: "Ubuntu Server 22.04 LTS 64位",
            });
            expect(after.SystemDisk!.DiskSize).to.equal(80);
            expect(JSON.stringify(emu.requests())).to.not.include("Qcloud@TestApi123++");
        });
    }

    it("a failed reinstall (LatestOperationErrorMsg) still conforms", async () => {
        emu.inject({ kind: "taskFail", instanceId: "ins-sdkcvm04" });
        await cvmClient(emu).ResetInstance({ InstanceId: "ins-sdkcvm04" });
        emu.advance(60);
        const inst = (await cvmClient(emu).DescribeInstances({ InstanceIds: ["ins-sdkcvm04"] })).InstanceSet![0];
        expect(inst.LatestOperationState).to.equal("FAILED");
        expect(inst.LatestOperationErrorMsg).to.be.a("string");
        conforms("Instance", inst);
    });

    for (const choice of [CHOICES[0], CHOICES[2]]) {
        it(`InquiryPriceResetInstance (${choice.label}) answers the SDK's Price model`, async () => {
            const r = await cvmClient(emu, choice).InquiryPriceResetInstance({
                InstanceId: "ins-sdkcvm01",
                ImageId: "img-debian12",
                SystemDisk: { DiskSize: 60 },
            });
            conforms("InquiryPriceResetInstanceResponse", r);
            expect(r.Price?.InstancePrice).to.include({ ChargeUnit: "HOUR", Discount: 100 });
        });
    }

    it("ResetInstancesPassword with ForceStop (TC3 and HmacSHA1, where ForceStop travels as a string): accepted, then SUCCESS", async () => {
        const r = await cvmClient(emu).ResetInstancesPassword({
            InstanceIds: ["ins-sdkcvm01"],
            Password: "Abc123!@#xyz",
            ForceStop: true,
        });
        conforms("ResetInstancesPasswordResponse", r);
        const during = (await cvmClient(emu).DescribeInstances({ InstanceIds: ["ins-sdkcvm01"] })).InstanceSet![0];
        expect(during).to.include({
            LatestOperation: "ResetInstancesPassword",
            LatestOperationState: "OPERATING",
            LatestOperationRequestId: r.RequestId,
        });
        emu.advance(30);
        expect((await cvmClient(emu).DescribeInstances({ InstanceIds: ["ins-sdkcvm01"] })).InstanceSet![0]).to.include({
            LatestOperationState: "SUCCESS",
            InstanceState: "RUNNING",
        });
        const v1 = await cvmClient(emu, { signMethod: "HmacSHA1" }).ResetInstancesPassword({
            InstanceIds: ["ins-sdkcvm01"],
            Password: "Abc123!@#xyz",
            ForceStop: true,
        });
        expect(v1.RequestId).to.be.a("string");
        emu.advance(30);
    });

    const ERRORS: [string, string, (c: ReturnType<typeof cvmClient>) => Promise<unknown>][] = [
        ["ResetInstance", "InvalidInstanceId.NotFound", (c) => c.ResetInstance({ InstanceId: "ins-nothere1" })],
        [
            "ResetInstance",
            "InvalidImageId.Malformed",
            (c) => c.ResetInstance({ InstanceId: "ins-sdkcvm02", ImageId: "img-1" }),
        ],
        [
            "ResetInstance",
            "InvalidParameterValue.InvalidPassword",
            (c) => c.ResetInstance({ InstanceId: "ins-sdkcvm02", LoginSettings: { Password: "short" } }),
        ],
        [
            "ResetInstance",
            "InvalidParameterValue.IllegalHostName",
            (c) => c.ResetInstance({ InstanceId: "ins-sdkcvm02", HostName: "-bad-" }),
        ],
        [
            "ResetInstance",
            "UnsupportedOperation.InvalidImageLicenseTypeForReset",
            (c) => c.ResetInstance({ InstanceId: "ins-sdkcvm02", ImageId: "img-byolwin1" }),
        ],
        [
            "InquiryPriceResetInstance",
            "InvalidImageId.NotFound",
            (c) => c.InquiryPriceResetInstance({ InstanceId: "ins-sdkcvm02", ImageId: "img-nothere1" }),
        ],
        [
            "InquiryPriceResetInstance",
            "InvalidParameterValue.InvalidImageIdForRetsetInstance",
            (c) => c.InquiryPriceResetInstance({ InstanceId: "ins-sdkcvm02", ImageId: "img-ubuarm64" }),
        ],
        [
            "ResetInstancesPassword",
            "UnsupportedOperation.InstanceStateRunning",
            (c) => c.ResetInstancesPassword({ InstanceIds: ["ins-sdkcvm03"], Password: "Abc123!@#xyz12" }),
        ],
        [
            "ResetInstancesPassword",
            "InvalidParameterValue.InvalidPassword",
            (c) => c.ResetInstancesPassword({ InstanceIds: ["ins-sdkcvm02"], Password: "abcdefgh" }),
        ],
        ["DescribeInstances", "InvalidInstanceId.Malformed", (c) => c.DescribeInstances({ InstanceIds: ["i-1"] })],
        [
            "DescribeInstances",
            "InvalidFilter",
            (c) => c.DescribeInstances({ Filters: [{ Name: "colour", Values: ["red"] }] }),
        ],
    ];
    for (const [action, code, call] of ERRORS) {
        it(`${action}: the SDK raises ${code} with the RequestId, a code Tencent documents for ${action}`, async () => {
            const err = await sdkError(call(cvmClient(emu)));
            expect(err.code).to.equal(code);
            expect(isDocumented(action, err.code), `${err.code} documented for ${action}`).to.equal(true);
            expect(err.requestId).to.match(/^[0-9a-f-]{36}$/);
            expect(emu.requests().at(-1)?.outcome).to.equal(code);
        });
    }

    it("an unknown region is UnsupportedRegion, and a wrong key AuthFailure.SignatureFailure, through the SDK", async () => {
        expect((await sdkError(cvmClient(emu, { region: "ap-atlantis" }).DescribeInstances({}))).code).to.equal(
            "UnsupportedRegion",
        );
        const { cvm } = await import("tencentcloud-sdk-nodejs-cvm");
        const wrong = new cvm.v20170312.Client({
            credential: { secretId: "AKIDEMULATOR00000000000000000000000", secretKey: "not-the-key" },
            region: "ap-guangzhou",
            profile: { httpProfile: { endpoint: new URL(emu.url).host, protocol: "http://" } },
        });
        expect((await sdkError(wrong.DescribeInstances({}))).code).to.equal("AuthFailure.SignatureFailure");
    });
});
