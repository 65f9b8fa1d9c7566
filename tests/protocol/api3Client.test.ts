import { expect } from "chai";
import type { Harness } from "./cvmHarness";
import { INSTANCE, resetRequest, startHarness } from "./cvmHarness";

describe("API 3.0 client against the emulator", function () {
    this.timeout(10_000);
    let h: Harness;
    beforeEach(async () => (h = await startHarness("2017-03-12")));
    afterEach(async () => h.close());

    it("sends the X-TC headers, the long region for a short one, and a TC3 Authorization", async () => {
        await h.client({ region: "gz" }).describeInstances([INSTANCE]);
        const call = h.calls("DescribeInstances")[0]!;
        expect(call.outcome).to.equal("ok");
        const headers = Object.fromEntries(Object.entries(call.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        expect(headers).to.include({
            "x-tc-action": "DescribeInstances",
            "x-tc-version": "2017-03-12",
            "x-tc-region": "ap-guangzhou",
        });
        expect(headers.authorization).to.match(
            /^TC3-HMAC-SHA256 Credential=\S+\/\d{4}-\d\d-\d\d\/cvm\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=\*\*\*$/,
        );
    });

    it("maps the reset to the documented JSON body", async () => {
        await h.client().resetInstance(resetRequest({ rootSize: 80, needMonitorAgent: false }));
        const params = h.calls("ResetInstance")[0]!.params;
        expect(params).to.deep.include({
            InstanceId: INSTANCE,
            ImageId: "img-ubun2204",
            SystemDisk: { DiskSize: 80 },
            LoginSettings: { Password: "***" },
            EnhancedService: { SecurityService: { Enabled: true }, MonitorService: { Enabled: false } },
        });
    });

    it("returns the reset's RequestId, which DescribeInstances reports as LatestOperationRequestId", async () => {
        const client = h.client();
        const accepted = await client.resetInstance(resetRequest());
        const view = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
        expect(view.latestOperation).to.include({
            name: "ResetInstance",
            state: "OPERATING",
            requestId: accepted.requestId,
        });
    });
});
