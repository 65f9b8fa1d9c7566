import { expect } from "chai";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, tcpProbe } from "./guestProbe";
import { adminCall } from "./httpClient";

const CLI = join(__dirname, "..", "..", "emulator", "cli.js");

function start(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout!.on("data", (d: Buffer) => {
            out += d.toString();
            const first = out.split("\n")[0];
            const m = /^CVM emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
            if (m && out.includes("\n")) resolve({ child, url: m[1], output: () => out });
        });
        child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) => reject(new Error(`cli exited with ${code}: ${err}${out}`)));
    });
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
    return new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.on("exit", (code) => resolve(code));
        child.kill(signal);
    });
}

describe("emulator: cvm-emulator CLI", function () {
    this.timeout(8000);

    it("prints the URL as its first line, seeds a fleet, and exits cleanly on SIGTERM", async () => {
        const { child, url, output } = await start(["--fleet", "3", "--port", "0"]);
        try {
            const list = (await adminCall(url, "GET", "instances")).json;
            expect(list.map((i: any) => i.instanceId)).to.deep.equal(["ins-00000001", "ins-00000002", "ins-00000003"]);
            expect(output()).to.include("AKIDEMULATOR00000000000000000000000");
        } finally {
            expect(await stop(child, "SIGTERM")).to.equal(0);
        }
    });

    it("reads --seed files and honours --clock-speed / --reinstall-seconds, stopping on SIGINT", async () => {
        const dir = mkdtempSync(join(tmpdir(), "cvm-emu-"));
        const file = join(dir, "seed.json");
        writeFileSync(file, JSON.stringify({ instances: [{ instanceId: "ins-seedfile", rootSize: 70 }] }));
        const { child, url } = await start(["--seed", file, "--clock-speed", "10", "--reinstall-seconds", "5"]);
        try {
            expect((await adminCall(url, "GET", "instances/ins-seedfile")).json.rootSize).to.equal(70);
            await adminCall(url, "POST", "reinstall", { instanceId: "ins-seedfile" });
            await new Promise((r) => setTimeout(r, 600)); // 5 simulated seconds at speed 10
            expect((await adminCall(url, "GET", "instances/ins-seedfile")).json.latestOperationState).to.equal(
                "SUCCESS",
            );
        } finally {
            expect(await stop(child, "SIGINT")).to.equal(0);
        }
    });

    it("names the API 3.0 services first in its banner; a seeded guest listens, and --no-guest-network opens no listener", async () => {
        const listening = await start(["--fleet", "1"]);
        try {
            expect(listening.output().split("\n")[3]).to.match(
                /^ {2}API 3\.0 \(cvm 2017-03-12, tat 2020-10-28, tag 2018-08-13\): http/,
            );
            const ip = (await adminCall(listening.url, "GET", "instances/ins-00000001")).json.privateIp;
            expect(await eventually(() => tcpProbe(ip, 22), "open")).to.equal("open");
        } finally {
            expect(await stop(listening.child, "SIGTERM")).to.equal(0);
        }
        const quiet = await start(["--fleet", "1", "--no-guest-network"]);
        try {
            const ip = (await adminCall(quiet.url, "GET", "instances/ins-00000001")).json.privateIp;
            expect(await tcpProbe(ip, 22)).to.equal("ECONNREFUSED");
        } finally {
            expect(await stop(quiet.child, "SIGTERM")).to.equal(0);
        }
    });

    it("refuses unknown flags with exit code 2", async () => {
        const code = await new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, [CLI, "--bogus"], { stdio: "ignore" });
            child.on("exit", resolve);
        });
        expect(code).to.equal(2);
    });
});
