// InquiryPriceResetInstance (https://www.tencentcloud.com/document/product/213/33252): the price
// of a reinstall, with no side effect. It takes ResetInstance's inputs minus HostName (sending
// HostName is an UnknownParameter, our choice) and refuses the same image/instance
// incompatibilities; it does not look at the instance's state, the password or the balance.
// A Linux<->Windows switch cannot be quoted for an instance outside the Chinese mainland.
import type { Api3Context } from "./api3Context";
import { Api3Error } from "./api3Error";
import { type Json, rejectUnknown } from "./api3Params";
import { checkImageForReset, readResetInputs } from "./resetInputs";

/** Postpaid hourly list prices in CNY (illustrative; the shape follows the official example). */
const PER_CPU_HOUR = 0.12;
const PER_GIB_HOUR = 0.06;
const WINDOWS_LICENCE_HOUR = 0.1;

export function inquiryPriceResetInstance(ctx: Api3Context): Json {
    const { cloud, region, params, reader: r } = ctx;
    rejectUnknown(params, ["InstanceId", "ImageId", "SystemDisk", "LoginSettings", "EnhancedService", "UserData"]);
    const input = readResetInputs(params, r);
    const inst = cloud.store.get(input.instanceId, region?.long);
    if (!inst) throw new Api3Error("InvalidInstanceId.NotFound", `the instance ${input.instanceId} does not exist`);
    const image = checkImageForReset(cloud, inst, input, region);
    const current = cloud.store.image(inst.imageId);
    if (current && current.platform !== image.platform && inst.region.overseas) {
        throw new Api3Error(
            "InvalidParameterValue.InvalidImageOsName",
            `the price of switching between Linux and Windows cannot be quoted for an instance outside the Chinese mainland (${inst.region.long})`,
        );
    }
    const unit =
        Math.round(
            (inst.cpu * PER_CPU_HOUR +
                inst.memory * PER_GIB_HOUR +
                (image.platform === "windows" ? WINDOWS_LICENCE_HOUR : 0)) *
                100,
        ) / 100;
    return {
        Price: { InstancePrice: { UnitPrice: unit, ChargeUnit: "HOUR", UnitPriceDiscount: unit, Discount: 100 } },
    };
}
