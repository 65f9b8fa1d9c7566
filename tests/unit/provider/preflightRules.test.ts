import { expect } from "chai";
import type { InstanceView } from "../../../provider/cvm/types";
import { declarationViolations, shrinkViolation, stateRule, windowsViolation } from "../../../provider/preflightRules";

const linux: InstanceView = {
    instanceId: "ins-abcd1234",
    phase: "running",
    rawStatus: "RUNNING",
    imageId: "img-9qabwvbn",
    osName: "CentOS 7.9",
    rootSize: 80,
    platform: "linux",
};
const windows: InstanceView = { ...linux, imageId: "img-win2019a", osName: "Windows Server 2019", platform: "windows" };
const declared = { instanceId: "ins-abcd1234", api: "2017-03-12" as const };

describe("preflightRules", () => {
    it("refuses a rootSize below the live system disk, naming both sizes and the fix", () => {
        const v = shrinkViolation({ ...declared, rootSize: 50 }, linux);
        expect(v).to.deep.include({ code: "ROOT_SIZE_SHRINK", property: "rootSize" });
        expect(v!.message).to.match(/rootSize 50 GB is smaller than .*80 GB.*Set rootSize to 80 or more/);
    });

    it("accepts an equal or larger rootSize, and no rootSize", () => {
        expect(shrinkViolation({ ...declared, rootSize: 80 }, linux)).to.equal(undefined);
        expect(shrinkViolation({ ...declared, rootSize: 100 }, linux)).to.equal(undefined);
        expect(shrinkViolation(declared, linux)).to.equal(undefined);
    });

    it("applies the Windows password rule to a Windows instance that keeps its image, without quoting the password", () => {
        const weak = "Passw0rd"; // fine for Linux (2 classes), too short and too few classes for Windows
        const v = windowsViolation({ ...declared, password: weak }, windows);
        expect(v).to.deep.include({ code: "PASSWORD_POLICY", property: "password" });
        expect(v!.message).to.match(/runs Windows/);
        expect(v!.message).to.not.include(weak);
    });

    it("does not apply the Windows rule when the declaration switches to another image (its OS is not known)", () => {
        expect(windowsViolation({ ...declared, password: "Passw0rd", imageId: "img-otherimg" }, windows)).to.equal(
            undefined,
        );
    });

    it("does not apply the Windows rule to a Linux instance", () => {
        expect(windowsViolation({ ...declared, password: "Passw0rd" }, linux)).to.equal(undefined);
    });

    it("refuses keyIds on Windows", () => {
        expect(windowsViolation({ ...declared, keyIds: ["skey-abcd1234"] }, windows)).to.deep.include({
            property: "keyIds",
            code: "INVALID_INPUT",
        });
    });

    it("lists every broken declaration rule", () => {
        const vs = declarationViolations({ ...declared, rootSize: 20, password: "Passw0rd" }, windows);
        expect(vs.map((v) => v.property)).to.deep.equal(["rootSize", "password"]);
    });

    it("allows running and stopped instances, waits out transitional ones and refuses the rest", () => {
        expect(stateRule(linux)).to.deep.equal({ state: "ok" });
        expect(stateRule({ ...linux, phase: "stopped", rawStatus: "STOPPED" })).to.deep.equal({ state: "ok" });
        expect(stateRule({ ...linux, phase: "transitional", rawStatus: "STARTING" })).to.deep.include({
            state: "wait",
        });
        const gone = stateRule({ ...linux, phase: "gone", rawStatus: "SHUTDOWN" });
        expect(gone.state).to.equal("refuse");
        if (gone.state === "refuse")
            expect(gone.violation.message).to.match(/ins-abcd1234 is gone \(status SHUTDOWN\).*running or stopped/);
    });
});
