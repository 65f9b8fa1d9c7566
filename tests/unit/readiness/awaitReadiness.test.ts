import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as net from "node:net";
import { systemClock } from "../../../provider/cvm/clock";
import { cvmErrorFromApi3 } from "../../../provider/cvm/errors";
import type { CommandTask, CvmClient, InstanceView } from "../../../provider/cvm/types";
import type { ReadinessSpec } from "../../../provider/inputs";
import { awaitReadiness, probeInterval, type ReadinessDeps } from "../../../provider/readiness/awaitReadiness";
import { FakeClock } from "../../support/fakeClock";

/**
 * Readiness probes against real local sockets (a TCP or HTTP server started by the test, standing
 * for the reinstalled instance's service) on the wall clock with short timeouts, and the TAT
 * command path against a scripted client on a fake clock.
 */

const view = (extra: Partial<InstanceView> = {}): InstanceView => ({
    instanceId: "ins-ready001",
    phase: "running",
    rawStatus: "RUNNING",
    privateIp: "127.0.0.1",
    publicIp: "127.0.0.2",
    ...extra,
});

/** A client with only the calls readiness may make; TAT calls come from `tat` when given. */
function client(
    tat: Partial<CvmClient> = {},
    describe?: () => InstanceView | undefined,
): CvmClient & { calls: string[] } {
    const calls: string[] = [];
    const base = {
        dialect: "2017-03-12",
        capabilities: { latestOperation: true, intentTags: false, dryRun: false, passwordReset: false, commands: true },
        calls,
        describeInstances: async (ids: readonly string[]) => {
            calls.push("DescribeInstances");
            const v = describe?.();
            return new Map(v ? [[ids[0], v]] : []);
        },
        ...tat,
    };
    return base as unknown as CvmClient & { calls: string[] };
}

function deps(extra: Partial<ReadinessDeps> = {}): ReadinessDeps {
    return {
        clock: systemClock,
        random: () => 0.5,
        client: client(),
        progress: () => undefined,
        taskSucceededAt: Date.now(),
        pollMaxMs: 100,
        ...extra,
    };
}

/** Listens on 127.0.0.x after `delayMs` (a simulated boot); returns the port, fixed up front. */
async function freePort(host = "127.0.0.1"): Promise<number> {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, host, r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
}

const servers: net.Server[] = [];
afterEach(async () => {
    for (const s of servers.splice(0)) {
        (s as http.Server).closeAllConnections?.();
        await new Promise<void>((r) => s.close(() => r()));
    }
});

function listenLater<T extends net.Server>(
    server: T,
    port: number,
    delayMs: number,
    host = "127.0.0.1",
): { acceptedAt: () => number } {
    let at = 0;
    setTimeout(() => {
        server.listen(port, host, () => {
            at = Date.now();
        });
        servers.push(server);
    }, delayMs);
    return { acceptedAt: () => at };
}

