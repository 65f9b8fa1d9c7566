// Tag key/value rules (https://www.tencentcloud.com/document/product/651/13354): keys 1-127 and
// values 0-255 characters, case-sensitive, no leading or trailing spaces, letters (any script),
// digits, spaces and + - = . _ : / @ ( ) [ ] , ; > < (and the full-width 【 】 ：); reserved key
// prefixes qcs:, project, 项目 (the SDK's error text adds qcloud and tencent); at most 50 tags per
// resource and 10 per request.

export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAGS_PER_REQUEST = 10;

const ALLOWED = /^[\p{L}\p{N} +\-=._:/@()[\],;><【】：]*$/u;
const RESERVED = [/^qcs:/i, /^project/i, /^项目/, /^qcloud/i, /^tencent/i];

export interface TagProblem {
    code: string;
    message: string;
}

export function tagKeyProblem(key: string): TagProblem | undefined {
    if (key === "") return { code: "InvalidParameterValue.TagKeyEmpty", message: "a tag key may not be empty" };
    if ([...key].length > 127)
        return { code: "InvalidParameterValue.TagKeyLengthExceeded", message: "a tag key has at most 127 characters" };
    if (!ALLOWED.test(key) || key !== key.trim()) {
        return {
            code: "InvalidParameterValue.TagKeyCharacterIllegal",
            message: `the tag key ${JSON.stringify(key)} has a character that is not allowed (or a leading/trailing space)`,
        };
    }
    if (RESERVED.some((r) => r.test(key))) {
        return {
            code: "InvalidParameter.ReservedTagKey",
            message: `the tag key ${JSON.stringify(key)} uses a reserved prefix (qcs:, project, 项目, qcloud, tencent)`,
        };
    }
    return undefined;
}

export function tagValueProblem(value: string): TagProblem | undefined {
    if ([...value].length > 255)
        return {
            code: "InvalidParameterValue.TagValueLengthExceeded",
            message: "a tag value has at most 255 characters",
        };
    if (!ALLOWED.test(value) || value !== value.trim()) {
        return {
            code: "InvalidParameterValue.TagValueCharacterIllegal",
            message: "a tag value has a character that is not allowed (or a leading/trailing space)",
        };
    }
    return undefined;
}
