import { expect } from "chai";
import { passwordViolation, PASSWORD_SPECIALS } from "../../../provider/passwordPolicy";

describe("passwordPolicy", () => {
    it("lists the specials exactly as the seed document does", () => {
        expect(PASSWORD_SPECIALS).to.equal("()`~!@#$%^&*-+=|{}[]:;',.?/");
    });

    const cases: [string, "linux" | "windows", "legacy" | "2017-03-12", boolean][] = [
        ["abcd1234", "linux", "legacy", true],
        ["abcdefgh", "linux", "legacy", false],
        ["ABCDabcd", "linux", "legacy", false], // letters are one class under the legacy Linux rule
        ["ABCDabcd", "linux", "2017-03-12", true], // but two under API 3.0
        ["abc!1", "linux", "legacy", false],
        ["abcdefgh12345678", "linux", "legacy", true],
        ["abcdefgh123456789", "linux", "legacy", false],
        ["abcdefgh123456789", "linux", "2017-03-12", true],
        ["Abcdefgh1234", "windows", "legacy", true],
        ["abcdefgh1234", "windows", "legacy", false],
        ["Abcdefg1234", "windows", "legacy", false],
        ["abcdefgh|234!", "windows", "legacy", false], // `|` is not a Windows special under the legacy rule
        ["abcdefgh|234!", "linux", "legacy", true],
        ["Abcdefgh1234567890", "windows", "legacy", false],
        ["Abcdefgh1234567890", "windows", "2017-03-12", true],
        ["pass word12", "linux", "legacy", false],
    ];
    for (const [pw, platform, dialect, ok] of cases) {
        it(`${ok ? "accepts" : "rejects"} "${pw}" for ${platform} under ${dialect}`, () => {
            expect(passwordViolation(pw, platform, dialect) === undefined).to.equal(ok);
        });
    }
});
