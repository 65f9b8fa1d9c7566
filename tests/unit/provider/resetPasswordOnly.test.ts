import { expect } from "chai";
import type { InstanceView } from "../../../provider/cvm/types";
import { judgePasswordReset } from "../../../provider/passwordReset/resetPasswordOnly";
import { resetsPasswordOnly } from "../../../provider/passwordReset/resetsPasswordOnly";

const view = (op?: InstanceView["latestOperation"], phase: InstanceView["phase"] = "stopped"): InstanceView => ({
    instanceId: "ins-abcd1234",
    phase,
    rawStatus: phase.toUpperCase(),
    latestOperation: op,
});

describe("password-only changes (passwordChange reset)", () => {
    it("applies only when opted in, under API 3.0, with the password the only reinstall trigger", () => {
        const news = { passwordChange: "reset" as const, api: "2017-03-12" as const, password: "N3w-Passw0rd!" };
        expect(resetsPasswordOnly(["password"], news)).to.equal(true);
        expect(resetsPasswordOnly(["password", "imageId"], news)).to.equal(false);
        expect(resetsPasswordOnly(["password"], { ...news, passwordChange: "reinstall" })).to.equal(false);
        expect(resetsPasswordOnly(["password"], { ...news, passwordChange: undefined })).to.equal(false);
        expect(resetsPasswordOnly(["password"], { ...news, api: "legacy" })).to.equal(false);
    });

    it("waits until our ResetInstancesPassword shows, and trusts only its own RequestId", () => {
        expect(judgePasswordReset("req-1", view()).state).to.equal("retry");
        expect(
            judgePasswordReset("req-1", view({ name: "ResetInstancesPassword", state: "SUCCESS", requestId: "req-0" }))
                .state,
        ).to.equal("retry");
        expect(
            judgePasswordReset(
                "req-1",
                view({ name: "ResetInstancesPassword", state: "OPERATING", requestId: "req-1" }, "transitional"),
            ).state,
        ).to.equal("retry");
        expect(
            judgePasswordReset("req-1", view({ name: "ResetInstancesPassword", state: "SUCCESS", requestId: "req-1" })),
        ).to.deep.include({ state: "success" });
    });

    it("fails on FAILED with the API's message", () => {
        const v = judgePasswordReset(
            "req-1",
            view({
                name: "ResetInstancesPassword",
                state: "FAILED",
                requestId: "req-1",
                errorMessage: "agent offline",
            }),
        );
        expect(v).to.deep.include({ state: "failure", reason: "ResetInstancesPassword failed: agent offline" });
    });
});
