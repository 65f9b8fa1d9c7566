import { expect } from "chai";
import { checkInputs } from "../../../provider/checkInputs";
import { UNKNOWN } from "../../../provider/inputs";

const base = { instanceId: "ins-abcd1234" };
const failuresOf = (news: Record<string, unknown>) => checkInputs(news).failures;
const propsOf = (news: Record<string, unknown>) => failuresOf(news).map((f) => f.property);

describe("checkInputs", () => {
    it("accepts a minimal declaration and fills the documented defaults", () => {
        const { inputs, failures } = checkInputs({ ...base, __provider: "exports.handler = …" });
        expect(failures).to.deep.equal([]);
        expect(inputs).to.deep.equal({ instanceId: "ins-abcd1234", api: "legacy", needSecurityAgent: true, needMonitorAgent: true, waitTimeoutMinutes: 30 });
    });

    it("defaults imageType to 2 (public) when imageId is set under the legacy API", () => {
        expect(checkInputs({ ...base, imageId: "img-9qabwvbn" }).inputs.imageType).to.equal(2);
    });

    const table: [string, Record<string, unknown>, string, RegExp][] = [
        ["a missing instanceId", {}, "instanceId", /required/],
        ["a malformed instanceId", { instanceId: "i-123" }, "instanceId", /ins-xxxxxxxx/],
        ["a malformed imageId", { ...base, imageId: "image-1" }, "imageId", /img-xxxxxxxx/],
        ["imageType without imageId", { ...base, imageType: 2 }, "imageType", /only allowed together with imageId/],
        ["an imageType outside 1-4", { ...base, imageId: "img-9qabwvbn", imageType: 5 }, "imageType", /1 \(private\)/],
        ["a short Linux password", { ...base, password: "Ab1!" }, "password", /4 characters.*8-16/],
        ["a one-class password", { ...base, password: "abcdefghij" }, "password", /at least 2/],
        ["a password with a character outside the list", { ...base, password: "abcd1234\"x" }, "password", /not allowed/],
        ["a legacy password longer than 16", { ...base, password: "Abcdefgh12345678x" }, "password", /8-16/],
        ["a fractional rootSize", { ...base, rootSize: 50.5 }, "rootSize", /positive whole number/],
        ["a zero rootSize", { ...base, rootSize: 0 }, "rootSize", /positive whole number/],
        ["an unknown region", { ...base, region: "mars-1" }, "region", /ap-guangzhou/],
        ["plain http to a remote host", { ...base, endpoint: "http://example.com" }, "endpoint", /only allowed to loopback/],
        ["an endpoint with a path", { ...base, endpoint: "https://cvm.api.qcloud.com/v2/index.php" }, "endpoint", /without a path/],
        ["a zero waitTimeoutMinutes", { ...base, waitTimeoutMinutes: 0 }, "waitTimeoutMinutes", /above 0/],
        ["triggers that are not a list", { ...base, triggers: "x" }, "triggers", /array/],
        ["an unknown api", { ...base, api: "v3" }, "api", /legacy.*2017-03-12/],
        ["keyIds under the legacy API", { ...base, keyIds: ["skey-abcd1234"] }, "keyIds", /needs api "2017-03-12"/],
        ["userData under the legacy API", { ...base, userData: "ZWNobw==" }, "userData", /needs api "2017-03-12"/],
        ["keyIds with a password", { ...base, api: "2017-03-12", keyIds: ["skey-abcd1234"], password: "Passw0rd!x" }, "keyIds", /cannot be combined with password/],
        ["keepImageLogin with keyIds", { ...base, api: "2017-03-12", keyIds: ["skey-abcd1234"], keepImageLogin: true }, "keepImageLogin", /cannot be combined/],
        ["userData that is not base64", { ...base, api: "2017-03-12", userData: "echo hi" }, "userData", /base64/],
        ["userData over 16 KB", { ...base, api: "2017-03-12", userData: "A".repeat(16 * 1024 + 4) }, "userData", /16 KB/],
        ["an illegal hostName", { ...base, api: "2017-03-12", hostName: "-web" }, "hostName", /letters, digits/],
    ];
    for (const [what, news, property, reason] of table) {
        it(`rejects ${what}, naming ${property} and the rule`, () => {
            const failures = failuresOf(news);
            expect(failures.map((f) => f.property)).to.include(property);
            const failure = failures.find((f) => f.property === property)!;
            expect(failure.reason).to.match(reason);
            expect(failure.reason.startsWith(property)).to.equal(true);
        });
    }

    it("rejects an unknown property and suggests the input it resembles", () => {
        const failures = failuresOf({ ...base, imageid: "img-9qabwvbn" });
        expect(failures).to.have.length(1);
        expect(failures[0].property).to.equal("imageid");
        expect(failures[0].reason).to.match(/did you mean imageId\?/);
    });

    it("reports one failure per bad property", () => {
        expect(propsOf({ instanceId: "x", imageId: "y", rootSize: -1 }).sort()).to.deep.equal(["imageId", "instanceId", "rootSize"]);
    });

    it("applies the longer API 3.0 password limit when api is 2017-03-12", () => {
        expect(propsOf({ ...base, api: "2017-03-12", password: "Abcdefgh12345678xyz" })).to.deep.equal([]);
        expect(propsOf({ ...base, password: "Abcdefgh12345678xyz" })).to.deep.equal(["password"]);
    });

    it("accepts legacy short region codes and long names", () => {
        expect(propsOf({ ...base, region: "gz" })).to.deep.equal([]);
        expect(propsOf({ ...base, region: "ap-guangzhou" })).to.deep.equal([]);
    });

    it("accepts plain http to loopback for the emulator", () => {
        expect(propsOf({ ...base, endpoint: "http://127.0.0.1:8080" })).to.deep.equal([]);
        expect(propsOf({ ...base, endpoint: "http://localhost:8080/" })).to.deep.equal([]);
    });

    it("leaves unknown values (preview) alone", () => {
        expect(propsOf({ instanceId: UNKNOWN, imageId: UNKNOWN, password: UNKNOWN, rootSize: UNKNOWN })).to.deep.equal([]);
    });

    it("does not reject API 3.0-only inputs while api itself is still unknown (preview)", () => {
        expect(propsOf({ ...base, api: UNKNOWN, keyIds: ["skey-abcd1234"], password: "Abcdefgh12345678xyz" }).sort()).to.deep.equal(["keyIds"]);
        expect(propsOf({ ...base, api: UNKNOWN, userData: "ZWNobw==", password: "Abcdefgh12345678xyz" })).to.deep.equal([]);
    });

    it("never quotes the password in a failure", () => {
        const secret = "short1";
        const text = JSON.stringify(failuresOf({ ...base, password: secret }));
        expect(text).to.not.include(secret);
    });
});
