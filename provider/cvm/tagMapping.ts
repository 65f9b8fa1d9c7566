/**
 * Pure wire mapping for the Tag API (`2018-08-13`): a CVM instance's six-segment resource name and
 * the `ModifyResourceTags` bodies that upsert tags on it
 * (https://www.tencentcloud.com/document/product/651/33003).
 */

export const TAG_VERSION = "2018-08-13";
/** `ReplaceTags` takes at most 10 entries per call. */
const TAG_BATCH = 10;

/**
 * `qcs::cvm:<region>:uin/:instance/<id>`: the account segment is left empty (the caller's own
 * account), as Terraform's tencentcloud provider builds it (`BuildTagResourceName`).
 */
export function cvmTagResource(region: string, instanceId: string): string {
    return `qcs::cvm:${region}:uin/:instance/${instanceId}`;
}

/**
 * One `ModifyResourceTags` body per 10 tags. Keys 1–127 and values 1–255 characters, the Tag API's
 * limits (https://www.tencentcloud.com/document/product/651/13354): anything else is the caller's
 * mistake and throws before any call.
 */
export function modifyResourceTagsBodies(
    resource: string,
    tags: Readonly<Record<string, string>>,
): Record<string, unknown>[] {
    const entries = Object.entries(tags);
    for (const [key, value] of entries) {
        if (key.length < 1 || key.length > 127) throw new RangeError(`tag key "${key}" must be 1–127 characters`);
        if (value.length < 1 || value.length > 255)
            throw new RangeError(`tag "${key}" needs a value of 1–255 characters`);
    }
    const bodies: Record<string, unknown>[] = [];
    for (let i = 0; i < entries.length; i += TAG_BATCH) {
        const replaceTags = entries.slice(i, i + TAG_BATCH).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
        bodies.push({ Resource: resource, ReplaceTags: replaceTags });
    }
    return bodies;
}
