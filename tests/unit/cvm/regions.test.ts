import { expect } from "chai";
import { canonicalRegion, REGIONS, regionShapeViolation } from "../../../provider/cvm/regions";

describe("regions", () => {
    it("maps every legacy short code to its long name", () => {
        for (const { short, long } of REGIONS) if (short) expect(canonicalRegion(short)).to.equal(long);
        expect(canonicalRegion("gz")).to.equal("ap-guangzhou");
        expect(canonicalRegion("sh")).to.equal("ap-shanghai");
        expect(canonicalRegion("bj")).to.equal("ap-beijing");
        expect(canonicalRegion("shjr")).to.equal("ap-shanghai-fsi");
    });

    it("leaves long names, known or not, as they are (trimmed)", () => {
        for (const name of [
            "ap-guangzhou",
            "ap-tokyo",
            "ap-nanjing",
            "na-ashburn",
            "eu-frankfurt",
            "na-siliconvalley",
            "xx-yyyy",
        ]) {
            expect(canonicalRegion(name)).to.equal(name);
            expect(canonicalRegion(` ${name}\t`)).to.equal(name);
        }
        expect(canonicalRegion(" gz ")).to.equal("ap-guangzhou");
    });

    it("accepts real regions and unknown but well-formed names", () => {
        const ok = [
            "ap-tokyo",
            "ap-nanjing",
            "na-ashburn",
            "ap-guangzhou",
            "ap-shanghai",
            "ap-beijing",
            "ap-singapore",
            "eu-frankfurt",
            "na-siliconvalley",
            "ap-shanghai-fsi",
            "ap-guangzhou-open",
            "gz",
            "sh",
            "bj",
            "xx-yyyy",
            "sa-saopaulo",
            " ap-seoul ",
        ];
        for (const name of ok) expect(regionShapeViolation(name), name).to.equal(undefined);
    });

    it("rejects what cannot be a region, naming the expected shape and the value", () => {
        for (const bad of [
            "",
            "guangzhou",
            "mars-1",
            "ap_guangzhou",
            "ap-",
            "-ap-guangzhou",
            "ap guangzhou",
            "a-b",
            "zz",
            "ap-guangzhou/1",
        ]) {
            const why = regionShapeViolation(bad);
            expect(why, bad).to.be.a("string");
            expect(why).to.include("ap-guangzhou").and.include("xx-yyyy").and.include(`"${bad.trim()}"`);
        }
    });

    it("hints at the fix: lower case, or the region of a bare city", () => {
        expect(regionShapeViolation("AP-Guangzhou")).to.match(/use lower case: ap-guangzhou$/);
        expect(regionShapeViolation("GZ")).to.match(/use lower case: gz$/);
        expect(regionShapeViolation("guangzhou")).to.match(/did you mean ap-guangzhou\?$/);
        expect(regionShapeViolation("ap_tokyo")).to.match(/did you mean ap-tokyo\?$/);
        expect(regionShapeViolation("mars-1")).to.not.match(/did you mean/);
    });

    it("lists each long name once and each short code once", () => {
        const longs = REGIONS.map((r) => r.long);
        const shorts = REGIONS.flatMap((r) => (r.short ? [r.short] : []));
        expect(new Set(longs).size).to.equal(longs.length);
        expect(new Set(shorts).size).to.equal(shorts.length);
        for (const long of longs) expect(regionShapeViolation(long), long).to.equal(undefined);
    });
});
