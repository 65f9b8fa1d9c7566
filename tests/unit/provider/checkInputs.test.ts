import { expect } from "chai";
import { checkInputs, MAX_ROOT_SIZE_GB } from "../../../provider/checkInputs";
import { UNKNOWN } from "../../../provider/inputs";

const base = { instanceId: "ins-abcd1234" };
const legacy = { ...base, api: "legacy" };
const failuresOf = (news: Record<string, unknown>) => checkInputs(news).failures;
/** The property each failure is about: its `property`, or (for those reported without one) the reason's first word. */
const propsOf = (news: Record<string, unknown>) => failuresOf(news).map((f) => f.property || f.reason.split(" ")[0]);

describe("checkInputs", () => {
    it("accepts a minimal declaration and fills the documented defaults, API 3.0 first", () => {
        const { inputs, failures } = checkInputs({ ...base, __provider: "exports.handler = …" });
        expect(failures).to.deep.equal([]);
        expect(inputs).to.deep.equal({
            instanceId: "ins-abcd1234",
            api: "2017-03-12",
            needSecurityAgent: true,
            needMonitorAgent: true,
            waitTimeoutMinutes: 30,
        });
    });

    it("keeps an explicit legacy api", () => {
        expect(checkInputs(legacy).inputs.api).to.equal("legacy");
    });

    it("defaults imageType to 2 (public) when imageId is set, under both dialects", () => {
        expect(checkInputs({ ...legacy, imageId: "img-9qabwvbn" }).inputs.imageType).to.equal(2);
        expect(checkInputs({ ...base, imageId: "img-9qabwvbn" }).inputs.imageType).to.equal(2);
    });

    const table: [string, Record<string, unknown>, string, RegExp][] = [
        ["a missing instanceId", {}, "instanceId", /required/],
        ["a malformed instanceId", { instanceId: "i-123" }, "instanceId", /ins-xxxxxxxx/],
        ["a malformed imageId", { ...base, imageId: "image-1" }, "imageId", /img-xxxxxxxx/],
        ["imageType without imageId", { ...base, imageType: 2 }, "imageType", /only allowed together with imageId/],
        ["an imageType outside 1-4", { ...base, imageId: "img-9qabwvbn", imageType: 5 }, "imageType", /1 \(private\)/],
        ["a short legacy Linux password", { ...legacy, password: "Ab1!" }, "password", /4 characters.*8-16/],
        ["a one-class password", { ...legacy, password: "abcdefghij" }, "password", /at least 2/],
        [
            "a password with a character outside the list",
            { ...legacy, password: 'abcd1234"x' },
            "password",
            /not allowed/,
        ],
        ["a legacy password longer than 16", { ...legacy, password: "Abcdefgh12345678x" }, "password", /8-16/],
        ["a fractional rootSize", { ...base, rootSize: 50.5 }, "rootSize", /positive whole number/],
        ["a zero rootSize", { ...base, rootSize: 0 }, "rootSize", /positive whole number/],
        [
            "a region that is not shaped like one",
            { ...base, region: "Guangzhou" },
            "region",
            /region name such as ap-guangzhou/,
        ],
        [
            "a rootSize above the API maximum",
            { ...base, rootSize: MAX_ROOT_SIZE_GB + 1 },
            "rootSize",
            /at most 2048 GB/,
        ],
        [
            "plain http to a name that only resolves to loopback",
            { ...base, endpoint: "http://emulator.localhost:8080" },
            "endpoint",
            /only allowed to a loopback address/,
        ],
        ["an unknown passwordChange", { ...base, passwordChange: "rotate" }, "passwordChange", /"reinstall".*"reset"/],
        [
            "passwordChange reset under the legacy API",
            { ...legacy, passwordChange: "reset" },
            "passwordChange",
            /needs api "2017-03-12"/,
        ],
        [
            "plain http to a remote host",
            { ...base, endpoint: "http://example.com" },
            "endpoint",
            /only allowed to a loopback address/,
        ],
        [
            "an endpoint with a path",
            { ...base, endpoint: "https://cvm.api.qcloud.com/v2/index.php" },
            "endpoint",
            /without a path/,
        ],
        ["a zero waitTimeoutMinutes", { ...base, waitTimeoutMinutes: 0 }, "waitTimeoutMinutes", /above 0/],
        ["triggers that are not a list", { ...base, triggers: "x" }, "triggers", /array/],
        ["an unknown api", { ...base, api: "v3" }, "api", /legacy.*2017-03-12/],
        ["keyIds under the legacy API", { ...legacy, keyIds: ["skey-abcd1234"] }, "keyIds", /needs api "2017-03-12"/],
        ["userData under the legacy API", { ...legacy, userData: "ZWNobw==" }, "userData", /needs api "2017-03-12"/],
        [
            "keyIds with a password",
            { ...base, api: "2017-03-12", keyIds: ["skey-abcd1234"], password: "Passw0rd!x" },
            "keyIds",
            /cannot be combined with password/,
        ],
        [
            "keepImageLogin with keyIds",
            { ...base, api: "2017-03-12", keyIds: ["skey-abcd1234"], keepImageLogin: true },
            "keepImageLogin",
            /cannot be combined/,
        ],
        ["userData that is not base64", { ...base, api: "2017-03-12", userData: "echo hi" }, "userData", /base64/],
        [
            "userData over 16 KB",
            { ...base, api: "2017-03-12", userData: "A".repeat(16 * 1024 + 4) },
            "userData",
            /16 KB/,
        ],
        ["an illegal hostName", { ...base, api: "2017-03-12", hostName: "-web" }, "hostName", /letters, digits/],
    ];
    for (const [what, news, property, reason] of table) {
        it(`rejects ${what}, naming ${property} and the rule`, () => {
            const failures = failuresOf(news);
            expect(propsOf(news)).to.include(property);
            const failure = failures.find((f) => (f.property || f.reason.split(" ")[0]) === property)!;
            expect(failure.reason).to.match(reason);
            expect(failure.reason.startsWith(property)).to.equal(true);
        });
    }

    it("rejects an unknown property and suggests the input it resembles", () => {
        const failures = failuresOf({ ...base, imageid: "img-9qabwvbn" });
        expect(failures).to.have.length(1);
        expect(failures[0].reason).to.match(/^imageid is not an input.*did you mean imageId\?/);
    });

    it("reports password and unknown-property failures without a property, so the engine never prints their value", () => {
        // The engine prints `property <name> value <input> has a problem` for a failure with a
        // property, in plaintext even for a secret; without one it prints the reason only.
        const failures = failuresOf({ ...legacy, password: "weakpass", pasword: "Weak-Passw0rd" });
        expect(failures.map((f) => f.property)).to.deep.equal(["", ""]);
        expect(failures.map((f) => f.reason.split(" ")[0]).sort()).to.deep.equal(["password", "pasword"]);
        expect(JSON.stringify(failures)).to.not.match(/weakpass|Weak-Passw0rd/);
    });

    it("trims strings before validating and recording them", () => {
        const { inputs, failures } = checkInputs({
            instanceId: " ins-abcd1234 ",
            imageId: "img-9qabwvbn\n",
            region: " gz",
            keyIds: [" skey-abcd1234"],
            hostName: "web-1 ",
        });
        expect(failures).to.deep.equal([]);
        expect(inputs).to.deep.include({
            instanceId: "ins-abcd1234",
            imageId: "img-9qabwvbn",
            region: "ap-guangzhou",
            keyIds: ["skey-abcd1234"],
            hostName: "web-1",
        });
    });

    it("leaves triggers as declared (trimming would turn a recorded value into a reinstall)", () => {
        expect(checkInputs({ ...base, triggers: [" v1 "] }).inputs.triggers).to.deep.equal([" v1 "]);
    });

    it("accepts real regions outside the short-code table and records legacy codes by their long name", () => {
        for (const region of ["ap-tokyo", "ap-nanjing", "na-ashburn", "eu-frankfurt", "ap-shanghai-fsi"]) {
            expect(checkInputs({ ...base, region })).to.deep.include({ failures: [] });
            expect(checkInputs({ ...base, region }).inputs.region).to.equal(region);
        }
        expect(checkInputs({ ...base, region: "sh" }).inputs.region).to.equal("ap-shanghai");
    });

    it("accepts rootSize up to the API maximum", () => {
        expect(propsOf({ ...base, rootSize: MAX_ROOT_SIZE_GB })).to.deep.equal([]);
    });

    it("accepts passwordChange reset under API 3.0", () => {
        expect(propsOf({ ...base, passwordChange: "reset", password: "Passw0rd!x" })).to.deep.equal([]);
    });

    it("reports one failure per bad property", () => {
        expect(propsOf({ instanceId: "x", imageId: "y", rootSize: -1 }).sort()).to.deep.equal([
            "imageId",
            "instanceId",
            "rootSize",
        ]);
    });

    it("applies the longer API 3.0 password limit when api is 2017-03-12", () => {
        expect(propsOf({ ...base, api: "2017-03-12", password: "Abcdefgh12345678xyz" })).to.deep.equal([]);
        expect(propsOf({ ...legacy, password: "Abcdefgh12345678xyz" })).to.deep.equal(["password"]);
    });

    it("accepts legacy short region codes and long names", () => {
        expect(propsOf({ ...base, region: "gz" })).to.deep.equal([]);
        expect(propsOf({ ...base, region: "ap-guangzhou" })).to.deep.equal([]);
    });

    it("accepts plain http to literal loopback addresses and exactly localhost", () => {
        for (const endpoint of [
            "http://127.0.0.1:8080",
            "http://127.45.0.9:1",
            "http://localhost:8080/",
            "http://[::1]:8080",
        ]) {
            expect(propsOf({ ...base, endpoint }), endpoint).to.deep.equal([]);
        }
        for (const endpoint of ["http://localhost.:8080", "http://10.0.0.1:8080", "http://128.0.0.1"]) {
            expect(propsOf({ ...base, endpoint }), endpoint).to.deep.equal(["endpoint"]);
        }
    });

    it("leaves unknown values (preview) alone", () => {
        expect(propsOf({ instanceId: UNKNOWN, imageId: UNKNOWN, password: UNKNOWN, rootSize: UNKNOWN })).to.deep.equal(
            [],
        );
    });

    it("does not reject API 3.0-only inputs while api itself is still unknown (preview)", () => {
        expect(
            propsOf({ ...base, api: UNKNOWN, keyIds: ["skey-abcd1234"], password: "Abcdefgh12345678xyz" }).sort(),
        ).to.deep.equal(["keyIds"]);
        expect(propsOf({ ...base, api: UNKNOWN, userData: "ZWNobw==", password: "Abcdefgh12345678xyz" })).to.deep.equal(
            [],
        );
    });

    it("never quotes the password in a failure", () => {
        const secret = "short1";
        const text = JSON.stringify(failuresOf({ ...base, password: secret }));
        expect(text).to.not.include(secret);
    });
});
