import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderHost } from "../support/hostDriver";
import { pulumiSdkVersion, repoRoot } from "../support/paths";

/**
 * The matrix is only as honest as what it loads: scripts/test.sh names the configuration's
 * @pulumi/pulumi and Node.js (EXPECT_PULUMI_SDK_VERSION, EXPECT_NODE_VERSION), and the host layer
 * must run that SDK's own dynamic-provider host on that Node.js. Run by hand, the expectation is
 * the devDependency in package.json.
 */
describe("host layer: the @pulumi/pulumi and Node.js under test", function () {
    this.timeout(60_000);
    const root = repoRoot();
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
        devDependencies: Record<string, string>;
    };
    const expectedSdk = process.env.EXPECT_PULUMI_SDK_VERSION ?? manifest.devDependencies["@pulumi/pulumi"];

    it(`the host started by the harness is @pulumi/pulumi ${expectedSdk}'s cmd/dynamic-provider and answers Configure`, async () => {
        expect(pulumiSdkVersion(root)).to.equal(expectedSdk);
        const host = await ProviderHost.start();
        try {
            const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
            expect(fs.realpathSync(host.hostScript)).to.equal(
                fs.realpathSync(path.join(sdkDir, "cmd", "dynamic-provider", "index.js")),
            );
            await host.configure({});
        } finally {
            await host.stop();
        }
    });

    it("the tests and the host run on the Node.js of the configuration", async () => {
        if (process.env.EXPECT_NODE_VERSION) {
            expect(process.version).to.equal(`v${process.env.EXPECT_NODE_VERSION}`);
        } else {
            // Run by hand: any Node.js that package.json's engines field allows.
            expect(Number(process.versions.node.split(".")[0])).to.be.at.least(20);
        }
        const host = await ProviderHost.start();
        try {
            expect(fs.realpathSync(`/proc/${host.proc.pid}/exe`)).to.equal(fs.realpathSync(process.execPath));
        } finally {
            await host.stop();
        }
    });
});
