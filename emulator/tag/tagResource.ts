// Six-segment resource names (https://www.tencentcloud.com/document/product/598/10606):
// qcs:project_id:service_type:region:account:resource. The project segment is empty, the account
// is `uin/<owner uin>` or, as Terraform's tencentcloud provider writes it, `uin/` (the caller's own
// account). Only CVM instances can be tagged here.
import { EMULATOR_UIN } from "../credentials";

export interface TagResourceName {
    region: string;
    instanceId: string;
}

const PATTERN = /^qcs::([a-z]+):([a-z0-9-]+):uin\/(\d*):([a-z]+)\/([A-Za-z0-9-]+)$/;

export type ResourceProblem = { code: string; message: string };

/** Parses a CVM instance's resource name, or says why it is not one (with the Tag API's code). */
export function parseTagResource(name: string): TagResourceName | ResourceProblem {
    const m = PATTERN.exec(name);
    if (!m) {
        return {
            code: "InvalidParameterValue.ResourceDescriptionError",
            message: `${JSON.stringify(name)} is not a six-segment resource name such as qcs::cvm:ap-guangzhou:uin/:instance/ins-abcd1234`,
        };
    }
    const [, service, region, uin, prefix, id] = m;
    if (service !== "cvm" || prefix !== "instance") {
        return {
            code: "InvalidParameterValue.ResourceDescriptionError",
            message: `only cvm instances can be tagged in this emulator, got ${service}:${prefix}`,
        };
    }
    if (uin !== "" && uin !== EMULATOR_UIN) {
        return {
            code: "InvalidParameterValue.ResourceDescriptionError",
            message: `the account uin/${uin} is not this account (uin/${EMULATOR_UIN} or uin/)`,
        };
    }
    return { region, instanceId: id };
}

export function isProblem(value: TagResourceName | ResourceProblem): value is ResourceProblem {
    return "code" in value;
}
