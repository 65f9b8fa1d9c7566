import { expect } from "chai";
import { checkInputs } from "../../../provider/checkInputs";
import { checkReadiness } from "../../../provider/readiness/checkReadiness";

const rules = (value: unknown, dialect: "legacy" | "2017-03-12" = "2017-03-12") =>
    checkReadiness(value, dialect).violations.map((v) => `${v.property} ${v.rule}`);

describe("unit: readiness input check", () => {
    it("accepts each probe kind and records the defaults (private address, no warm-up, 10 minutes)", () => {
        expect(checkReadiness({ tcpPort: 22 }, "legacy")).to.deep.equal({
            value: { tcpPort: 22, address: "private", warmupSeconds: 0, timeoutMinutes: 10 },
            violations: [],
        });
        expect(
            rules({ httpUrl: "http://{privateIp}:8080/healthz", warmupSeconds: 30, timeoutMinutes: 2.5 }),
        ).to.deep.equal([]);
        expect(rules({ httpUrl: "https://{publicIp}/", address: "public" })).to.deep.equal([]);
        expect(rules({ command: "systemctl is-active nginx" })).to.deep.equal([]);
    });

    it("requires at least one probe", () => {
        expect(rules({ warmupSeconds: 5 })).to.deep.equal([
            "readiness must declare at least one of tcpPort, httpUrl or command",
        ]);
    });

    it("rejects a TAT command under the legacy API, naming the api to use", () => {
        expect(rules({ command: "true" }, "legacy")).to.deep.equal([
            `readiness.command needs api "2017-03-12": it runs through TAT, which the legacy API cannot reach`,
        ]);
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
        ["port 0", { tcpPort: 0 }, /^readiness\.tcpPort must be a TCP port number from 1 to 65535/],
        ["port 70000", { tcpPort: 70000 }, /^readiness\.tcpPort must be/],
        ["an ftp URL", { httpUrl: "ftp://{privateIp}/" }, /^readiness\.httpUrl must be an http:\/\/ or https:\/\/ URL/],
        [
            "an unknown placeholder",
            { httpUrl: "http://{privateIP}/" },
            /^readiness\.httpUrl has an unknown placeholder \{privateIP\}/,
        ],
        [
            "credentials in the URL",
            { httpUrl: "http://admin:pw@{privateIp}/" },
            /^readiness\.httpUrl must not carry credentials/,
        ],
        ["an empty command", { command: "" }, /^readiness\.command must be a non-empty shell command/],
        [
            "another address",
            { tcpPort: 22, address: "internal" },
            /^readiness\.address must be "private" \(default\) or "public"/,
        ],
        [
            "a negative warm-up",
            { tcpPort: 22, warmupSeconds: -1 },
            /^readiness\.warmupSeconds must be a number of seconds of at least 0/,
        ],
        [
            "a zero timeout",
            { tcpPort: 22, timeoutMinutes: 0 },
            /^readiness\.timeoutMinutes must be a number of minutes above 0/,
        ],
        [
            "a warm-up as long as the timeout",
            { tcpPort: 22, warmupSeconds: 60, timeoutMinutes: 1 },
            /^readiness\.warmupSeconds \(60\) must be shorter than timeoutMinutes/,
        ],
        ["a typo", { tcpPort: 22, tcp_port: 22 }, /^readiness\.tcp_port is not a readiness field/],
    ];
    for (const [what, value, rule] of bad) {
        it(`rejects ${what}`, () => {
            const found = rules(value);
            expect(found).to.have.length(1);
            expect(found[0]).to.match(rule);
        });
    }

    it("is wired into check with the resource's api", () => {
        const legacy = checkInputs({ instanceId: "ins-abcdefgh", api: "legacy", readiness: { command: "true" } });
        expect(legacy.failures.map((f) => f.property)).to.deep.equal(["readiness.command"]);
        const api3 = checkInputs({ instanceId: "ins-abcdefgh", api: "2017-03-12", readiness: { command: "true" } });
        expect(api3.failures).to.deep.equal([]);
        expect(api3.inputs.readiness).to.deep.equal({
            command: "true",
            address: "private",
            warmupSeconds: 0,
            timeoutMinutes: 10,
        });
    });
});
