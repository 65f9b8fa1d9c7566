// Tag API 3.0 (tag.tencentcloudapi.com, Version 2018-08-13; https://www.tencentcloud.com/document/product/651/33003):
// ModifyResourceTags, TagResources and DescribeResourceTagsByResourceIds, for CVM instances.
// Tags written here are the instance's own: DescribeInstances returns them at once (propagation
// delay is undocumented; a readLag fault models one).
import type { Api3Context, Api3Service } from "../api3Context";
import { Api3Error } from "../api3Error";
import { type Json, type ParamReader, rejectUnknown } from "../api3Params";
import type { Instance, InstanceTag } from "../instance";
import { isProblem, parseTagResource } from "./tagResource";
import {
    MAX_TAGS_PER_REQUEST,
    MAX_TAGS_PER_RESOURCE,
    type TagProblem,
    tagKeyProblem,
    tagValueProblem,
} from "./tagRules";

export const TAG_VERSION = "2018-08-13";

function fail(problem: TagProblem): never {
    throw new Api3Error(problem.code, problem.message);
}

function readTags(r: ParamReader, value: unknown, name: string, allowEmptyValue: boolean): InstanceTag[] | undefined {
    const list = r.array(value, name);
    if (list === undefined) return undefined;
    return list.map((item, i) => {
        const tag = r.object(item, `${name}.${i}`, ["TagKey", "TagValue", "Category"]);
        const key = r.string(tag?.TagKey, `${name}.${i}.TagKey`);
        const val = r.string(tag?.TagValue, `${name}.${i}.TagValue`);
        if (key === undefined) throw new Api3Error("MissingParameter", `${name}.${i}.TagKey is required`);
        if (val === undefined) throw new Api3Error("MissingParameter", `${name}.${i}.TagValue is required`);
        const keyProblem = tagKeyProblem(key);
        if (keyProblem) fail(keyProblem);
        if (val === "" && !allowEmptyValue)
            throw new Api3Error("InvalidParameterValue.TagValueEmpty", `${name}.${i}.TagValue may not be empty`);
        const valueProblem = tagValueProblem(val);
        if (valueProblem) fail(valueProblem);
        return { key, value: val };
    });
}

function instanceFor(ctx: Api3Context, resource: string): Instance {
    const parsed = parseTagResource(resource);
    if (isProblem(parsed)) fail(parsed);
    const inst = ctx.cloud.store.get(parsed.instanceId, parsed.region);
    // Our choice: tagging a resource that does not exist fails (the Tag API lists FailedOperation).
    if (!inst) throw new Api3Error("FailedOperation", `the resource ${resource} does not exist`);
    return inst;
}

function checkQuota(inst: Instance, adding: readonly InstanceTag[], removing: readonly string[] = []): void {
    const keys = new Set(inst.tags.map((t) => t.key).filter((k) => !removing.includes(k)));
    for (const t of adding) keys.add(t.key);
    if (keys.size > MAX_TAGS_PER_RESOURCE) {
        throw new Api3Error(
            "LimitExceeded.ResourceAttachedTags",
            `a resource has at most ${MAX_TAGS_PER_RESOURCE} tags (this change would make ${keys.size})`,
        );
    }
}

function modifyResourceTags(ctx: Api3Context): Json {
    const { params, reader: r } = ctx;
    rejectUnknown(params, ["Resource", "ReplaceTags", "DeleteTags"]);
    const resource = r.string(params.Resource, "Resource");
    if (resource === undefined || resource === "")
        throw new Api3Error("MissingParameter", "the Resource parameter is required");
    const replace = readTags(r, params.ReplaceTags, "ReplaceTags", true);
    const deleteList = r.array(params.DeleteTags, "DeleteTags");
    const remove = deleteList?.map((item, i) => {
        const obj = r.object(item, `DeleteTags.${i}`, ["TagKey"]);
        const key = r.string(obj?.TagKey, `DeleteTags.${i}.TagKey`);
        if (key === undefined || key === "")
            throw new Api3Error("InvalidParameterValue.TagKeyEmpty", `DeleteTags.${i}.TagKey may not be empty`);
        return key;
    });
    if (replace === undefined && remove === undefined)
        throw new Api3Error("MissingParameter", "give ReplaceTags, DeleteTags or both");
    if (replace?.length === 0 || remove?.length === 0)
        throw new Api3Error("InvalidParameter.Tag", "ReplaceTags and DeleteTags may not be empty when given");
    if ((replace?.length ?? 0) > MAX_TAGS_PER_REQUEST || (remove?.length ?? 0) > MAX_TAGS_PER_REQUEST) {
        throw new Api3Error(
            "InvalidParameter.Tag",
            `at most ${MAX_TAGS_PER_REQUEST} tags in ReplaceTags and in DeleteTags`,
        );
    }
    const replaceKeys = (replace ?? []).map((t) => t.key);
    if (new Set(replaceKeys).size !== replaceKeys.length)
        throw new Api3Error("InvalidParameter.Tag", "ReplaceTags names a key twice");
    if ((remove ?? []).some((k) => replaceKeys.includes(k))) {
        throw new Api3Error(
            "InvalidParameterValue.DeleteTagsParamError",
            "DeleteTags may not name a key that ReplaceTags sets",
        );
    }
    const inst = instanceFor(ctx, resource);
    checkQuota(inst, replace ?? [], remove ?? []);
    ctx.cloud.store.writeTags(inst, replace ?? [], remove ?? []);
    return {};
}

