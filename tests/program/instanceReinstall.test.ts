import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { InstanceReinstall } from "../../sdk";
import { API3, DIALECTS } from "../support/dialects";
import { serializeProvider } from "../support/hostDriver";
import { isSecret, SECRET_SIG, SIG_KEY } from "../support/secrets";

/**
 * Layer 2 (setMocks): what the SDK sends to the engine. No provider code runs here; the point is
 * the registration itself: type token, secret password, `api`, and the `__provider` text. Once
 * per API dialect: the registration must not depend on it (the provider reads `api` at call time).
 */

interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    additionalSecretOutputs: string[];
}

const PASSWORD = "Mock3d!Passw0rd";
const SECRET_KEY = "program-test-secret-key-VALUE-0001";
const SECRET_ID = "AKIDprogramtestsecretid000000001";

/** Runs `body` under setMocks and returns every registration (inputs as the mock saw them). */
async function register(
    body: () => void,
    config: Record<string, string> = {},
    secretKeys: string[] = [],
): Promise<Registration[]> {
    const regs: Registration[] = [];
    const options = new Map<string, string[]>();
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                regs.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    additionalSecretOutputs: options.get(`${args.type}::${args.name}`) ?? [],
                });
                // Echo the inputs: a secret input stays secret in the resolved outputs.
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => ({}),
        },
        "cvm-reinstall-demo",
        "program-test",
        false,
    );
    pulumi.runtime.setAllConfig(config, secretKeys);
    // Resource options never reach mocks; read additionalSecretOutputs off the real request.
    const monitor = (pulumi.runtime as unknown as { getMonitor(): { registerResource: Function } }).getMonitor();
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (
        req: { getType(): string; getName(): string; getAdditionalsecretoutputsList(): string[] },
        cb: unknown,
    ) => {
        options.set(`${req.getType()}::${req.getName()}`, req.getAdditionalsecretoutputsList());
        return original(req, cb);
    };
    body();
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return regs;
}

