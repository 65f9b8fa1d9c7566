import { expect } from "chai";
import type { ModifyResourceTagsRequest } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_models";
import { type Emulator, startEmulator } from "../../emulator";
import { isDocumented } from "./documentedErrors";
import { cvmClient, sdkError, tagClient } from "./sdkClients";
import { checkAgainstModel, readModels } from "./sdkModels";
import { TAG_MODELS } from "./sdkPaths";

const models = readModels(TAG_MODELS);
const conforms = (model: string, value: unknown) =>
    expect(checkAgainstModel(models, model, value), model).to.deep.equal([]);
const resource = (id: string) => `qcs::cvm:ap-guangzhou:uin/:instance/${id}`;

describe("conformance: the official Tag client (tencentcloud-sdk-nodejs, tag 2018-08-13) against the emulator", function () {
    this.timeout(30_000);
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({
            clockSpeed: 0,
            guestNetwork: false,
            instances: [{ instanceId: "ins-sdktag01" }, { instanceId: "ins-sdktag02" }],
        });
    });
    after(() => emu?.close());

    for (const signMethod of ["TC3-HMAC-SHA256", "HmacSHA1"] as const) {
        it(`ModifyResourceTags (${signMethod}, no region) answers the SDK's model, and the CVM SDK's DescribeInstances shows the tag`, async () => {
            const r = await tagClient(emu, { signMethod }).ModifyResourceTags({
                Resource: resource("ins-sdktag01"),
                ReplaceTags: [{ TagKey: "intent", TagValue: signMethod }],
            });
            conforms("ModifyResourceTagsResponse", r);
            expect(emu.requests().at(-1)?.region).to.equal(undefined);
            const inst = (await cvmClient(emu).DescribeInstances({ InstanceIds: ["ins-sdktag01"] })).InstanceSet![0];
            expect(inst.Tags).to.deep.equal([{ Key: "intent", Value: signMethod }]);
        });
    }

    it("TagResources and DescribeResourceTagsByResourceIds answer the SDK's models", async () => {
        const tagged = await tagClient(emu).TagResources({
            ResourceList: [resource("ins-sdktag02"), resource("ins-nothere1")],
            Tags: [{ TagKey: "wave", TagValue: "1" }],
        });
        conforms("TagResourcesResponse", tagged);
        expect(tagged.FailedResources!.map((f) => f.Resource)).to.deep.equal([resource("ins-nothere1")]);
        expect(isDocumented("TagResources", tagged.FailedResources![0].Code)).to.equal(true);
        const listed = await tagClient(emu).DescribeResourceTagsByResourceIds({
            ServiceType: "cvm",
            ResourcePrefix: "instance",
            ResourceRegion: "ap-guangzhou",
            ResourceIds: ["ins-sdktag02"],
        });
        conforms("DescribeResourceTagsByResourceIdsResponse", listed);
        expect(listed.Tags).to.deep.equal([
            { TagKey: "wave", TagValue: "1", ResourceId: "ins-sdktag02", ServiceType: "cvm", Category: "Custom" },
        ]);
    });

    const REFUSED: [string, ModifyResourceTagsRequest][] = [
        [
            "InvalidParameterValue.DeleteTagsParamError",
            {
                Resource: resource("ins-sdktag01"),
                ReplaceTags: [{ TagKey: "k", TagValue: "v" }],
                DeleteTags: [{ TagKey: "k" }],
            },
        ],
        [
            "InvalidParameter.ReservedTagKey",
            { Resource: resource("ins-sdktag01"), ReplaceTags: [{ TagKey: "qcloud:x", TagValue: "v" }] },
        ],
        [
            "InvalidParameterValue.ResourceDescriptionError",
            { Resource: "ins-sdktag01", ReplaceTags: [{ TagKey: "k", TagValue: "v" }] },
        ],
    ];
    for (const [code, body] of REFUSED) {
        it(`ModifyResourceTags: the SDK raises ${code}, documented for ModifyResourceTags`, async () => {
            const err = await sdkError(tagClient(emu).ModifyResourceTags(body));
            expect(err.code).to.equal(code);
            expect(isDocumented("ModifyResourceTags", err.code)).to.equal(true);
        });
    }
});
