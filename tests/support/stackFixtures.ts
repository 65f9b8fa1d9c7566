/**
 * Helpers the lifecycle suites share: an engine stand-in configured like a stack of the example
 * program (credentials in stack config only), and the plaintext scan every run must pass.
 */
import { expect } from "chai";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { CREDENTIAL_CONFIG, hostEnv, type LoggedRequestLike, secretNeedles } from "./cloudFixtures";
import type { Api } from "./dialects";
import { Engine, type OpKind, type RunResult } from "./engine";
import { findPlaintext } from "./secrets";

interface EmulatorLike {
    url: string;
    requests(): LoggedRequestLike[];
}

/** An engine whose stack config holds the credentials (secret key as a secret) and, when given, `api`. */
export function stackEngine(emu: EmulatorLike, api?: Api): Engine {
    const engine = new Engine({ host: { env: hostEnv(emu.url, { credentials: "none" }) } });
    if (api) {
        engine.setConfig("api", api);
    }
    engine.setConfig("tencentcloud:secretId", CREDENTIAL_CONFIG["tencentcloud:secretId"]);
    engine.setConfig("tencentcloud:secretKey", DEFAULT_CREDENTIALS.secretKey, { secret: true });
    engine.setConfig("tencentcloud:region", CREDENTIAL_CONFIG["tencentcloud:region"]);
    return engine;
}

/** urn → op of one run. */
export function opsOf(run: RunResult): Record<string, OpKind> {
    return Object.fromEntries(run.ops.map((o) => [o.urn, o.op]));
}

/** No password or secret key in the checkpoint, the host output, the request log or the run's failures. */
export function scanForSecrets(engine: Engine, emu: EmulatorLike, run?: RunResult, ...extraNeedles: string[]): void {
    const needles = secretNeedles(...extraNeedles);
    expect(findPlaintext(engine.checkpointText(), needles), "checkpoint").to.deep.equal([]);
    expect(findPlaintext(engine.hostOutputText(), needles), "host output").to.deep.equal([]);
    expect(findPlaintext(JSON.stringify(emu.requests()), needles), "emulator request log").to.deep.equal([]);
    if (run) {
        expect(findPlaintext(JSON.stringify(run.failures), needles), "failure messages").to.deep.equal([]);
    }
}

/** For an `afterEach`: print the last run when the test failed. */
export function printRunIfFailed(ctx: Mocha.Context, run: RunResult | undefined): void {
    if (ctx.currentTest?.state === "failed" && run) {
        console.log(
            `      run: ${JSON.stringify({ ok: run.ok, ops: run.ops, failures: run.failures })}\n${run.hostOutput}`,
        );
    }
}