for (const d of DIALECTS) {
    describe(`program layer (api ${d.api}): InstanceReinstall registration (setMocks)`, () => {
        let regs: Registration[];
        let res: InstanceReinstall;
        const savedEnv = { ...process.env };

        before(async () => {
            // Credentials present in the program's environment and config must never be captured.
            process.env.TENCENTCLOUD_SECRET_ID = SECRET_ID;
            process.env.TENCENTCLOUD_SECRET_KEY = SECRET_KEY;
            regs = await register(
                () => {
                    res = new InstanceReinstall("web-1", {
                        instanceId: "ins-abcdefgh",
                        imageId: "img-ubun2204",
                        password: PASSWORD,
                        rootSize: 60,
                        api: d.api,
                    });
                },
                {
                    "tencentcloud:secretId": SECRET_ID,
                    "tencentcloud:secretKey": SECRET_KEY,
                    "cvm-reinstall-demo:password": PASSWORD,
                },
                ["tencentcloud:secretKey", "cvm-reinstall-demo:password"],
            );
        });

        after(() => {
            process.env = savedEnv;
        });

        it(d.t("registers the type token pulumi-nodejs:dynamic/cvm:InstanceReinstall as a custom resource"), () => {
            expect(regs.map((r) => r.type)).to.include("pulumi-nodejs:dynamic/cvm:InstanceReinstall");
            expect(regs.find((r) => r.name === "web-1")).to.not.equal(undefined);
        });

        it(d.t("sends the password secret-wrapped, and the resolved output is secret"), async () => {
            const inputs = regs.find((r) => r.name === "web-1")!.inputs;
            expect(inputs.password).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: PASSWORD });
            expect(isSecret(inputs.password)).to.equal(true);
            expect(await pulumi.isSecret(res.password)).to.equal(true);
        });

        it(d.t("asks the engine to keep password secret in outputs (additionalSecretOutputs)"), () => {
            expect(regs.find((r) => r.name === "web-1")!.additionalSecretOutputs).to.include("password");
        });

        it(d.t("sends only declared inputs plus __provider (output-only fields are absent)"), () => {
            const keys = Object.keys(regs.find((r) => r.name === "web-1")!.inputs).sort();
            expect(keys).to.deep.equal(["__provider", "api", "imageId", "instanceId", "password", "rootSize"]);
            expect(regs.find((r) => r.name === "web-1")!.inputs.api).to.equal(d.api);
        });

        it(d.t("sends __provider as a plain, non-secret string of at most 1 KB"), () => {
            const provider = regs.find((r) => r.name === "web-1")!.inputs.__provider;
            expect(provider).to.be.a("string");
            expect(isSecret(provider)).to.equal(false);
            const size = Buffer.byteLength(provider as string, "utf8");
            console.log(`      __provider size: ${size} bytes`);
            expect(size).to.be.at.most(1024);
        });

        it(
            d.t("__provider is a module whose handler() requires the installed provider by name, and nothing else"),
            () => {
                const provider = regs.find((r) => r.name === "web-1")!.inputs.__provider as string;
                // Loaded the way the host loads it: a fresh CommonJS module with a `require` of our own.
                const required: string[] = [];
                const sentinel = { provider: { create: () => undefined } };
                const mod = { exports: {} as { handler?: () => unknown } };
                new Function("exports", "require", "module", provider)(
                    mod.exports,
                    (id: string) => {
                        required.push(id);
                        return sentinel;
                    },
                    mod,
                );
                expect(required, "nothing is required while the text loads").to.deep.equal([]);
                expect(mod.exports.handler).to.be.a("function");
                expect(mod.exports.handler!()).to.equal(sentinel.provider);
                expect(required).to.deep.equal(["pulumi-cvm-reinstall/provider"]);
            },
        );

        it(d.t("captures no password, secret key or secret id in __provider (env and config were set)"), () => {
            const provider = regs.find((r) => r.name === "web-1")!.inputs.__provider as string;
            for (const needle of [PASSWORD, SECRET_KEY, SECRET_ID]) {
                expect(provider.includes(needle), `__provider contains ${needle.slice(0, 4)}…`).to.equal(false);
            }
            expect(provider).to.match(/require\("pulumi-cvm-reinstall\/provider"\)/);
        });

        it(
            d.t("__provider is byte-identical to the harness's serializeProvider() (what the host tests send)"),
            async () => {
                const provider = regs.find((r) => r.name === "web-1")!.inputs.__provider as string;
                const { text, containsSecrets } = await serializeProvider();
                expect(containsSecrets).to.equal(false);
                expect(provider).to.equal(text);
            },
        );

        it(d.t("wraps a password given as a plain string and passes an already-secret one through"), async () => {
            const regs2 = await register(() => {
                new InstanceReinstall("plain", { instanceId: "ins-abcdefgh", password: PASSWORD, api: d.api });
                new InstanceReinstall("secret", {
                    instanceId: "ins-abcdefgi",
                    password: pulumi.secret(PASSWORD),
                    api: d.api,
                });
                new InstanceReinstall("none", { instanceId: "ins-abcdefgj", api: d.api });
            });
            expect(isSecret(regs2.find((r) => r.name === "plain")!.inputs.password)).to.equal(true);
            expect(isSecret(regs2.find((r) => r.name === "secret")!.inputs.password)).to.equal(true);
            expect(regs2.find((r) => r.name === "none")!.inputs).to.not.have.property("password");
        });
    });
}

describe("program layer: inputs only API 3.0 honours (setMocks)", () => {
    it(API3.t("keyIds, keepImageLogin, hostName and userData are sent as declared, none of them secret"), async () => {
        const userData = Buffer.from("#!/bin/sh\necho hi\n").toString("base64");
        const regs = await register(() => {
            new InstanceReinstall("keys", {
                instanceId: "ins-abcdefgk",
                keyIds: ["skey-abcd1234"],
                hostName: "web-01",
                userData,
                ...API3.input,
            });
            new InstanceReinstall("image-login", {
                instanceId: "ins-abcdefgl",
                imageId: "img-private1",
                imageType: 1,
                keepImageLogin: true,
                ...API3.input,
            });
        });
        const keys = regs.find((r) => r.name === "keys")!.inputs;
        expect(keys).to.deep.include({ keyIds: ["skey-abcd1234"], hostName: "web-01", userData, api: API3.api });
        expect(keys).to.not.have.property("password");
        expect(regs.find((r) => r.name === "image-login")!.inputs).to.include({
            keepImageLogin: true,
            imageType: 1,
            api: API3.api,
        });
        for (const r of regs) {
            expect(Object.values(r.inputs).some(isSecret), r.name).to.equal(false);
        }
    });
});