describe("unit: readiness probes (real sockets)", function () {
    this.timeout(20_000);

    it("is ready once the TCP port accepts connections after the simulated boot", async () => {
        const port = await freePort();
        const boot = listenLater(
            net.createServer((c) => c.end()),
            port,
            400,
        );
        const started = Date.now();
        const r = await awaitReadiness({ tcpPort: port, timeoutMinutes: 0.5 }, view(), deps());
        expect(r.ready, JSON.stringify(r)).to.equal(true);
        expect(Date.now() - started).to.be.at.least(400);
        expect(boot.acceptedAt()).to.be.above(0);
        expect((r as { detail: string }).detail).to.include(`tcp 127.0.0.1:${port} answered`);
    });

    it("fails after timeoutMinutes with the last probe error when the port never opens", async () => {
        const port = await freePort();
        const started = Date.now();
        const r = await awaitReadiness({ tcpPort: port, timeoutMinutes: 0.02 }, view(), deps());
        expect(r.ready).to.equal(false);
        const reason = (r as { reason: string }).reason;
        expect(reason).to.include(`tcp 127.0.0.1:${port}: ECONNREFUSED`).and.include("readiness.timeoutMinutes 0.02");
        expect(Date.now() - started).to.be.within(1100, 3000);
    });

    it("counts the timeout from the task's success, not from the call", async () => {
        const port = await freePort();
        const started = Date.now();
        const r = await awaitReadiness(
            { tcpPort: port, timeoutMinutes: 1 },
            view(),
            deps({ taskSucceededAt: Date.now() - 59_500 }),
        );
        expect(r.ready).to.equal(false);
        expect(Date.now() - started).to.be.below(1500);
    });

    it("sends no probe before warmupSeconds after the task succeeded", async () => {
        const hits: number[] = [];
        const server = net.createServer((c) => {
            hits.push(Date.now());
            c.end();
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        servers.push(server);
        const succeeded = Date.now();
        const r = await awaitReadiness(
            { tcpPort: (server.address() as AddressInfo).port, warmupSeconds: 0.6 },
            view(),
            deps({ taskSucceededAt: succeeded }),
        );
        expect(r.ready).to.equal(true);
        expect(hits[0] - succeeded).to.be.at.least(590);
    });

    it("probes at least every 2 s, or every CVM_REINSTALL_POLL_MAX_MS when lower, until a 2xx answer", async () => {
        const seen: number[] = [];
        const server = http.createServer((req, res) => {
            seen.push(Date.now());
            res.statusCode = seen.length < 6 ? 503 : 200;
            res.end(req.url);
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        servers.push(server);
        const port = (server.address() as AddressInfo).port;
        const r = await awaitReadiness(
            { httpUrl: `http://{privateIp}:${port}/healthz` },
            view(),
            deps({ pollMaxMs: 100 }),
        );
        expect(r.ready).to.equal(true);
        expect(seen).to.have.length(6);
        const gaps = seen.slice(1).map((t, i) => t - seen[i]);
        expect(Math.max(...gaps)).to.be.below(400);
        expect((r as { detail: string }).detail).to.include(`GET http://127.0.0.1:${port}/healthz answered`);
    });

    it("reports the last non-2xx status when the HTTP check never passes", async () => {
        const server = http.createServer((_req, res) => {
            res.statusCode = 503;
            res.end();
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        servers.push(server);
        const port = (server.address() as AddressInfo).port;
        const r = await awaitReadiness(
            { httpUrl: `http://{privateIp}:${port}/`, timeoutMinutes: 0.03 },
            view(),
            deps(),
        );
        expect((r as { reason: string }).reason).to.include(`GET http://127.0.0.1:${port}/: HTTP 503`);
    });

    it("bounds each probe: a server that accepts but never answers gives 'no answer' instead of a hang", async () => {
        const server = http.createServer(() => undefined);
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        servers.push(server);
        const port = (server.address() as AddressInfo).port;
        const started = Date.now();
        const r = await awaitReadiness(
            { httpUrl: `http://{privateIp}:${port}/`, timeoutMinutes: 0.03 },
            view(),
            deps(),
        );
        expect((r as { reason: string }).reason).to.match(/no answer within \d+ ms/);
        expect(Date.now() - started).to.be.below(4000);
    });

    it("connects to the public address with address: public", async () => {
        const port = await freePort("127.0.0.2");
        listenLater(
            net.createServer((c) => c.end()),
            port,
            0,
            "127.0.0.2",
        );
        const r = await awaitReadiness(
            { tcpPort: port, address: "public", timeoutMinutes: 0.1 },
            view({ privateIp: "127.0.0.1" }),
            deps(),
        );
        expect((r as { detail: string }).detail).to.include(`tcp 127.0.0.2:${port}`);
    });

    it("requires both probes when tcpPort and httpUrl are declared", async () => {
        const port = await freePort();
        listenLater(
            net.createServer((c) => c.end()),
            port,
            0,
        );
        const httpPort = await freePort();
        const r = await awaitReadiness(
            { tcpPort: port, httpUrl: `http://{privateIp}:${httpPort}/`, timeoutMinutes: 0.03 },
            view(),
            deps(),
        );
        expect((r as { reason: string }).reason).to.include(`GET http://127.0.0.1:${httpPort}/: ECONNREFUSED`);
    });

    it("re-reads the instance while it reports no address, and says so when it never does", async () => {
        const c = client({}, () => view({ privateIp: undefined }));
        const r = await awaitReadiness(
            { tcpPort: 22, timeoutMinutes: 0.03 },
            view({ privateIp: undefined }),
            deps({ client: c }),
        );
        expect((r as { reason: string }).reason).to.include(
            "tcp {privateIp}:22: the instance reports no private IP address",
        );
        expect(c.calls.filter((x) => x === "DescribeInstances").length).to.be.at.least(2);
    });
});

describe("unit: readiness probe interval", () => {
    it("is 2 s at the default 15 s poll cap and above it, proportionally less under a lower cap, never above the cap", () => {
        expect([15_000, 60_000, 7_500, 1_500, 750, 100, 50].map(probeInterval)).to.deep.equal([
            2_000, 2_000, 1_000, 200, 100, 100, 50,
        ]);
    });
});

describe("unit: readiness command through TAT (scripted client, fake clock)", () => {
    interface Script {
        agent: string[];
        tasks: (CommandTask | undefined)[][];
        runError?: Error;
    }

    function tatClient(script: Script) {
        const calls: string[] = [];
        let run = -1;
        let poll = 0;
        const c = client({
            describeAgentStatus: async (ids: readonly string[]) => {
                calls.push("DescribeAutomationAgentStatus");
                const s = script.agent.length > 1 ? script.agent.shift()! : script.agent[0];
                return new Map([[ids[0], s]]);
            },
            runCommand: async (_id: string, command: string) => {
                calls.push(`RunCommand ${command}`);
                if (script.runError) throw script.runError;
                run++;
                poll = 0;
                return { invocationId: `inv-${run}` };
            },
            describeCommandTask: async (invocationId: string) => {
                calls.push(`DescribeInvocationTasks ${invocationId}`);
                const list = script.tasks[Math.min(run, script.tasks.length - 1)];
                return list[Math.min(poll++, list.length - 1)];
            },
        });
        return { c, calls };
    }

    async function run(spec: ReadinessSpec, script: Script) {
        const clock = new FakeClock();
        const { c, calls } = tatClient(script);
        const lines: string[] = [];
        const result = await clock.run(
            awaitReadiness(spec, view(), {
                clock,
                random: () => 0.5,
                client: c,
                progress: (l) => lines.push(l),
                taskSucceededAt: clock.now(),
                pollMaxMs: 15_000,
            }),
        );
        return { result, calls, lines, clock };
    }

    it("waits for the agent to come online, runs the command and passes on exit code 0", async () => {
        const { result, calls } = await run(
            { command: "systemctl is-active nginx" },
            {
                agent: ["Offline", "Offline", "Online"],
                tasks: [[{ status: "PENDING" }, { status: "RUNNING" }, { status: "SUCCESS", exitCode: 0 }]],
            },
        );
        expect(result).to.deep.include({ ready: true });
        expect(calls).to.deep.equal([
            "DescribeAutomationAgentStatus",
            "DescribeAutomationAgentStatus",
            "DescribeAutomationAgentStatus",
            "RunCommand systemctl is-active nginx",
            "DescribeInvocationTasks inv-0",
            "DescribeInvocationTasks inv-0",
            "DescribeInvocationTasks inv-0",
        ]);
    });

    it("runs the command again after a non-zero exit, and passes when it later exits 0", async () => {
        const { result, calls } = await run(
            { command: "test -f /ready" },
            {
                agent: ["Online"],
                tasks: [[{ status: "FAILED", exitCode: 1 }], [{ status: "SUCCESS", exitCode: 0 }]],
            },
        );
        expect(result.ready).to.equal(true);
        expect(calls.filter((c) => c.startsWith("RunCommand"))).to.have.length(2);
    });

    it("fails at the timeout naming the exit code and the output's tail", async () => {
        const { result, clock } = await run(
            { command: "check", timeoutMinutes: 1 },
            {
                agent: ["Online"],
                tasks: [[{ status: "FAILED", exitCode: 3, output: "nginx: inactive\n" }]],
            },
        );
        expect(result.ready).to.equal(false);
        expect((result as { reason: string }).reason).to.include(
            "command ended FAILED, exit code 3, output: nginx: inactive",
        );
        expect(clock.now() - Date.UTC(2026, 10, 28, 12, 0, 0)).to.be.within(58_000, 60_500);
    });

    it("gives up at once when TAT refuses the command for good (agent not installed)", async () => {
        const refusal = cvmErrorFromApi3(
            {
                Response: {
                    Error: { Code: "ResourceUnavailable.AgentNotInstalled", Message: "agent not installed" },
                    RequestId: "r-1",
                },
            },
            "RunCommand",
        );
        const { result, calls } = await run({ command: "true" }, { agent: ["Online"], tasks: [[]], runError: refusal });
        expect(result.ready).to.equal(false);
        expect((result as { reason: string }).reason).to.include(
            "readiness command cannot pass: ResourceUnavailable.AgentNotInstalled",
        );
        expect(calls.filter((c) => c.startsWith("RunCommand"))).to.have.length(1);
    });

    it("keeps trying while TAT says the agent is not online yet", async () => {
        const notYet = cvmErrorFromApi3(
            {
                Response: {
                    Error: { Code: "ResourceUnavailable.AgentStatusNotOnline", Message: "offline" },
                    RequestId: "r-2",
                },
            },
            "RunCommand",
        );
        const { result, calls } = await run(
            { command: "true", timeoutMinutes: 0.1 },
            { agent: ["Online"], tasks: [[]], runError: notYet },
        );
        expect(result.ready).to.equal(false);
        expect(calls.filter((c) => c.startsWith("RunCommand")).length).to.be.above(1);
        expect((result as { reason: string }).reason).to.include("AgentStatusNotOnline");
    });

    it("cannot run a command through a client without TAT (legacy)", async () => {
        const clock = new FakeClock();
        const r = await clock.run(
            awaitReadiness({ command: "true" }, view(), {
                clock,
                random: () => 0.5,
                client: client(),
                progress: () => undefined,
                taskSucceededAt: clock.now(),
                pollMaxMs: 15_000,
            }),
        );
        expect((r as { reason: string }).reason).to.match(/needs API 3\.0 \(TAT\)/);
    });
});
