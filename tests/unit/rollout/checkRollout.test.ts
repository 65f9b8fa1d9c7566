import { expect } from "chai";
import { checkInputs } from "../../../provider/checkInputs";
import { UNKNOWN } from "../../../provider/inputs";
import { checkRollout } from "../../../provider/rollout/checkRollout";

const rules = (value: unknown) => checkRollout(value).violations.map((v) => `${v.property} ${v.rule}`);

describe("unit: rollout input check", () => {
    it("accepts a full policy and records canary and pauseMinutes defaults", () => {
        expect(checkRollout({ group: "web", maxParallel: 5, maxFailures: 2, maxReinstalls: 40 })).to.deep.equal({
            value: { group: "web", maxParallel: 5, maxFailures: 2, maxReinstalls: 40, canary: 0, pauseMinutes: 0 },
            violations: [],
        });
        expect(checkRollout({ group: "web", canary: 2, pauseMinutes: 0.5 }).violations).to.deep.equal([]);
    });

    it("requires a group", () => {
        expect(rules({ maxParallel: 2 })).to.deep.equal([
            "rollout.group is required: members with the same group share one policy (InstanceFleet sets it)",
        ]);
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
        ["a maxParallel of 0", { maxParallel: 0 }, /^rollout\.maxParallel must be a whole number of at least 1/],
        [
            "a percentage maxParallel (only InstanceFleet resolves it)",
            { maxParallel: "10%" },
            /^rollout\.maxParallel .*InstanceFleet also takes a percentage/,
        ],
        ["a fractional canary", { canary: 1.5 }, /^rollout\.canary must be a whole number/],
        ["a negative pause", { pauseMinutes: -1 }, /^rollout\.pauseMinutes must be a number of minutes of at least 0/],
        ["maxFailures 0", { maxFailures: 0 }, /^rollout\.maxFailures must be a whole number of at least 1/],
        [
            "a negative maxReinstalls",
            { maxReinstalls: -3 },
            /^rollout\.maxReinstalls must be a whole number of at least 0/,
        ],
        ["a typo", { maxParalel: 3 }, /^rollout\.maxParalel is not a rollout field \(fields: group, maxParallel/],
        ["an empty group", { group: " " }, /^rollout\.group must be a non-empty string/],
    ];
    for (const [what, extra, rule] of bad) {
        it(`rejects ${what}`, () => {
            const found = rules({ group: "web", ...extra });
            expect(found).to.have.length(1);
            expect(found[0]).to.match(rule);
        });
    }

    it("rejects a rollout that is not an object", () => {
        expect(rules("web")[0]).to.match(/^rollout must be an object/);
    });

    it("leaves values still unknown in preview alone", () => {
        expect(checkRollout(UNKNOWN)).to.deep.equal({ value: UNKNOWN, violations: [] });
        expect(rules({ group: UNKNOWN, maxParallel: UNKNOWN })).to.deep.equal([]);
    });

    it("is wired into check: the failure names rollout.<field>, and the normalised policy is recorded", () => {
        const bad = checkInputs({ instanceId: "ins-abcdefgh", rollout: { group: "web", maxParallel: -1 } });
        expect(bad.failures.map((f) => f.property)).to.deep.equal(["rollout.maxParallel"]);
        expect(bad.failures[0].reason).to.match(/^rollout\.maxParallel must be/);
        const ok = checkInputs({ instanceId: "ins-abcdefgh", rollout: { group: "web", maxParallel: 4 } });
        expect(ok.failures).to.deep.equal([]);
        expect(ok.inputs.rollout).to.deep.equal({ group: "web", maxParallel: 4, canary: 0, pauseMinutes: 0 });
        expect(checkInputs({ instanceId: "ins-abcdefgh" }).inputs).to.not.have.property("rollout");
    });
});
