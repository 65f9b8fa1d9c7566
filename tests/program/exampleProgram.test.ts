import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { fleetInstanceIds, program } from "../../examples/basic/program";
import { isSecret } from "../support/secrets";

/** Layer 2 for the example program: what it declares for a given stack config. */
describe("program layer: the example program (setMocks)", () => {
    async function run(config: Record<string, string>, secretKeys: string[] = []) {
        const regs: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    regs.push({ type: args.type, name: args.name, inputs: args.inputs });
                    return { id: args.custom ? (args.inputs.instanceId as string) : undefined, state: { ...args.inputs, osName: "Ubuntu", currentImageId: args.inputs.imageId } };
                },
                call: () => ({}),
            },
            "cvm-reinstall-demo",
            "dev",
            false,
        );
        pulumi.runtime.setAllConfig(config, secretKeys);
        const outputs = await pulumi.runtime.runInPulumiStack(async () => program());
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        return { regs: regs.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")), outputs: outputs as Record<string, any> };
    }

    it("declares one InstanceReinstall per configured instance id, with the secret password", async () => {
        const { regs, outputs } = await run(
            {
                "cvm-reinstall-demo:instanceIds": JSON.stringify(["ins-aaaaaaaa", "ins-bbbbbbbb"]),
                "cvm-reinstall-demo:imageId": "img-ubun2204",
                "cvm-reinstall-demo:password": "Reinst4ll!Pw",
                "cvm-reinstall-demo:rootSize": "60",
                "cvm-reinstall-demo:api": "2017-03-12",
            },
            ["cvm-reinstall-demo:password"],
        );
        expect(regs.map((r) => r.name)).to.deep.equal(["reinstall-ins-aaaaaaaa", "reinstall-ins-bbbbbbbb"]);
        for (const r of regs) {
            expect(r.type).to.equal("pulumi-nodejs:dynamic/cvm:InstanceReinstall");
            expect(r.inputs).to.include({ imageId: "img-ubun2204", rootSize: 60, api: "2017-03-12" });
            expect(isSecret(r.inputs.password)).to.equal(true);
        }
        expect(outputs.instanceIds).to.deep.equal(["ins-aaaaaaaa", "ins-bbbbbbbb"]);
        expect(Object.keys(outputs.currentImageId)).to.deep.equal(["ins-aaaaaaaa", "ins-bbbbbbbb"]);
        expect(outputs).to.have.keys(["instanceIds", "ids", "osName", "currentImageId", "reinstalledAt"]);
    });

    it("generates ids from fleetSize and leaves unset options out of the inputs", async () => {
        const { regs } = await run({ "cvm-reinstall-demo:fleetSize": "3", "cvm-reinstall-demo:imageId": "img-centos79" });
        expect(regs.map((r) => r.inputs.instanceId)).to.deep.equal(fleetInstanceIds(3));
        expect(fleetInstanceIds(3)).to.deep.equal(["ins-00000001", "ins-00000002", "ins-00000003"]);
        expect(Object.keys(regs[0].inputs).sort()).to.deep.equal(["__provider", "imageId", "instanceId"]);
    });

    it("fails with a clear message when neither instanceIds nor fleetSize is set", async () => {
        let error: unknown;
        try {
            await run({ "cvm-reinstall-demo:imageId": "img-centos79" });
        } catch (e) {
            error = e;
        }
        expect(String(error)).to.match(/instanceIds.*fleetSize/);
    });
});
