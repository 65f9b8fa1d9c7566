import { expect } from "chai";
import { api3InquiryBody, api3InstanceView, api3Phase, api3ResetBody } from "../../../provider/cvm/api3Mapping";

describe("api3Mapping", () => {
    it("maps InstanceState and LatestOperation* to a phase", () => {
        const cases: Array<[string, string | undefined, string | undefined, string]> = [
            ["RUNNING", undefined, undefined, "running"],
            ["STOPPED", "StopInstances", "SUCCESS", "stopped"],
            ["RUNNING", "ResetInstance", "OPERATING", "reinstalling"],
            ["STOPPED", "ResetInstance", "OPERATING", "reinstalling"],
            ["RUNNING", "ResetInstance", "SUCCESS", "running"],
            ["RUNNING", "ResetInstance", "FAILED", "running"],
            ["RUNNING", "ResizeInstanceDisks", "OPERATING", "busy"],
            ["PENDING", undefined, undefined, "transitional"],
            ["STARTING", undefined, undefined, "transitional"],
            ["STOPPING", undefined, undefined, "transitional"],
            ["REBOOTING", undefined, undefined, "transitional"],
            ["STARTING", "ResetInstance", "OPERATING", "reinstalling"],
            ["LAUNCH_FAILED", undefined, undefined, "faulty"],
            ["SHUTDOWN", undefined, undefined, "gone"],
            ["TERMINATING", undefined, undefined, "gone"],
            ["RESCUE_MODE", undefined, undefined, "unavailable"],
            ["ENTER_SERVICE_LIVE_MIGRATE", undefined, undefined, "unavailable"],
            ["SOMETHING_NEW", undefined, undefined, "unavailable"],
        ];
        for (const [state, op, opState, phase] of cases)
            expect(api3Phase(state, op, opState), `${state}/${op}/${opState}`).to.equal(phase);
    });

    it("fills the view and the latest operation", () => {
        const view = api3InstanceView({
            InstanceId: "ins-1",
            InstanceState: "RUNNING",
            ImageId: "img-2",
            OsName: "Windows Server 2019",
            SystemDisk: { DiskType: "CLOUD_PREMIUM", DiskId: "disk-1", DiskSize: 80 },
            LatestOperation: "ResetInstance",
            LatestOperationState: "FAILED",
            LatestOperationRequestId: "req-9",
            LatestOperationErrorMsg: "boom",
        });
        expect(view).to.deep.equal({
            instanceId: "ins-1",
            phase: "running",
            rawStatus: "RUNNING",
            imageId: "img-2",
            osName: "Windows Server 2019",
            rootSize: 80,
            platform: "windows",
            latestOperation: { name: "ResetInstance", state: "FAILED", requestId: "req-9", errorMessage: "boom" },
            tags: {},
            aliases: ["ins-1"],
        });
    });

    it("reads tags, the first private and public IPs", () => {
        const view = api3InstanceView({
            InstanceId: "ins-1",
            InstanceState: "RUNNING",
            Tags: [
                { Key: "reinstall-intent", Value: "abc" },
                { Key: "team", Value: "web" },
                { Key: "", Value: "dropped" },
            ],
            PrivateIpAddresses: ["127.0.10.1", "127.0.10.2"],
            PublicIpAddresses: ["127.0.20.1"],
        })!;
        expect(view.tags).to.deep.equal({ "reinstall-intent": "abc", team: "web" });
        expect(view).to.include({ privateIp: "127.0.10.1", publicIp: "127.0.20.1" });
    });

    it("accepts null public IPs and absent tags (no public address, no tags)", () => {
        const view = api3InstanceView({
            InstanceId: "ins-1",
            InstanceState: "RUNNING",
            PublicIpAddresses: null,
            Tags: null,
            PrivateIpAddresses: [],
        })!;
        expect(view.tags).to.deep.equal({});
        expect(view).to.not.have.property("publicIp");
        expect(view).to.not.have.property("privateIp");
    });

    it("omits latestOperation when the API reports none (nulls)", () => {
        const view = api3InstanceView({
            InstanceId: "ins-1",
            InstanceState: "STOPPED",
            LatestOperation: null,
            LatestOperationState: null,
        })!;
        expect(view).to.not.have.property("latestOperation");
        expect(view.phase).to.equal("stopped");
    });

    it("builds the ResetInstance body of the official example", () => {
        // TencentCloud/tencentcloud-cli tccli/services/cvm/v20170312/examples.json, the ResetInstance example body
        const body = api3ResetBody({
            instanceId: "ins-r8hr2upy",
            imageId: "img-pmqg1cw7",
            rootSize: 60,
            password: "Qcloud@TestApi123++",
            needSecurityAgent: true,
            needMonitorAgent: true,
        });
        expect(JSON.stringify(body)).to.equal(
            '{"InstanceId":"ins-r8hr2upy","ImageId":"img-pmqg1cw7","SystemDisk":{"DiskSize":60},"LoginSettings":{"Password":"Qcloud@TestApi123++"},' +
                '"EnhancedService":{"SecurityService":{"Enabled":true},"MonitorService":{"Enabled":true}}}',
        );
    });

    it("builds the InquiryPriceResetInstance body as the reset's without HostName", () => {
        const request = {
            instanceId: "i",
            imageId: "img-1",
            hostName: "web-1",
            userData: "ZWNobw==",
            password: "Pw!12345678",
            needSecurityAgent: true,
            needMonitorAgent: false,
        };
        const { HostName, ...rest } = api3ResetBody(request);
        expect(HostName).to.equal("web-1");
        expect(api3InquiryBody(request)).to.deep.equal(rest);
        expect(api3InquiryBody(request)).to.not.have.property("HostName");
    });

    it("maps keys, KeepImageLogin, HostName and UserData, and leaves out what is absent", () => {
        expect(
            api3ResetBody({
                instanceId: "i",
                keyIds: ["skey-1"],
                hostName: "web-1",
                userData: "ZWNobw==",
                needSecurityAgent: false,
                needMonitorAgent: false,
            }),
        ).to.deep.equal({
            InstanceId: "i",
            LoginSettings: { KeyIds: ["skey-1"] },
            EnhancedService: { SecurityService: { Enabled: false }, MonitorService: { Enabled: false } },
            HostName: "web-1",
            UserData: "ZWNobw==",
        });
        expect(
            api3ResetBody({ instanceId: "i", keepImageLogin: true, needSecurityAgent: true, needMonitorAgent: true })
                .LoginSettings,
        ).to.deep.equal({
            KeepImageLogin: "TRUE",
        });
        expect(
            api3ResetBody({ instanceId: "i", keepImageLogin: false, needSecurityAgent: true, needMonitorAgent: true })
                .LoginSettings,
        ).to.deep.equal({
            KeepImageLogin: "FALSE",
        });
    });
});
