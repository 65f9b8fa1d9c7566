import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { fleetInstanceIds, program } from "../../examples/basic/program";
import { DIALECTS } from "../support/dialects";
import { isSecret } from "../support/secrets";

/** Layer 2 for the example program: what it declares for a given stack config, under either dialect. */
describe("program layer: the example program (setMocks)", () => {
    async function run(config: Record<string, string>, secretKeys: string[] = []) {
        const regs: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    regs.push({ type: args.type, name: args.name, inputs: args.inputs });
                    return {
                        id: args.custom ? (args.inputs.instanceId as string) : undefined,
                        state: { ...args.inputs, osName: "Ubuntu", currentImageId: args.inputs.imageId },
                    };
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
        return {
            regs: regs.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")),
            outputs: outputs as Record<string, any>,
        };
    }

    for (const d of DIALECTS) {
        it(
            d.t(
                "declares one InstanceReinstall per configured instance id, with the secret password and the configured api",
            ),
            async () => {
                const { regs, outputs } = await run(
                    {
                        "cvm-reinstall-demo:instanceIds": JSON.stringify(["ins-aaaaaaaa", "ins-bbbbbbbb"]),
                        "cvm-reinstall-demo:imageId": "img-ubun2204",
                        "cvm-reinstall-demo:password": d.validPassword,
                        "cvm-reinstall-demo:rootSize": "60",
                        "cvm-reinstall-demo:api": d.api,
                    },
                    ["cvm-reinstall-demo:password"],
                );
                expect(regs.map((r) => r.name)).to.deep.equal(["reinstall-ins-aaaaaaaa", "reinstall-ins-bbbbbbbb"]);
                for (const r of regs) {
                    expect(r.type).to.equal("pulumi-nodejs:dynamic/cvm:InstanceReinstall");
                    expect(r.inputs).to.include({ imageId: "img-ubun2204", rootSize: 60, api: d.api });
                    expect(isSecret(r.inputs.password)).to.equal(true);
                }
                expect(outputs.instanceIds).to.deep.equal(["ins-aaaaaaaa", "ins-bbbbbbbb"]);
                expect(Object.keys(outputs.currentImageId)).to.deep.equal(["ins-aaaaaaaa", "ins-bbbbbbbb"]);
                expect(outputs).to.have.keys(["instanceIds", "ids", "osName", "currentImageId", "reinstalledAt"]);
            },
        );

        it(d.t("generates ids from fleetSize; the api is the only option besides the image it sends"), async () => {
            const { regs } = await run({
                "cvm-reinstall-demo:fleetSize": "3",
                "cvm-reinstall-demo:imageId": "img-centos79",
                "cvm-reinstall-demo:api": d.api,
            });
            expect(regs.map((r) => r.inputs.instanceId)).to.deep.equal(fleetInstanceIds(3));
            expect(Object.keys(regs[0].inputs).sort()).to.deep.equal(["__provider", "api", "imageId", "instanceId"]);
            expect(regs.every((r) => r.inputs.api === d.api)).to.equal(true);
        });
    }

    it("without an api config sends no api input (the provider's default, 2017-03-12, applies) and leaves unset options out", async () => {
        const { regs } = await run({
            "cvm-reinstall-demo:fleetSize": "3",
            "cvm-reinstall-demo:imageId": "img-centos79",
        });
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
