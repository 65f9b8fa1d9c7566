import { expect } from "chai";
import { EMULATOR_UIN } from "../../emulator";
import { useEmulator } from "./harness";

const resource = (id: string, uin = "", region = "ap-guangzhou") => `qcs::cvm:${region}:uin/${uin}:instance/${id}`;

describe("emulator: Tag API (tag 2018-08-13) and Tags in DescribeInstances", () => {
    const h = useEmulator({
        instances: [
            { instanceId: "ins-tag00001" },
            { instanceId: "ins-tag00002", tags: { team: "web" } },
            { instanceId: "ins-tagsh001", region: "ap-shanghai" },
        ],
    });
    const tagsOf = async (id: string) =>
        (await h.client.api3("DescribeInstances", { InstanceIds: [id] }, { region: null })).InstanceSet[0].Tags;

    it("ModifyResourceTags upserts ReplaceTags on the empty-uin resource name and DescribeInstances returns them at once", async () => {
        const r = await h.client.tag("ModifyResourceTags", {
            Resource: resource("ins-tag00001"),
            ReplaceTags: [{ TagKey: "intent", TagValue: "img-ubun2204" }],
        });
        expect(r.Error).to.equal(undefined);
        expect(r.RequestId).to.match(/^[0-9a-f-]{36}$/);
        expect(await tagsOf("ins-tag00001")).to.deep.equal([{ Key: "intent", Value: "img-ubun2204" }]);
        await h.client.tag("ModifyResourceTags", {
            Resource: resource("ins-tag00001", EMULATOR_UIN),
            ReplaceTags: [{ TagKey: "intent", TagValue: "second" }],
        });
        expect(await tagsOf("ins-tag00001")).to.deep.equal([{ Key: "intent", Value: "second" }]);
    });

    it("ModifyResourceTags DeleteTags detaches keys and leaves the others", async () => {
        await h.client.tag("ModifyResourceTags", {
            Resource: resource("ins-tag00002"),
            ReplaceTags: [{ TagKey: "a", TagValue: "1" }],
        });
        await h.client.tag("ModifyResourceTags", { Resource: resource("ins-tag00002"), DeleteTags: [{ TagKey: "a" }] });
        expect(await tagsOf("ins-tag00002")).to.deep.equal([{ Key: "team", Value: "web" }]);
    });

    for (const [what, body, code] of [
        [
            "a key in both ReplaceTags and DeleteTags",
            {
                Resource: resource("ins-tag00001"),
                ReplaceTags: [{ TagKey: "k", TagValue: "v" }],
                DeleteTags: [{ TagKey: "k" }],
            },
            "InvalidParameterValue.DeleteTagsParamError",
        ],
        [
            "a malformed resource name",
            { Resource: "qcs::cvm:ap-guangzhou:instance/ins-tag00001", ReplaceTags: [{ TagKey: "k", TagValue: "v" }] },
            "InvalidParameterValue.ResourceDescriptionError",
        ],
        [
            "a reserved key prefix",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "qcs:x", TagValue: "v" }] },
            "InvalidParameter.ReservedTagKey",
        ],
        [
            "an empty key",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "", TagValue: "v" }] },
            "InvalidParameterValue.TagKeyEmpty",
        ],
        [
            "a key of 128 characters",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "k".repeat(128), TagValue: "v" }] },
            "InvalidParameterValue.TagKeyLengthExceeded",
        ],
        [
            "a key with an illegal character",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "a*b", TagValue: "v" }] },
            "InvalidParameterValue.TagKeyCharacterIllegal",
        ],
        [
            "a value of 256 characters",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "k", TagValue: "v".repeat(256) }] },
            "InvalidParameterValue.TagValueLengthExceeded",
        ],
        [
            "a value with a leading space",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "k", TagValue: " v" }] },
            "InvalidParameterValue.TagValueCharacterIllegal",
        ],
        [
            "11 tags in one call",
            {
                Resource: resource("ins-tag00001"),
                ReplaceTags: Array.from({ length: 11 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "v" })),
            },
            "InvalidParameter.Tag",
        ],
        ["neither ReplaceTags nor DeleteTags", { Resource: resource("ins-tag00001") }, "MissingParameter"],
        [
            "another account's uin",
            { Resource: resource("ins-tag00001", "999"), ReplaceTags: [{ TagKey: "k", TagValue: "v" }] },
            "InvalidParameterValue.ResourceDescriptionError",
        ],
        [
            "an instance that does not exist",
            { Resource: resource("ins-nothere1"), ReplaceTags: [{ TagKey: "k", TagValue: "v" }] },
            "FailedOperation",
        ],
        [
            "an unknown parameter",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "k", TagValue: "v" }], Tags: [] },
            "UnknownParameter",
        ],
    ] as const) {
        it(`ModifyResourceTags refuses ${what} with ${code} and changes nothing`, async () => {
            const before = await tagsOf("ins-tag00001");
            const r = await h.client.tag("ModifyResourceTags", body);
            expect(r.Error?.Code).to.equal(code);
            expect(await tagsOf("ins-tag00001")).to.deep.equal(before);
        });
    }

    it("refuses a 51st tag on one resource with LimitExceeded.ResourceAttachedTags", async () => {
        h.emu.seed([
            {
                instanceId: "ins-tagfull1",
                tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])),
            },
        ]);
        const r = await h.client.tag("ModifyResourceTags", {
            Resource: resource("ins-tagfull1"),
            ReplaceTags: [{ TagKey: "one-more", TagValue: "v" }],
        });
        expect(r.Error?.Code).to.equal("LimitExceeded.ResourceAttachedTags");
        const overwrite = await h.client.tag("ModifyResourceTags", {
            Resource: resource("ins-tagfull1"),
            ReplaceTags: [{ TagKey: "k0", TagValue: "new" }],
        });
        expect(overwrite.Error).to.equal(undefined);
    });

    it("TagResources tags several resources and reports per-resource failures inside a successful answer", async () => {
        const r = await h.client.tag("TagResources", {
            ResourceList: [
                resource("ins-tag00001"),
                resource("ins-tagsh001", "", "ap-shanghai"),
                resource("ins-nothere1"),
            ],
            Tags: [{ TagKey: "wave", TagValue: "3" }],
        });
        expect(r.Error).to.equal(undefined);
        expect(r.FailedResources).to.deep.equal([
            { Resource: resource("ins-nothere1"), Code: "FailedOperation", Message: r.FailedResources[0].Message },
        ]);
        expect(await tagsOf("ins-tag00001")).to.deep.include({ Key: "wave", Value: "3" });
        expect(await tagsOf("ins-tagsh001")).to.deep.include({ Key: "wave", Value: "3" });
        expect(
            (
                await h.client.tag("TagResources", {
                    ResourceList: [resource("ins-tag00001")],
                    Tags: [{ TagKey: "e", TagValue: "" }],
                })
            ).Error.Code,
        ).to.equal("InvalidParameterValue.TagValueEmpty");
    });

    it("DescribeResourceTagsByResourceIds lists the tags of the given instances", async () => {
        const r = await h.client.tag("DescribeResourceTagsByResourceIds", {
            ServiceType: "cvm",
            ResourcePrefix: "instance",
            ResourceRegion: "ap-guangzhou",
            ResourceIds: ["ins-tag00002"],
        });
        expect(r).to.include({ TotalCount: 1, Offset: 0, Limit: 15 });
        expect(r.Tags).to.deep.equal([
            { TagKey: "team", TagValue: "web", ResourceId: "ins-tag00002", ServiceType: "cvm", Category: "Custom" },
        ]);
        const bad = await h.client.tag("DescribeResourceTagsByResourceIds", {
            ServiceType: "cos",
            ResourcePrefix: "instance",
            ResourceRegion: "ap-guangzhou",
            ResourceIds: ["ins-tag00002"],
        });
        expect(bad.Error.Code).to.equal("InvalidParameterValue.ServiceTypeInvalid");
    });

    it("DescribeInstances filters by tag-key, tag-value and tag:<key>", async () => {
        await h.client.tag("ModifyResourceTags", {
            Resource: resource("ins-tag00002"),
            ReplaceTags: [{ TagKey: "role", TagValue: "db" }],
        });
        const ids = async (filter: { Name: string; Values: string[] }) =>
            (await h.client.api3("DescribeInstances", { Filters: [filter] }, { region: null })).InstanceSet.map(
                (i: any) => i.InstanceId,
            );
        expect(await ids({ Name: "tag-key", Values: ["role"] })).to.deep.equal(["ins-tag00002"]);
        expect(await ids({ Name: "tag-value", Values: ["db"] })).to.deep.equal(["ins-tag00002"]);
        expect(await ids({ Name: "tag:role", Values: ["db", "cache"] })).to.deep.equal(["ins-tag00002"]);
        expect(await ids({ Name: "tag:role", Values: ["web"] })).to.deep.equal([]);
    });

    it("returns Tags as an array on every instance, empty when it has none", async () => {
        h.emu.seed([{ instanceId: "ins-tagnone1" }]);
        expect(await tagsOf("ins-tagnone1")).to.deep.equal([]);
    });

    it("answers Tag calls without X-TC-Region, and a Tag call under the CVM version is NoSuchVersion", async () => {
        const wrong = await h.client.api3(
            "ModifyResourceTags",
            { Resource: resource("ins-tag00001"), ReplaceTags: [{ TagKey: "k", TagValue: "v" }] },
            { service: "tag", version: "2017-03-12" },
        );
        expect(wrong.Error.Code).to.equal("NoSuchVersion");
        const cvmAction = await h.client.api3("DescribeInstances", {}, { service: "tag", version: "2018-08-13" });
        expect(cvmAction.Error.Code).to.equal("InvalidAction");
    });

    it("throttles ModifyResourceTags at 20 requests per second by default", async () => {
        const { startEmulator, DEFAULT_CREDENTIALS } = await import("../../emulator");
        const { TestClient } = await import("./httpClient");
        const emu = await startEmulator({ instances: [{ instanceId: "ins-tagrate1" }], guestNetwork: false });
        try {
            const client = new TestClient(emu.url, { ...DEFAULT_CREDENTIALS });
            const codes = await Promise.all(
                Array.from({ length: 25 }, (_, i) =>
                    client
                        .tag("ModifyResourceTags", {
                            Resource: resource("ins-tagrate1"),
                            ReplaceTags: [{ TagKey: "n", TagValue: String(i) }],
                        })
                        .then((r) => r.Error?.Code ?? "ok"),
                ),
            );
            expect(codes.filter((c) => c === "ok")).to.have.length(20);
            expect(codes.filter((c) => c === "RequestLimitExceeded")).to.have.length(5);
        } finally {
            await emu.close();
        }
    });
});
