// What ResetInstance and InquiryPriceResetInstance share: their inputs (the latter has no
// HostName) and the image/instance compatibility rules, so that the price inquiry refuses exactly
// the incompatibilities a reset would (https://www.tencentcloud.com/document/product/213/33252).
import { Api3Error } from "./api3Error";
import type { Json, ParamReader } from "./api3Params";
import type { Cloud } from "./cloud";
import { type Image, IMAGE_ID_PATTERN } from "./images";
import type { Instance, InstanceState } from "./instance";
import { INSTANCE_ID_PATTERN } from "./instanceSeed";
import type { Region } from "./regions";

export interface ResetInputs {
    instanceId: string;
    imageId?: string;
    diskSize?: number;
    password?: string;
    keyIds?: string[];
    keepImageLogin: boolean;
    userData?: string;
}

/** UnsupportedOperation.InstanceState<…> per state a reset refuses. LAUNCH_FAILED -> Corrupted is our choice. */
export const RESET_STATE_ERROR: Partial<Record<InstanceState, string>> = {
    STARTING: "InstanceStateStarting",
    STOPPING: "InstanceStateStopping",
    REBOOTING: "InstanceStateRebooting",
    TERMINATING: "InstanceStateTerminating",
    LAUNCH_FAILED: "InstanceStateCorrupted",
};

/** System disk types that can switch between Linux and Windows (ResetInstance's documentation). */
const OS_SWITCH_DISKS = ["CLOUD_BASIC", "CLOUD_PREMIUM", "CLOUD_SSD", "CLOUD_BSSD"];

export function readResetInputs(params: Json, r: ParamReader): ResetInputs {
    const instanceId = r.string(params.InstanceId, "InstanceId");
    if (instanceId === undefined || instanceId === "")
        throw new Api3Error("MissingParameter", "the InstanceId parameter is required");
    if (!INSTANCE_ID_PATTERN.test(instanceId))
        throw new Api3Error("InvalidInstanceId.Malformed", `InstanceId ${instanceId} is malformed`);
    const imageId = r.string(params.ImageId, "ImageId");
    if (imageId !== undefined && !IMAGE_ID_PATTERN.test(imageId))
        throw new Api3Error("InvalidImageId.Malformed", `ImageId ${imageId} is malformed`);

    const disk = r.object(params.SystemDisk, "SystemDisk", [
        "DiskType",
        "DiskId",
        "DiskSize",
        "CdcId",
        "DiskName",
        "Encrypt",
        "KmsKeyId",
    ]);
    const diskSize = r.int(disk?.DiskSize, "SystemDisk.DiskSize");
    if (diskSize !== undefined && diskSize <= 0)
        throw new Api3Error("InvalidParameterValue", "SystemDisk.DiskSize must be a positive integer (GiB)");

    const login = r.object(params.LoginSettings, "LoginSettings", ["Password", "KeyIds", "KeepImageLogin"]);
    const password = r.string(login?.Password, "LoginSettings.Password");
    const keyIds = r.stringArray(login?.KeyIds, "LoginSettings.KeyIds");
    const keepRaw = r.string(login?.KeepImageLogin, "LoginSettings.KeepImageLogin");
    if (keepRaw !== undefined && !/^(true|false)$/i.test(keepRaw)) {
        throw new Api3Error("InvalidParameterValue", 'LoginSettings.KeepImageLogin must be "true" or "false"');
    }

    const enhanced = r.object(params.EnhancedService, "EnhancedService", [
        "SecurityService",
        "MonitorService",
        "AutomationService",
    ]);
    for (const service of ["SecurityService", "MonitorService", "AutomationService"]) {
        const s = r.object(enhanced?.[service], `EnhancedService.${service}`, ["Enabled"]);
        r.bool(s?.Enabled, `EnhancedService.${service}.Enabled`);
    }
    const userData = r.string(params.UserData, "UserData");
    return {
        instanceId,
        imageId,
        diskSize,
        password,
        keyIds,
        keepImageLogin: keepRaw?.toLowerCase() === "true",
        userData,
    };
}

/** The target image, once it is known to fit the instance; throws the documented code otherwise. */
export function checkImageForReset(
    cloud: Cloud,
    inst: Instance,
    input: ResetInputs,
    _region: Region | undefined,
): Image {
    const { store } = cloud;
    const image = store.image(input.imageId ?? inst.imageId);
    if (!image)
        throw new Api3Error("InvalidImageId.NotFound", `the image ${input.imageId ?? inst.imageId} does not exist`);
    const current = store.image(inst.imageId);
    if (image.architecture !== inst.architecture) {
        throw new Api3Error(
            "InvalidParameterValue.InvalidImageIdForRetsetInstance", // Tencent's spelling
            `the image ${image.imageId} (${image.architecture}) cannot reinstall the ${inst.architecture} instance ${inst.instanceId}`,
        );
    }
    if (image.licenseType !== inst.licenseType) {
        throw new Api3Error(
            "UnsupportedOperation.InvalidImageLicenseTypeForReset",
            `the image's licence type ${image.licenseType} does not match the instance's ${inst.licenseType}`,
        );
    }
    if (current && current.platform !== image.platform && !OS_SWITCH_DISKS.includes(inst.rootType)) {
        throw new Api3Error(
            "InvalidParameterValue.InvalidImageIdForRetsetInstance",
            `switching between Linux and Windows needs a cloud system disk (${OS_SWITCH_DISKS.join(", ")}), the instance has ${inst.rootType}`,
        );
    }
    const diskSize = input.diskSize;
    if (diskSize !== undefined && diskSize < inst.rootSize) {
        throw new Api3Error(
            "InvalidParameterValue",
            `the system disk cannot shrink: SystemDisk.DiskSize ${diskSize} GiB is smaller than the current ${inst.rootSize} GiB`,
        );
    }
    if ((diskSize ?? inst.rootSize) < image.imageSize) {
        throw new Api3Error(
            "InvalidParameterValue",
            `the image ${image.imageId} needs a system disk of at least ${image.imageSize} GiB`,
        );
    }
    return image;
}