function tagResources(ctx: Api3Context): Json {
    const { params, reader: r } = ctx;
    rejectUnknown(params, ["ResourceList", "Tags"]);
    const resources = r.stringArray(params.ResourceList, "ResourceList");
    if (resources === undefined || resources.length === 0)
        throw new Api3Error("MissingParameter", "ResourceList needs 1 to 10 resource names");
    if (resources.length > 10)
        throw new Api3Error("LimitExceeded.ResourceNumPerRequest", "at most 10 resources per request");
    const tags = readTags(r, params.Tags, "Tags", false);
    if (tags === undefined || tags.length === 0) throw new Api3Error("MissingParameter", "Tags needs 1 to 10 tags");
    if (tags.length > MAX_TAGS_PER_REQUEST)
        throw new Api3Error("LimitExceeded.TagNumPerRequest", `at most ${MAX_TAGS_PER_REQUEST} tags per request`);
    const keys = tags.map((t) => t.key);
    if (new Set(keys).size !== keys.length)
        throw new Api3Error("InvalidParameterValue.TagKeyDuplicate", "Tags names a key twice");
    // Per-resource failures are reported inside a successful response.
    const failed: { Resource: string; Code: string; Message: string }[] = [];
    for (const resource of resources) {
        try {
            const inst = instanceFor(ctx, resource);
            checkQuota(inst, tags);
            ctx.cloud.store.writeTags(inst, tags, []);
        } catch (err) {
            if (!(err instanceof Api3Error)) throw err;
            failed.push({ Resource: resource, Code: err.code, Message: err.message });
        }
    }
    return { FailedResources: failed };
}

function describeResourceTagsByResourceIds(ctx: Api3Context): Json {
    const { params, reader: r, cloud } = ctx;
    rejectUnknown(params, [
        "ServiceType",
        "ResourcePrefix",
        "ResourceIds",
        "ResourceRegion",
        "Offset",
        "Limit",
        "Category",
    ]);
    const service = r.string(params.ServiceType, "ServiceType");
    const prefix = r.string(params.ResourcePrefix, "ResourcePrefix");
    const region = r.string(params.ResourceRegion, "ResourceRegion");
    const ids = r.stringArray(params.ResourceIds, "ResourceIds");
    if (service === undefined || prefix === undefined || region === undefined || ids === undefined) {
        throw new Api3Error(
            "MissingParameter",
            "ServiceType, ResourcePrefix, ResourceIds and ResourceRegion are required",
        );
    }
    if (service !== "cvm")
        throw new Api3Error(
            "InvalidParameterValue.ServiceTypeInvalid",
            `ServiceType ${service} is not supported here (cvm)`,
        );
    if (prefix !== "instance")
        throw new Api3Error(
            "InvalidParameterValue.ResourcePrefixInvalid",
            `ResourcePrefix ${prefix} is not supported here (instance)`,
        );
    if (!cloud.store.list().some((i) => i.region.long === region) && !/^[a-z]{2}-[a-z]+(-[a-z]+)?$/.test(region)) {
        throw new Api3Error("InvalidParameterValue.RegionInvalid", `ResourceRegion ${region} is not a region`);
    }
    if (ids.length === 0 || ids.length > 50)
        throw new Api3Error("InvalidParameterValue.ResourceIdInvalid", "ResourceIds needs 1 to 50 ids");
    const limit = r.int(params.Limit, "Limit") ?? 15;
    const offset = r.int(params.Offset, "Offset") ?? 0;
    if (limit < 1 || offset < 0 || offset % limit !== 0)
        throw new Api3Error("InvalidParameterValue", "Offset must be a multiple of Limit (Limit >= 1)");
    const rows = ids.flatMap((id) => {
        const inst = cloud.store.get(id, region);
        return (inst?.tags ?? []).map((t) => ({
            TagKey: t.key,
            TagValue: t.value,
            ResourceId: id,
            ServiceType: "cvm",
            Category: "Custom",
        }));
    });
    return { TotalCount: rows.length, Offset: offset, Limit: limit, Tags: rows.slice(offset, offset + limit) };
}

export const TAG_SERVICE: Api3Service = {
    name: "tag",
    version: TAG_VERSION,
    actions: {
        ModifyResourceTags: modifyResourceTags,
        TagResources: tagResources,
        DescribeResourceTagsByResourceIds: describeResourceTagsByResourceIds,
    },
};
