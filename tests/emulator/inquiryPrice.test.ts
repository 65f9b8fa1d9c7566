import { expect } from "chai";
import { useEmulator } from "./harness";

describe("emulator: InquiryPriceResetInstance (a side-effect-free dry run of ResetInstance)", () => {
    const h = useEmulator({
        clockSpeed: 0,
        guestNetwork: false,
        instances: [
            { instanceId: "ins-price001", rootSize: 50 },
            { instanceId: "ins-pricehk1", region: "ap-hongkong" },
            { instanceId: "ins-pricelo1", rootType: "LOCAL_BASIC" },
            { instanceId: "ins-priceop1" },
        ],
    });
    const inquire = (body: Record<string, unknown>, region = "ap-guangzhou") =>
        h.client.api3("InquiryPriceResetInstance", body, { region });

    it("answers the documented price shape (postpaid: UnitPrice, ChargeUnit HOUR, UnitPriceDiscount, Discount 100) and changes nothing", async () => {
        const r = await inquire({
            InstanceId: "ins-price001",
            ImageId: "img-ubun2204",
            SystemDisk: { DiskSize: 60 },
            LoginSettings: { Password: "x" },
        });
        expect(r.Error).to.equal(undefined);
        const price = r.Price.InstancePrice;
        expect(price).to.include({ ChargeUnit: "HOUR", Discount: 100 });
        expect(price.UnitPrice).to.be.a("number").and.be.greaterThan(0);
        expect(price.UnitPriceDiscount).to.equal(price.UnitPrice);
        expect(r.Price.BandwidthPrice).to.equal(undefined);
        expect(h.emu.instance("ins-price001")).to.include({
            imageId: "img-centos79",
            rootSize: 50,
            latestOperation: null,
        });
        expect(h.emu.record().totalResets).to.equal(0);
    });

    it("quotes a Windows image higher than Linux (licence), and needs no state check: it quotes an instance that is reinstalling", async () => {
        const linux = (await inquire({ InstanceId: "ins-priceop1" })).Price.InstancePrice.UnitPrice;
        await h.client.api3("ResetInstance", { InstanceId: "ins-priceop1" });
        const windows = await inquire({ InstanceId: "ins-priceop1", ImageId: "img-win2022d" });
        expect(windows.Error).to.equal(undefined);
        expect(windows.Price.InstancePrice.UnitPrice).to.be.greaterThan(linux);
    });

    for (const [what, body, code, region] of [
        ["an unknown image", { InstanceId: "ins-price001", ImageId: "img-nothere1" }, "InvalidImageId.NotFound"],
        ["a malformed image id", { InstanceId: "ins-price001", ImageId: "image-1" }, "InvalidImageId.Malformed"],
        ["a malformed instance id", { InstanceId: "ins-1122" }, "InvalidInstanceId.Malformed"],
        ["an unknown instance", { InstanceId: "ins-nothere1" }, "InvalidInstanceId.NotFound"],
        [
            "an arm image for an x86_64 instance",
            { InstanceId: "ins-price001", ImageId: "img-ubuarm64" },
            "InvalidParameterValue.InvalidImageIdForRetsetInstance",
        ],
        [
            "a BYOL image for a TencentCloud-licensed instance",
            { InstanceId: "ins-price001", ImageId: "img-byolwin1" },
            "UnsupportedOperation.InvalidImageLicenseTypeForReset",
        ],
        [
            "a Linux to Windows switch on a local system disk",
            { InstanceId: "ins-pricelo1", ImageId: "img-win2022d" },
            "InvalidParameterValue.InvalidImageIdForRetsetInstance",
        ],
        [
            "a Linux to Windows switch outside the mainland (ap-hongkong)",
            { InstanceId: "ins-pricehk1", ImageId: "img-win2022d" },
            "InvalidParameterValue.InvalidImageOsName",
            "ap-hongkong",
        ],
        [
            "a shrinking system disk",
            { InstanceId: "ins-price001", SystemDisk: { DiskSize: 40 } },
            "InvalidParameterValue",
        ],
        [
            "HostName (ResetInstance takes it, the inquiry does not)",
            { InstanceId: "ins-price001", HostName: "web-1" },
            "UnknownParameter",
        ],
    ] as const) {
        it(`refuses ${what} with ${code}`, async () => {
            expect((await inquire(body, region)).Error.Code).to.equal(code);
        });
    }

    it("quotes a Linux to Linux reinstall outside the mainland", async () => {
        expect((await inquire({ InstanceId: "ins-pricehk1", ImageId: "img-ubun2204" }, "ap-hongkong")).Error).to.equal(
            undefined,
        );
    });

    it("ResetInstance refuses the same incompatibilities with the same codes", async () => {
        expect(
            (await h.client.api3("ResetInstance", { InstanceId: "ins-price001", ImageId: "img-ubuarm64" })).Error.Code,
        ).to.equal("InvalidParameterValue.InvalidImageIdForRetsetInstance");
        expect(
            (await h.client.api3("ResetInstance", { InstanceId: "ins-price001", ImageId: "img-byolwin1" })).Error.Code,
        ).to.equal("UnsupportedOperation.InvalidImageLicenseTypeForReset");
        expect(h.emu.instance("ins-price001")?.history).to.have.length(0);
    });

    it("answers UnsupportedRegion for a region that does not exist, and accepts a real newer one", async () => {
        expect((await inquire({ InstanceId: "ins-price001" }, "ap-atlantis")).Error.Code).to.equal("UnsupportedRegion");
        expect((await h.client.api3("DescribeInstances", {}, { region: "ap-tokyo" })).TotalCount).to.equal(0);
    });
});
