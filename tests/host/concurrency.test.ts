import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import {
    describeRequests,
    FAST_CLOCK,
    hostEnv,
    instanceIds,
    PASSWORD,
    resetRequests,
    secretNeedles,
} from "../support/cloudFixtures";
import { DIALECTS, dialectsUsed, resetActions } from "../support/dialects";
import { ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext } from "../support/secrets";

/**
 * Layer 3: one host serves every resource of a stack. Fifty concurrent creates must all succeed,
 * each instance reset exactly once, and the status polls batched (DescribeInstances takes up to 100
 * ids), well under what per-instance polling would cost. Once per API dialect: their rate limits
 * differ (legacy 100/min per action; API 3.0 ResetInstance 10/s, DescribeInstances 40/s), and the
 * emulator enforces them, so a throttled call shows up as a second logged request.
 */

const FLEET = instanceIds("f", 50);

for (const d of DIALECTS) {
    describe(`host layer (api ${d.api}): 50 concurrent creates in one host`, function () {
        this.timeout(120_000);
        let emu: Emulator;
        let host: ProviderHost;

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: FLEET.map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
            host = await ProviderHost.start({ env: hostEnv(emu.url) });
            await host.configure({});
        });

        after(async () => {
            await host?.stop();
            await emu?.close();
        });

        it(
            d.t(
                `all succeed, each instance gets exactly one ${d.resetAction}, and DescribeInstances calls are batched`,
            ),
            async () => {
                const checked = await Promise.all(
                    FLEET.map(
                        async (id) =>
                            (
                                await host.check(
                                    urnFor(`r-${id}`),
                                    {},
                                    { instanceId: id, imageId: "img-ubun2204", password: PASSWORD, ...d.input },
                                )
                            ).inputs,
                    ),
                );
                emu.clearRequests();
                host.clearOutput();
                const started = Date.now();
                const results = await Promise.allSettled(
                    FLEET.map((id, i) => host.create(urnFor(`r-${id}`), checked[i])),
                );
                const elapsed = Date.now() - started;

                const failures = results.flatMap((r, i) =>
                    r.status === "rejected" ? [`${FLEET[i]}: ${(r.reason as Error).message}`] : [],
                );
                expect(failures, failures.join("\n")).to.deep.equal([]);
                for (const [i, r] of results.entries()) {
                    expect(
                        (r as PromiseFulfilledResult<{ properties: Record<string, unknown> }>).value.properties
                            .currentImageId,
                        FLEET[i],
                    ).to.equal("img-ubun2204");
                }
                const record = emu.record(FLEET);
                for (const id of FLEET) {
                    // The emulator's own record: one accepted reset per instance (a request the server
                    // refused, e.g. a connection refused before anything was sent, may be retried).
                    expect(record.resets[id]?.total, id).to.equal(1);
                    expect(
                        resetActions(emu, id).every((a) => a === d.resetAction),
                        id,
                    ).to.equal(true);
                    expect(emu.instance(id)!.imageId, id).to.equal("img-ubun2204");
                }
                expect(dialectsUsed(emu)).to.deep.equal([d.api]);

                // What unbatched polling would cost: one pre-flight read per instance plus every poll its
                // waiter made (the provider reports "… and N polls" when an instance is done; at least 1).
                const polls = FLEET.map((id) => {
                    const line = host
                        .output()
                        .find(
                            (l) =>
                                l.line.includes(id) && /\b(\d+) polls?\b/.test(l.line) && /reinstalled/i.test(l.line),
                        );
                    const n = line ? Number(/\b(\d+) polls?\b/.exec(line.line)![1]) : 1;
                    return Math.max(1, n);
                });
                const unbatched = FLEET.length + polls.reduce((a, b) => a + b, 0);
                const describes = describeRequests(emu);
                const ids = describes.reduce((a, r) => a + r.instanceIds.length, 0);
                console.log(
                    `      [${d.api}] 50 creates in ${elapsed} ms: ${resetRequests(emu).length} resets, ${describes.length} DescribeInstances calls ` +
                        `(${ids} ids, ${(ids / Math.max(1, describes.length)).toFixed(1)} per call) vs ${unbatched} unbatched ` +
                        `(50 pre-flight + ${unbatched - 50} polls): ${((100 * describes.length) / unbatched).toFixed(1)}%`,
                );
                expect(describes.length).to.be.below(unbatched * 0.5);
                expect(
                    describes.every((r) => r.outcome === "ok"),
                    "no throttled DescribeInstances",
                ).to.equal(true);
                expect(
                    resetRequests(emu).every((r) => r.outcome === "ok"),
                    `no throttled ${d.resetAction}`,
                ).to.equal(true);
                expect(findPlaintext(host.outputText(), secretNeedles())).to.deep.equal([]);
            },
        );
    });
}
