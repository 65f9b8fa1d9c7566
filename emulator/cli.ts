#!/usr/bin/env node
// `cvm-emulator`: run the emulator as a standalone process for demos and for tests in other
// processes (which then drive it through /_admin/).
import { readFileSync } from "node:fs";
import { DEFAULT_CREDENTIALS, type EmulatorOptions, type InstanceSeed, startEmulator } from "./index";

const USAGE = `usage: cvm-emulator [--port N] [--seed file.json] [--fleet N] [--clock-speed X] [--reinstall-seconds S] [--no-guest-network]
  --port N               listen on 127.0.0.1:N (default 0: any free port)
  --seed file.json       seed {"instances": [...], "images": [...]}
  --fleet N              seed N running instances ins-00000001 … (ap-guangzhou, default image)
  --clock-speed X        simulated seconds per real second (default 1)
  --reinstall-seconds S  simulated duration of a reinstall (default 120)
  --no-guest-network     open no listeners for booted guests (their addresses refuse connections)`;

function parseArgs(argv: string[]): EmulatorOptions {
    const opts: EmulatorOptions = { instances: [], images: [] };
    const number = (flag: string, value: string | undefined, integer: boolean): number => {
        const n = Number(value);
        if (value === undefined || value === "" || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
            throw new Error(
                `${flag} needs a ${integer ? "non-negative integer" : "non-negative number"}, got ${JSON.stringify(value)}`,
            );
        }
        return n;
    };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[i + 1];
        switch (flag) {
            case "--port":
                opts.port = number(flag, value, true);
                i++;
                break;
            case "--seed": {
                if (!value) throw new Error("--seed needs a file");
                const data = JSON.parse(readFileSync(value, "utf8")) as {
                    instances?: InstanceSeed[];
                    images?: EmulatorOptions["images"];
                };
                opts.instances!.push(...(data.instances ?? []));
                opts.images!.push(...(data.images ?? []));
                i++;
                break;
            }
            case "--fleet": {
                const n = number(flag, value, true);
                if (n > 99_999_999) throw new Error("--fleet is limited to 99999999 instances");
                for (let k = 1; k <= n; k++) {
                    opts.instances!.push({
                        instanceId: `ins-${String(k).padStart(8, "0")}`,
                        name: `fleet-${String(k).padStart(4, "0")}`,
                    });
                }
                i++;
                break;
            }
            case "--clock-speed":
                opts.clockSpeed = number(flag, value, false);
                i++;
                break;
            case "--reinstall-seconds":
                opts.reinstallSeconds = number(flag, value, false);
                i++;
                break;
            case "--no-guest-network":
                opts.guestNetwork = false;
                break;
            case "--help":
            case "-h":
                process.stdout.write(`${USAGE}\n`);
                process.exit(0);
                break;
            default:
                throw new Error(`unknown argument ${flag}\n${USAGE}`);
        }
    }
    return opts;
}

async function main(): Promise<void> {
    let opts: EmulatorOptions;
    try {
        opts = parseArgs(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(`cvm-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(2);
    }
    const emulator = await startEmulator(opts);
    let closing = false;
    const stop = (signal: string) => {
        if (closing) return;
        closing = true;
        emulator.close().then(
            () => {
                process.stdout.write(`CVM emulator stopped (${signal})\n`);
                process.exit(0);
            },
            () => process.exit(1),
        );
    };
    // Before the banner: a parent may signal as soon as it reads the first line.
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.stdout.write(
        [
            `CVM emulator listening on ${emulator.url}`,
            `  SecretId:  ${DEFAULT_CREDENTIALS.secretId}`,
            `  SecretKey: ${DEFAULT_CREDENTIALS.secretKey}   (the documented default emulator key, not a real secret)`,
            `  API 3.0 (cvm 2017-03-12, tat 2020-10-28, tag 2018-08-13): ${emulator.url}/   legacy API: ${emulator.url}/v2/index.php   admin: ${emulator.url}/_admin/`,
            `  instances seeded: ${opts.instances?.length ?? 0}`,
            "",
        ].join("\n"),
    );
}

main().catch((err: unknown) => {
    process.stderr.write(`cvm-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
