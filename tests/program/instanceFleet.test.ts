import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { InstanceFleet } from "../../sdk";
import { checkInputs } from "../../provider/checkInputs";
import { isSecret } from "../support/secrets";

/**
 * Layer 2 (setMocks): what InstanceFleet registers. The component, one InstanceReinstall child per
 * instance parented to it, and the resolved rollout policy each child carries, which the provider's
 * own check must accept as it is.
 */

interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    parent: string;
}

interface ParentedRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
}

const PROJECT = "fleet-project";
const STACK = "prod";
const FLEET_TYPE = "pulumi-cvm-reinstall:index:InstanceFleet";
const CHILD_TYPE = "pulumi-nodejs:dynamic/cvm:InstanceReinstall";

async function register(body: () => void): Promise<Registration[]> {
    const regs: Registration[] = [];
    const parents = new Map<string, string>();
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                regs.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    parent: parents.get(`${args.type}::${args.name}`) ?? "",
                });
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
            },
            call: () => ({}),
        },
        PROJECT,
        STACK,
        false,
    );
    const monitor = (
        pulumi.runtime as unknown as {
            getMonitor(): { registerResource: (req: ParentedRequest, cb: unknown) => unknown };
        }
    ).getMonitor();
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: ParentedRequest, cb: unknown) => {
        parents.set(`${req.getType()}::${req.getName()}`, req.getParent());
        return original(req, cb);
    };
    body();
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    // The mock sees a registration after its parent's; give the last ones a turn.
    await new Promise((r) => setTimeout(r, 50));
    return regs;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `ins-${String(i + 1).padStart(8, "0")}`);
const children = (regs: Registration[]) => regs.filter((r) => r.type === CHILD_TYPE);

