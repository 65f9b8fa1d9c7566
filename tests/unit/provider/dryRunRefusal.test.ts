import { expect } from "chai";
import { cvmErrorFromApi3, CvmTransportError } from "../../../provider/cvm/errors";
import { dryRunVerdict } from "../../../provider/preview/dryRunRefusal";

const refusal = (code: string) =>
    cvmErrorFromApi3(
        { Response: { Error: { Code: code, Message: "refused." }, RequestId: "req-9" } },
        "InquiryPriceResetInstance",
    );

describe("dryRunVerdict (what a refused InquiryPriceResetInstance is about)", () => {
    const table: [string, string][] = [
        ["InvalidParameterValue.InvalidImageIdForRetsetInstance", "imageId"],
        ["UnsupportedOperation.InvalidImageLicenseTypeForReset", "imageId"],
        ["InvalidImageId.NotFound", "imageId"],
        ["InvalidParameterValue.InvalidPassword", "password"],
        ["InvalidInstanceId.NotFound", "instanceId"],
        ["ResourceInsufficient.CloudDiskUnavailable", "rootSize"],
        ["MissingParameter.MonitorService", "needMonitorAgent"],
        ["UnsupportedRegion", "region"],
        ["InvalidParameterValue", "the declaration"],
    ];
    for (const [code, property] of table) {
        it(`names ${property} for ${code}, with the server's code, text and RequestId`, () => {
            const v = dryRunVerdict(refusal(code));
            expect(v).to.deep.include({ state: "refused", property, code });
            if (v.state === "refused") expect(v.reason).to.equal(`${code}: refused (RequestId req-9)`);
        });
    }

    for (const code of [
        "FailedOperation.InquiryPriceFailed",
        "InternalError.TradeUnknownError",
        "RequestLimitExceeded",
        "UnsupportedOperation",
    ]) {
        it(`treats ${code} as an unavailable dry run, not a refusal of the declaration`, () => {
            expect(dryRunVerdict(refusal(code)).state).to.equal("unavailable");
        });
    }

    it("treats a lost connection as an unavailable dry run", () => {
        const lost = new CvmTransportError({
            code: "ECONNRESET",
            ambiguous: false,
            action: "InquiryPriceResetInstance",
            detail: "reset",
        });
        expect(dryRunVerdict(lost).state).to.equal("unavailable");
    });
});
