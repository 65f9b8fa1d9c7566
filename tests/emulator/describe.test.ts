import { expect } from "chai";
import { useEmulator } from "./harness";

const ids = Array.from({ length: 25 }, (_, i) => `ins-page${String(i + 1).padStart(4, "0")}`);

describe("emulator: DescribeInstances paging, filters and fields", () => {
    const h = useEmulator({
        instances: [
            ...ids.map((instanceId, i) => ({
                instanceId,
                name: i < 3 ? `web-${i}` : `db-${i}`,
                state: i === 24 ? ("STOPPED" as const) : undefined,
            })),
            { instanceId: "ins-elsewher", region: "ap-shanghai" },
        ],
    });

    describe("legacy", () => {
        it("pages with offset/limit (default 20) and reports totalCount", async () => {
            const first = await h.client.legacy("DescribeInstances", {});
            expect(first.totalCount).to.equal(25);
            expect(first.instanceSet).to.have.length(20);
            const second = await h.client.legacy("DescribeInstances", { offset: 20, limit: 100 });
            expect(second.instanceSet.map((i: any) => i.unInstanceId)).to.deep.equal(ids.slice(20));
        });

        it("rejects limit > 100 and more than 100 instanceIds with 4000, accepts exactly 100", async () => {
            expect((await h.client.legacy("DescribeInstances", { limit: 101 })).code).to.equal(4000);
            const many = (n: number) =>
                Object.fromEntries(Array.from({ length: n }, (_, i) => [`instanceIds.${i}`, ids[i % 25]]));
            expect((await h.client.legacy("DescribeInstances", many(100))).code).to.equal(0);
            expect((await h.client.legacy("DescribeInstances", many(101), { method: "POST" })).code).to.equal(4000);
        });

        it("filters by instanceIds.N, status and searchWord", async () => {
            expect(
                (await h.client.legacy("DescribeInstances", { "instanceIds.0": ids[0], "instanceIds.1": ids[1] }))
                    .totalCount,
            ).to.equal(2);
            expect(
                (await h.client.legacy("DescribeInstances", { status: 4 })).instanceSet.map((i: any) => i.unInstanceId),
            ).to.deep.equal([ids[24]]);
            expect((await h.client.legacy("DescribeInstances", { searchWord: "web" })).totalCount).to.equal(3);
        });

        it("returns the documented item fields, Region as the short code", async () => {
            const item = (
                await h.client.legacy(
                    "DescribeInstances",
                    { "instanceIds.0": "ins-elsewher" },
                    { region: "ap-shanghai" },
                )
            ).instanceSet[0];
            for (const field of [
                "unInstanceId",
                "instanceId",
                "instanceName",
                "status",
                "statusTime",
                "unImgId",
                "os",
                "imageType",
                "Region",
                "diskInfo",
                "cpu",
                "mem",
                "zoneId",
                "createTime",
            ]) {
                expect(item, field).to.have.property(field);
            }
            expect(item.Region).to.equal("sh");
            expect(item.statusTime).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
            expect(item.diskInfo).to.include({ rootSize: 50 });
            expect(item.diskInfo.rootId).to.match(/^disk-[a-z0-9]{8}$/);
        });
    });

    describe("API 3.0", () => {
        it("pages with Offset/Limit (default 20, max 100)", async () => {
            const first = await h.client.api3("DescribeInstances", {});
            expect(first.TotalCount).to.equal(25);
            expect(first.InstanceSet).to.have.length(20);
            expect((await h.client.api3("DescribeInstances", { Offset: 20, Limit: 10 })).InstanceSet).to.have.length(5);
            expect((await h.client.api3("DescribeInstances", { Limit: 101 })).Error.Code).to.equal(
                "InvalidParameterValue",
            );
        });

        it("accepts 100 InstanceIds and rejects 101", async () => {
            const list = (n: number) => Array.from({ length: n }, (_, i) => ids[i % 25]);
            expect((await h.client.api3("DescribeInstances", { InstanceIds: list(100) })).TotalCount).to.equal(25);
            expect((await h.client.api3("DescribeInstances", { InstanceIds: list(101) })).Error.Code).to.equal(
                "InvalidParameterValue.LimitExceeded",
            );
        });

        it("supports instance-id, instance-state and instance-name filters, and refuses InstanceIds with Filters", async () => {
            const f = (Name: string, Values: string[]) => ({ Filters: [{ Name, Values }] });
            expect((await h.client.api3("DescribeInstances", f("instance-id", [ids[0], ids[1]]))).TotalCount).to.equal(
                2,
            );
            expect(
                (await h.client.api3("DescribeInstances", f("instance-state", ["STOPPED"]))).InstanceSet[0].InstanceId,
            ).to.equal(ids[24]);
            expect((await h.client.api3("DescribeInstances", f("instance-name", ["web-1"]))).TotalCount).to.equal(1);
            expect((await h.client.api3("DescribeInstances", f("colour", ["blue"]))).Error.Code).to.equal(
                "InvalidFilter",
            );
            expect((await h.client.api3("DescribeInstances", f("instance-id", ids.slice(0, 6)))).Error.Code).to.equal(
                "InvalidParameterValue.LimitExceeded",
            );
            expect(
                (await h.client.api3("DescribeInstances", { InstanceIds: [ids[0]], ...f("instance-id", [ids[0]]) }))
                    .Error.Code,
            ).to.equal("InvalidParameter");
            expect((await h.client.api3("DescribeInstances", { InstanceIds: ["bogus"] })).Error.Code).to.equal(
                "InvalidInstanceId.Malformed",
            );
        });

        it("returns the documented Instance fields", async () => {
            const i = (await h.client.api3("DescribeInstances", { InstanceIds: [ids[0]] })).InstanceSet[0];
            for (const field of [
                "InstanceId",
                "InstanceName",
                "InstanceState",
                "ImageId",
                "OsName",
                "SystemDisk",
                "LatestOperation",
                "LatestOperationState",
                "LatestOperationRequestId",
                "LatestOperationErrorMsg",
                "RestrictState",
                "CreatedTime",
                "Uuid",
                "Placement",
                "LoginSettings",
            ]) {
                expect(i, field).to.have.property(field);
            }
            expect(i.SystemDisk).to.have.keys("DiskType", "DiskId", "DiskSize");
            expect(i.Placement.Zone).to.equal("ap-guangzhou-1");
            expect(i.CreatedTime).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
            expect(i.LatestOperation).to.equal(null);
        });

        it("also answers v1-signed flattened GET requests on / (InstanceIds.N)", async () => {
            const { rawRequest } = await import("./httpClient");
            const { v1Sign, v1StringToSign } = await import("./signing");
            const params: Record<string, string> = {
                Action: "DescribeInstances",
                Version: "2017-03-12",
                Region: "ap-guangzhou",
                SecretId: h.client.creds.secretId,
                Timestamp: String(Math.floor(Date.now() / 1000)),
                Nonce: "777",
                "InstanceIds.0": ids[0],
                Limit: "5",
            };
            params.Signature = v1Sign(h.client.creds.secretKey, v1StringToSign("GET", h.client.host, "/", params));
            const res = await rawRequest(h.client.baseUrl, {
                method: "GET",
                path: `/?${new URLSearchParams(params)}`,
                headers: { Host: h.client.host },
            });
            const body = JSON.parse(res.text).Response;
            expect(body.TotalCount).to.equal(1);
            expect(body.InstanceSet[0].InstanceId).to.equal(ids[0]);
        });
    });
});