describe("program layer: InstanceFleet (setMocks)", () => {
    it("registers the component under pulumi-cvm-reinstall:index:InstanceFleet and one InstanceReinstall per instance, parented to it", async () => {
        const regs = await register(() => {
            new InstanceFleet("web", { instances: ids(3), imageId: "img-ubun2204" });
        });
        const fleet = regs.filter((r) => r.type === FLEET_TYPE);
        expect(fleet.map((r) => r.name)).to.deep.equal(["web"]);
        const kids = children(regs);
        expect(kids.map((r) => r.name)).to.deep.equal(ids(3).map((id) => `web-${id}`));
        const fleetUrn = `urn:pulumi:${STACK}::${PROJECT}::${FLEET_TYPE}::web`;
        for (const k of kids) expect(k.parent).to.equal(fleetUrn);
        expect(kids.map((k) => k.inputs.instanceId)).to.deep.equal(ids(3));
        expect(kids.every((k) => k.inputs.imageId === "img-ubun2204")).to.equal(true);
    });

    it("gives every child the safe defaults resolved to numbers and a plain group string from project, stack, type and name", async () => {
        let fleet!: InstanceFleet;
        const regs = await register(() => {
            fleet = new InstanceFleet("web", { instances: ids(30), imageId: "img-ubun2204" });
        });
        const group = `${PROJECT}/${STACK}/${FLEET_TYPE}/web`;
        expect(fleet.group).to.equal(group);
        for (const k of children(regs)) {
            expect(k.inputs.rollout).to.deep.equal({
                group,
                maxParallel: 3,
                canary: 1,
                pauseMinutes: 0,
                maxFailures: 1,
            });
        }
    });

    for (const [count, percent, expected] of [
        [200, "10%", 20],
        [5, "10%", 1],
        [25, "10%", 2],
        [7, "100%", 7],
        [9, "34%", 3],
    ] as const) {
        it(`resolves maxParallel "${percent}" of ${count} instances to ${expected}`, async () => {
            let fleet!: InstanceFleet;
            await register(() => {
                fleet = new InstanceFleet("f", { instances: ids(count), rollout: { maxParallel: percent } });
            });
            expect(fleet.rollout.maxParallel).to.equal(expected);
        });
    }

    it("passes a declared policy through, and the provider's check accepts what a child carries", async () => {
        const regs = await register(() => {
            new InstanceFleet("db", {
                instances: ids(4),
                api: "2017-03-12",
                rollout: { maxParallel: 2, canary: 2, pauseMinutes: 1.5, maxFailures: 3, maxReinstalls: 10 },
                readiness: { tcpPort: 5432, timeoutMinutes: 5 },
            });
        });
        const kid = children(regs)[0];
        expect(kid.inputs.rollout).to.deep.equal({
            group: `${PROJECT}/${STACK}/${FLEET_TYPE}/db`,
            maxParallel: 2,
            canary: 2,
            pauseMinutes: 1.5,
            maxFailures: 3,
            maxReinstalls: 10,
        });
        expect(kid.inputs.readiness).to.deep.equal({ tcpPort: 5432, timeoutMinutes: 5 });
        const { __provider: _p, ...inputs } = kid.inputs;
        expect(checkInputs(inputs).failures).to.deep.equal([]);
    });

    it("applies per-instance overrides to that child only, and keeps every child's password secret", async () => {
        const regs = await register(() => {
            new InstanceFleet("web", {
                instances: ["ins-aaaaaaaa", { instanceId: "ins-bbbbbbbb", hostName: "web-b", imageId: "img-centos79" }],
                imageId: "img-ubun2204",
                password: "Fleet#Passw0rd",
                api: "2017-03-12",
            });
        });
        const [a, b] = children(regs);
        expect(a.inputs).to.not.have.property("hostName");
        expect(a.inputs.imageId).to.equal("img-ubun2204");
        expect(b.inputs.hostName).to.equal("web-b");
        expect(b.inputs.imageId).to.equal("img-centos79");
        expect(isSecret(a.inputs.password)).to.equal(true);
        expect(isSecret(b.inputs.password)).to.equal(true);
    });

    const bad: [string, () => void, RegExp][] = [
        [
            "an empty instance list",
            () => new InstanceFleet("x", { instances: [] }),
            /InstanceFleet x: instances must be a non-empty list/,
        ],
        [
            "an instance listed twice",
            () => new InstanceFleet("x", { instances: ["ins-aaaaaaaa", "ins-aaaaaaaa"] }),
            /instances lists ins-aaaaaaaa twice/,
        ],
        [
            "an instance id that is an Output",
            () => new InstanceFleet("x", { instances: [pulumi.output("ins-aaaaaaaa") as unknown as string] }),
            /instances\[0\] must be an instance id string/,
        ],
        [
            "a percentage above 100%",
            () => new InstanceFleet("x", { instances: ids(2), rollout: { maxParallel: "150%" } }),
            /rollout\.maxParallel must be .* at most 100%/,
        ],
        [
            "a maxParallel of 0",
            () => new InstanceFleet("x", { instances: ids(2), rollout: { maxParallel: 0 } }),
            /rollout\.maxParallel must be a whole number of at least 1/,
        ],
        [
            "a group of its own",
            () => new InstanceFleet("x", { instances: ids(2), rollout: { group: "mine" } as never }),
            /rollout\.group is set by InstanceFleet itself/,
        ],
        [
            "a per-instance rollout",
            () =>
                new InstanceFleet("x", {
                    instances: [{ instanceId: "ins-aaaaaaaa", rollout: { group: "g" } } as never],
                }),
            /instances\[0\]\.rollout is not allowed/,
        ],
        [
            "a rollout typo",
            () => new InstanceFleet("x", { instances: ids(2), rollout: { maxParalel: 2 } as never }),
            /rollout\.maxParalel is not a rollout field/,
        ],
    ];
    for (const [what, make, rule] of bad) {
        it(`rejects ${what} before registering any child`, async () => {
            let error: Error | undefined;
            const regs = await register(() => {
                try {
                    make();
                } catch (e) {
                    error = e as Error;
                }
            });
            expect(error?.message).to.match(rule);
            expect(children(regs)).to.have.length(0);
        });
    }
});
