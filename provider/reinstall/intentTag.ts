/**
 * The record of an intent kept on the instance itself, written before every reset: the next run on
 * any machine reads it back with `DescribeInstances` (which returns `Tags` on every instance) and
 * can tell its own earlier reset from someone else's. Written with the Tag API's
 * `ModifyResourceTags` (https://www.tencentcloud.com/document/api/651/35320).
 *
 * Value: `v1;i=<digest>;r0=<LatestOperationRequestId before the reset or ->;t=<epoch s>[;s=refused|done][;rq=<request id>]`,
 * within the tag value rules (https://www.tencentcloud.com/document/product/651/13354).
 */
export const INTENT_TAG_KEY = "pulumi-cvm-reinstall";

export interface IntentTag {
    intent: string;
    /** The instance's `LatestOperationRequestId` as the pre-flight read saw it (undefined: none). */
    baselineRequestId?: string;
    /** When the attempt was signed, epoch ms (second precision). */
    signedAt: number;
    /** `refused`: the API refused the attempt, it did nothing; `done`: the reset `requestId` was verified. */
    status?: "refused" | "done";
    requestId?: string;
}

export function formatIntentTag(tag: IntentTag): string {
    const parts = [
        "v1",
        `i=${tag.intent}`,
        `r0=${tag.baselineRequestId ?? "-"}`,
        `t=${Math.ceil(tag.signedAt / 1000)}`,
    ];
    if (tag.status) parts.push(`s=${tag.status}`);
    if (tag.requestId) parts.push(`rq=${tag.requestId}`);
    return parts.join(";");
}

export function parseIntentTag(value: string | undefined): IntentTag | undefined {
    if (!value) return undefined;
    const [version, ...fields] = value.split(";");
    if (version !== "v1") return undefined;
    const map = new Map(fields.map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)]));
    const intent = map.get("i");
    const t = Number(map.get("t"));
    if (!intent || !Number.isFinite(t)) return undefined;
    const r0 = map.get("r0");
    const status = map.get("s");
    const requestId = map.get("rq");
    return {
        intent,
        ...(r0 && r0 !== "-" ? { baselineRequestId: r0 } : {}),
        signedAt: t * 1000,
        ...(status === "refused" || status === "done" ? { status } : {}),
        ...(requestId ? { requestId } : {}),
    };
}
