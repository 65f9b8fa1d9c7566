import { expect } from "chai";
import { isKnownRegion, REGION_TABLE, toLongRegion, toShortRegion } from "../../../provider/cvm/regions";

describe("regions", () => {
    it("maps every legacy short code to its long name and back", () => {
        for (const [short, long] of Object.entries(REGION_TABLE)) {
            expect(toLongRegion(short)).to.equal(long);
            expect(toShortRegion(long)).to.equal(short);
        }
    });

    it("maps gz to ap-guangzhou and leaves ap-guangzhou as it is", () => {
        expect(toLongRegion("gz")).to.equal("ap-guangzhou");
        expect(toLongRegion("ap-guangzhou")).to.equal("ap-guangzhou");
    });

    it("knows the finance and open regions (shjr, szjr, gzopen)", () => {
        expect(toLongRegion("shjr")).to.equal("ap-shanghai-fsi");
        expect(toLongRegion("szjr")).to.equal("ap-shenzhen-fsi");
        expect(toLongRegion("gzopen")).to.equal("ap-guangzhou-open");
    });

    it("accepts both forms as known and rejects typos", () => {
        expect(isKnownRegion("gz")).to.equal(true);
        expect(isKnownRegion("ap-guangzhou")).to.equal(true);
        expect(isKnownRegion("ap-guangzou")).to.equal(false);
        expect(isKnownRegion("")).to.equal(false);
    });

    it("passes a region the table does not know through unchanged (Tencent adds regions)", () => {
        expect(toLongRegion("ap-jakarta")).to.equal("ap-jakarta");
        expect(toShortRegion("ap-jakarta")).to.equal(undefined);
    });

    it("trims whitespace", () => {
        expect(toLongRegion(" gz ")).to.equal("ap-guangzhou");
    });
});
