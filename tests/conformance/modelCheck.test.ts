import { expect } from "chai";
import { checkAgainstModel, readModels } from "./sdkModels";
import { CVM_MODELS } from "./sdkPaths";

const models = readModels(CVM_MODELS);

describe("conformance: the SDK model check itself", () => {
    it("reads the SDK's Instance model, HostName and Tags included", () => {
        const instance = models.get("Instance")!;
        expect(instance.get("HostName")?.type).to.deep.equal({ kind: "string" });
        expect(instance.get("Tags")?.type).to.deep.equal({ kind: "array", of: { kind: "ref", name: "Tag" } });
        expect(instance.get("LatestOperationRequestId")?.nullable).to.equal(true);
        expect(instance.get("DataDisks")?.nullable).to.equal(false);
    });

    it("reports a field the model lacks, a wrong type, an undocumented null and a missing required field", () => {
        const problems = checkAgainstModel(models, "Instance", {
            InstanceId: 7,
            Colour: "blue",
            DataDisks: null,
            Placement: { ProjectId: 0 },
            Tags: [{ Key: "a", Value: 1 }],
        });
        expect(problems).to.deep.equal([
            "Instance.InstanceId: expected string, got 7",
            "Instance.Colour: not in the SDK's Instance model",
            "Instance.DataDisks: null, but the SDK does not document Instance.DataDisks as nullable",
            "Instance.Placement.Zone: required by the SDK's Placement model, missing",
            "Instance.Tags[0].Value: expected string, got 1",
        ]);
    });

    it("flags what the emulator used to answer before the SDK check existed (Placement.HostId and DataDisks as null)", () => {
        // Excerpt of an InstanceSet entry as the emulator returned it before this layer.
        const before = {
            Placement: { Zone: "ap-guangzhou-1", ProjectId: 0, HostId: null },
            DataDisks: null,
            LoginSettings: { KeyIds: null },
            RenewFlag: null,
        };
        expect(checkAgainstModel(models, "Instance", before)).to.deep.equal([
            "Instance.Placement.HostId: null, but the SDK does not document Placement.HostId as nullable",
            "Instance.DataDisks: null, but the SDK does not document Instance.DataDisks as nullable",
        ]);
    });
});
