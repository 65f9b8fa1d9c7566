import { expect } from "chai";
import { startEmulator } from "../../emulator";
import { adminCall } from "./httpClient";
import { eventually, httpProbe, tcpProbe } from "./guestProbe";
import { useEmulator } from "./harness";

const WEB_IMAGE = {
    imageId: "img-webapp01",
    osName: "CentOS 7.9 64位 (web)",
    platform: "linux" as const,
    tcpPorts: [22, 8443],
    httpPort: 8080,
    bootSeconds: 40,
};

describe("emulator: loopback addresses and simulated guests (boot, real listeners)", () => {
    const h = useEmulator({
        reinstallSeconds: 100,
        clockSpeed: 0,
        images: [
            WEB_IMAGE,
            { imageId: "img-centos79", osName: "CentOS 7.9 64位", platform: "linux" },
            { imageId: "img-ubun2204", osName: "Ubuntu 22.04", platform: "linux" },
        ],
        instances: [
            { instanceId: "ins-guest001", imageId: "img-webapp01" },
            { instanceId: "ins-guest002", imageId: "img-webapp01" },
            { instanceId: "ins-guest003", state: "STOPPED" },
        ],
    });
    const ips = (id: string) => ({ lan: h.emu.instance(id)!.privateIp, wan: h.emu.instance(id)!.publicIp });

    it("gives every instance unique 127.10.x.y / 127.20.x.y addresses, the same in both dialects and across re-seeding", async () => {
        const three = (
            await h.client.api3("DescribeInstances", { InstanceIds: ["ins-guest001", "ins-guest002", "ins-guest003"] })
        ).InstanceSet;
        const lans = three.map((i: any) => i.PrivateIpAddresses[0]);
        for (const i of three) {
            expect(i.PrivateIpAddresses[0]).to.match(/^127\.10\.\d+\.\d+$/);
            expect(i.PublicIpAddresses[0]).to.match(/^127\.20\.\d+\.\d+$/);
            expect(i.PublicIpAddresses[0].split(".").slice(2)).to.deep.equal(
                i.PrivateIpAddresses[0].split(".").slice(2),
            );
        }
        expect(new Set(lans).size).to.equal(3);
        const legacy = (await h.client.legacy("DescribeInstances", { "instanceIds.0": "ins-guest001" })).instanceSet[0];
        expect(legacy.lanIp).to.equal(three[0].PrivateIpAddresses[0]);
        expect(legacy.wanIpSet).to.deep.equal(three[0].PublicIpAddresses);
        h.emu.seed([{ instanceId: "ins-guest002", imageId: "img-webapp01" }]);
        expect(h.emu.instance("ins-guest002")?.privateIp).to.equal(lans[1]);
    });

    it("a seeded running instance listens on its image's TCP ports and HTTP port, on both addresses", async () => {
        const { lan, wan } = ips("ins-guest001");
        for (const host of [lan, wan]) {
            expect(await eventually(() => tcpProbe(host, 22), "open")).to.equal("open");
            expect(await eventually(() => tcpProbe(host, 8443), "open")).to.equal("open");
            expect(await eventually(() => httpProbe(host, 8080), 200)).to.equal(200);
        }
        expect(await tcpProbe(lan, 9999)).to.equal("ECONNREFUSED");
        expect(h.emu.instance("ins-guest001")?.guest.status).to.equal("up");
    });

    it("a stopped instance listens on nothing", async () => {
        expect(await tcpProbe(ips("ins-guest003").lan, 22)).to.equal("ECONNREFUSED");
        expect(h.emu.instance("ins-guest003")?.guest.status).to.equal("down");
    });

    it("a reinstall closes the ports at once and opens them bootSeconds after the task succeeded", async () => {
        const { lan } = ips("ins-guest001");
        await h.client.api3("ResetInstance", { InstanceId: "ins-guest001" });
        expect(await eventually(() => tcpProbe(lan, 22), "ECONNREFUSED")).to.equal("ECONNREFUSED");
        h.emu.advance(100); // task done, boot (40 s) starts
        expect(h.emu.instance("ins-guest001")?.guest.status).to.equal("booting");
        await new Promise((r) => setTimeout(r, 50));
        expect(await tcpProbe(lan, 22)).to.equal("ECONNREFUSED");
        h.emu.advance(39);
        await new Promise((r) => setTimeout(r, 50));
        expect(await tcpProbe(lan, 22)).to.equal("ECONNREFUSED");
        h.emu.advance(1);
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
        expect(await eventually(() => httpProbe(lan, 8080), 200)).to.equal(200);
        expect(h.emu.instance("ins-guest001")?.guest.listening).to.include(`${lan}:8080`);
    });

    it("admin guests: httpStatus applies to a running guest; bootSeconds per instance wins over the image", async () => {
        const { lan } = ips("ins-guest002");
        expect(
            (
                await adminCall(h.emu.url, "POST", "guests", {
                    instanceId: "ins-guest002",
                    httpStatus: 503,
                    bootSeconds: 5,
                })
            ).status,
        ).to.equal(200);
        expect(await eventually(() => httpProbe(lan, 8080), 503)).to.equal(503);
        await h.client.api3("ResetInstance", { InstanceId: "ins-guest002" });
        h.emu.advance(104);
        await new Promise((r) => setTimeout(r, 50));
        expect(await tcpProbe(lan, 22)).to.equal("ECONNREFUSED");
        h.emu.advance(1);
        expect(await eventually(() => httpProbe(lan, 8080), 503)).to.equal(503);
        expect(
            (await adminCall(h.emu.url, "POST", "guests", { instanceId: "ins-guest002", httpStatus: 99 })).status,
        ).to.equal(400);
        expect((await adminCall(h.emu.url, "POST", "guests", { httpStatus: 200 })).status).to.equal(400);
    });

    it("bootBroken (by image): the next boot ends with nothing listening; healthy: true brings the guest up without a reinstall", async () => {
        h.emu.seed([{ instanceId: "ins-broken01", imageId: "img-centos79" }]);
        const { lan } = ips("ins-broken01");
        h.emu.inject({ kind: "bootBroken", imageId: "img-ubun2204" });
        await h.client.api3("ResetInstance", { InstanceId: "ins-broken01", ImageId: "img-ubun2204" });
        h.emu.advance(100 + 30);
        await new Promise((r) => setTimeout(r, 50));
        expect(h.emu.instance("ins-broken01")?.guest.status).to.equal("broken");
        expect(await tcpProbe(lan, 22)).to.equal("ECONNREFUSED");
        expect((await h.client.api3("DescribeInstances", { InstanceIds: ["ins-broken01"] })).InstanceSet[0]).to.include(
            { InstanceState: "RUNNING", LatestOperationState: "SUCCESS" },
        );
        h.emu.configureGuest({ instanceId: "ins-broken01" }, { healthy: true });
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
        h.emu.clearFaults("bootBroken");
    });

    it("healthy: false on an image takes its running guests down and keeps its next boots broken", async () => {
        h.emu.seed([{ instanceId: "ins-sick0001", imageId: "img-centos79" }]);
        const { lan } = ips("ins-sick0001");
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
        h.emu.configureGuest({ imageId: "img-centos79" }, { healthy: false });
        expect(await eventually(() => tcpProbe(lan, 22), "ECONNREFUSED")).to.equal("ECONNREFUSED");
        await h.client.api3("ResetInstance", { InstanceId: "ins-sick0001" });
        h.emu.advance(200);
        await new Promise((r) => setTimeout(r, 50));
        expect(h.emu.instance("ins-sick0001")?.guest.status).to.equal("broken");
        h.emu.configureGuest({ imageId: "img-centos79" }, { healthy: true });
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
    });

    it("slowBoot adds `seconds` to the next boots of the instance", async () => {
        h.emu.seed([{ instanceId: "ins-slow0001", imageId: "img-centos79" }]);
        const { lan } = ips("ins-slow0001");
        h.emu.inject({ kind: "slowBoot", instanceId: "ins-slow0001", seconds: 300 });
        await h.client.api3("ResetInstance", { InstanceId: "ins-slow0001" });
        h.emu.advance(100 + 30 + 299);
        await new Promise((r) => setTimeout(r, 50));
        expect(await tcpProbe(lan, 22)).to.equal("ECONNREFUSED");
        h.emu.advance(1);
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
        h.emu.clearFaults();
    });

    it("boots on the running clock too: with clock speed 100 a 30 s boot opens the port within about 0.3 s", async () => {
        h.emu.seed([{ instanceId: "ins-fast0001", imageId: "img-centos79" }]);
        const { lan } = ips("ins-fast0001");
        await h.client.api3("ResetInstance", { InstanceId: "ins-fast0001" });
        h.emu.advance(100);
        h.emu.setClockSpeed(100);
        try {
            expect(await eventually(() => tcpProbe(lan, 22), "open", 3000)).to.equal("open");
        } finally {
            h.emu.setClockSpeed(0);
        }
    });

    it("closes a removed instance's listeners, and every listener when the emulator closes", async () => {
        h.emu.seed([{ instanceId: "ins-gone0001", imageId: "img-centos79" }]);
        const { lan } = ips("ins-gone0001");
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
        h.emu.removeInstance("ins-gone0001");
        expect(await eventually(() => tcpProbe(lan, 22), "ECONNREFUSED")).to.equal("ECONNREFUSED");

        const other = await startEmulator({ instances: [{ instanceId: "ins-close001" }] });
        const addr = other.instance("ins-close001")!.privateIp;
        expect(await eventually(() => tcpProbe(addr, 22), "open")).to.equal("open");
        await other.close();
        expect(await tcpProbe(addr, 22)).to.equal("ECONNREFUSED");
    });

    it("opens no listener at all with guestNetwork: false", async () => {
        const quiet = await startEmulator({ guestNetwork: false, instances: [{ instanceId: "ins-quiet001" }] });
        try {
            const addr = quiet.instance("ins-quiet001")!.privateIp;
            await new Promise((r) => setTimeout(r, 50));
            expect(await tcpProbe(addr, 22)).to.equal("ECONNREFUSED");
            expect(quiet.instance("ins-quiet001")?.guest.status).to.equal("up");
        } finally {
            await quiet.close();
        }
    });
});
