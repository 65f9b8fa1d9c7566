import { expect } from "chai";
import { inspect } from "node:util";
import type { CvmErrorKind } from "../../../provider/cvm/errors";
import {
    CvmApiError,
    cvmErrorFromApi3,
    cvmErrorFromLegacy,
    CvmTransportError,
    ERROR_NAMES,
    isCvmApiError,
    isCvmError,
    isCvmTransportError,
    NO_LEGACY_CODE,
} from "../../../provider/cvm/errors";

const PASSWORD = "Sup3r$ecret!Pw";
const SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
const TOKEN = "temporary-session-token-xyz";
const SIGNATURE = "PSWUwVv4TfW2sQP1FT9KbbLjIZ9bmK8f1cL6fbpf3KI=";
const SECRETS = [PASSWORD, SECRET_KEY, TOKEN, SIGNATURE];

describe("errors", () => {
    describe("legacy classification", () => {
        const cases: Array<[number, string, CvmErrorKind]> = [
            [4100, "", "auth"],
            [4104, "", "auth"],
            [4105, "", "auth"],
            [4200, "", "auth"],
            [4500, "", "auth"],
            [4101, "", "permission"],
            [4102, "", "permission"],
            [4103, "", "permission"],
            [4110, "", "permission"],
            [4300, "", "permission"],
            [5300, "", "balance"],
            [5100, "OperationConstraints.AccountBalanceNotEnough", "balance"],
            [5100, "OperationConstraints.InvaildInstanceStatus", "instanceState"],
            [4400, "RequestLimitExceeded", "throttled"],
            [4400, "", "throttled"],
            [5100, "OperationFail.SystemBusy", "busy"],
            [6000, "", "internal"],
            [6000, "InternalError", "internal"],
            [6200, "", "internal"],
            [4000, "InvalidParameter.PasswordNotConformSpecs", "invalidParameter"],
            [4000, "IncorrectStatus.LBWrongStatus", "invalidParameter"],
            [5000, "", "notFound"],
            [5100, "OperationFail.AllResourceOpFailed", "failed"],
            [5100, "", "failed"],
            [6100, "", "unsupported"],
            [4106, "MFACheckFailed", "auth"],
            [4000, "InvalidParameter.InvalidRegion", "unsupportedRegion"],
            [9999, "Something.New", "other"],
        ];
        for (const [number, codeDesc, kind] of cases) {
            it(`classifies code ${number}${codeDesc ? ` / ${codeDesc}` : ""} as ${kind} (${ERROR_NAMES[kind]})`, () => {
                const e = cvmErrorFromLegacy({ code: number, message: "text", codeDesc }, "ResetInstances");
                expect(e.kind).to.equal(kind);
                expect(e.name).to.equal(ERROR_NAMES[kind]);
                expect(e.code).to.equal(
                    codeDesc || String(number),
                    "code is the codeDesc, else the number as a string",
                );
                expect(e.legacyCode).to.equal(number);
                expect(e.retryable).to.equal(kind === "throttled" || kind === "busy" || kind === "internal");
            });
        }

        it("reads a numeric code sent as a string", () => {
            const e = cvmErrorFromLegacy({ code: "4400", message: "slow down" }, "DescribeInstances");
            expect(e).to.include({ kind: "throttled", code: "4400", legacyCode: 4400 });
        });

        it("keeps the task id of a legacy error as requestId, number or string", () => {
            expect(cvmErrorFromLegacy({ code: 4400, requestId: 123 }, "X").requestId).to.equal("123");
            expect(cvmErrorFromLegacy({ code: 4400 }, "X").requestId).to.equal(undefined);
        });
    });

    describe("API 3.0 classification and legacy-equivalent codes", () => {
        const cases: Array<[string, CvmErrorKind, number]> = [
            ["OperationFail.SystemBusy", "busy", 5100],
            ["ResourceBusy", "busy", 5100],
            ["UnsupportedRegion", "unsupportedRegion", 6100],
            ["InvalidRegion.NotFound", "unsupportedRegion", 4000],
            ["AuthFailure", "auth", 4100],
            ["AuthFailure.SignatureFailure", "auth", 4100],
            ["AuthFailure.SecretIdNotFound", "auth", 4104],
            ["AuthFailure.SignatureExpire", "auth", 4200],
            ["AuthFailure.UnauthorizedOperation", "permission", 4101],
            ["UnauthorizedOperation", "permission", 4101],
            ["UnauthorizedOperation.MFAExpired", "permission", 4101],
            ["RequestLimitExceeded", "throttled", 4400],
            ["RequestLimitExceeded.UinLimitExceeded", "throttled", 4400],
            ["RequestLimitExceeded.IPLimitExceeded", "throttled", 4400],
            ["InvalidParameter", "invalidParameter", 4000],
            ["InvalidParameterValue.InvalidPassword", "invalidParameter", 4000],
            ["MissingParameter", "invalidParameter", 4000],
            ["UnknownParameter", "invalidParameter", 4000],
            ["InvalidImageId.NotFound", "invalidParameter", 4000],
            ["InvalidImageId.Malformed", "invalidParameter", 4000],
            ["InvalidInstanceId.Malformed", "invalidParameter", 4000],
            ["InvalidInstanceId.NotFound", "notFound", 5000],
            ["ResourceNotFound", "notFound", 5000],
            ["InvalidAccount.InsufficientBalance", "balance", 5300],
            ["InvalidAccount.UnpaidOrder", "balance", 5300],
            ["UnsupportedOperation.InstanceStateRebooting", "instanceState", 5100],
            ["UnsupportedOperation.InstanceStateShutdown", "instanceState", 5100],
            ["OperationDenied.InstanceOperationInProgress", "instanceState", 5100],
            ["MutexOperation.TaskRunning", "instanceState", 5100],
            ["InternalError", "internal", 6000],
            ["InternalError.TradeUnknownError", "internal", 6000],
            ["InternalServerError", "internal", 6000],
            ["ServiceUnavailable", "internal", 6200],
            ["FailedOperation", "failed", 5100],
            ["FailedOperation.InvalidInstanceApplicationRoleEmr", "failed", 5100],
            ["UnsupportedOperation", "unsupported", 6100],
            ["UnsupportedOperation.KeyPairUnsupportedWindows", "unsupported", 6100],
            ["InvalidAction", "unsupported", 6100],
            ["ActionOffline", "unsupported", 6100],
            ["SomethingBrandNew", "other", NO_LEGACY_CODE],
        ];
        for (const [errorCode, kind, legacy] of cases) {
            it(`classifies ${errorCode} as ${kind} with legacy code ${legacy}`, () => {
                const body = { Response: { Error: { Code: errorCode, Message: "m" }, RequestId: "req-1" } };
                const e = cvmErrorFromApi3(body, "ResetInstance", { instanceId: "ins-1" });
                expect(e.kind).to.equal(kind);
                expect(e.name).to.equal(ERROR_NAMES[kind]);
                expect(e.code).to.equal(errorCode);
                expect(e.legacyCode).to.equal(legacy);
                expect(e.requestId).to.equal("req-1");
                expect(e.action).to.equal("ResetInstance");
                expect(e.instanceId).to.equal("ins-1");
            });
        }
    });

    describe("messages", () => {
        it("names the config keys and env vars for auth failures", () => {
            const e = cvmErrorFromApi3(
                { Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "bad" }, RequestId: "r" } },
                "DescribeInstances",
            );
            for (const key of [
                "tencentcloud:secretId",
                "tencentcloud:secretKey",
                "TENCENTCLOUD_SECRET_ID",
                "TENCENTCLOUD_SECRET_KEY",
                "clock",
            ]) {
                expect(e.message).to.include(key);
            }
        });

        it("says what happened and what to do for every kind", () => {
            const expectations: Record<string, RegExp> = {
                OperationConstraints_AccountBalanceNotEnough: /top up the account/,
                OperationConstraints_InvaildInstanceStatus: /running or stopped with no operation in progress/,
                RequestLimitExceeded: /rate limit/,
            };
            for (const [codeDesc, advice] of Object.entries(expectations)) {
                const e = cvmErrorFromLegacy(
                    { code: 5100, codeDesc: codeDesc.replace("_", "."), message: "x" },
                    "ResetInstances",
                    { instanceId: "ins-9" },
                );
                expect(e.message).to.match(advice);
                expect(e.message).to.match(/^ResetInstances for ins-9 failed with /);
            }
        });

        it("names the region input and config key for UnsupportedRegion", () => {
            const e = cvmErrorFromApi3(
                { Response: { Error: { Code: "UnsupportedRegion", Message: "no such region" }, RequestId: "r" } },
                "DescribeInstances",
            );
            expect(e.name).to.equal("CvmUnsupportedRegionError");
            for (const key of ["`region`", "tencentcloud:region", "TENCENTCLOUD_REGION"])
                expect(e.message).to.include(key);
        });

        it("says an internal error on a write may have been applied", () => {
            const e = cvmErrorFromApi3(
                { Response: { Error: { Code: "InternalError", Message: "oops" }, RequestId: "r" } },
                "ResetInstance",
            );
            expect(e.name).to.equal("CvmInternalError");
            expect(e.message).to.match(/may or may not have been applied/);
        });

        it("shows a legacy error's number beside its codeDesc", () => {
            const e = cvmErrorFromLegacy(
                { code: 4400, codeDesc: "RequestLimitExceeded", message: "slow down" },
                "ResetInstances",
            );
            expect(e.message).to.match(/^ResetInstances failed with RequestLimitExceeded \(4400\): slow down\. /);
            expect(cvmErrorFromLegacy({ code: 6000, message: "" }, "X").message).to.match(/^X failed with 6000\. /);
        });

        it("includes the server's text, the code and the RequestId", () => {
            const e = cvmErrorFromApi3(
                {
                    Response: {
                        Error: { Code: "InvalidParameterValue.InvalidPassword", Message: "too short" },
                        RequestId: "abc-123",
                    },
                },
                "ResetInstance",
            );
            expect(e.message).to.include("InvalidParameterValue.InvalidPassword");
            expect(e.message).to.include("too short");
            expect(e.message).to.include("abc-123");
            expect(e.apiMessage).to.equal("too short");
        });
    });

    describe("secrets", () => {
        const echoing = `password ${PASSWORD} rejected; key ${SECRET_KEY}; token ${TOKEN}; sig ${encodeURIComponent(SIGNATURE)}`;
        const errors: Array<[string, Error]> = [
            [
                "legacy",
                cvmErrorFromLegacy(
                    { code: 4000, message: echoing, codeDesc: "InvalidParameter.PasswordNotConformSpecs" },
                    "ResetInstances",
                    { instanceId: "ins-1", secrets: SECRETS },
                ),
            ],
            [
                "API 3.0",
                cvmErrorFromApi3(
                    {
                        Response: {
                            Error: { Code: "InvalidParameterValue.InvalidPassword", Message: echoing },
                            RequestId: "r",
                        },
                    },
                    "ResetInstance",
                    { secrets: SECRETS },
                ),
            ],
        ];
        for (const [dialect, e] of errors) {
            it(`scrubs the password, secret key, token and signature from a ${dialect} error that echoes them`, () => {
                const renderings = [
                    e.message,
                    JSON.stringify(e),
                    inspect(e, { depth: 5, showHidden: true }),
                    String(e.stack),
                ];
                for (const text of renderings)
                    for (const secret of [...SECRETS, encodeURIComponent(SIGNATURE)])
                        expect(text).to.not.include(secret);
                expect(e.message).to.include("***");
            });
        }
    });

    describe("every error", () => {
        it("has a string code and a literal name", () => {
            const errors = [
                cvmErrorFromLegacy({ code: 4100 }, "X"),
                cvmErrorFromLegacy({ code: 5100, codeDesc: "OperationFail.SystemBusy" }, "X"),
                cvmErrorFromApi3({ Response: { Error: { Code: "SomethingBrandNew" } } }, "X"),
                new CvmTransportError({ code: "ECONNRESET", ambiguous: true, action: "X" }),
            ];
            for (const e of errors) {
                expect(e.code).to.be.a("string").and.not.equal("");
                expect(e.name).to.match(/^Cvm[A-Za-z]+Error$/);
            }
        });
    });

    describe("CvmTransportError", () => {
        it("carries a stable name, code and ambiguity", () => {
            const e = new CvmTransportError({
                code: "ECONNRESET",
                ambiguous: true,
                action: "ResetInstances",
                instanceId: "ins-1",
            });
            expect(e.name).to.equal("CvmTransportError");
            expect(e.code).to.equal("ECONNRESET");
            expect(e.ambiguous).to.equal(true);
            expect(e.message).to.match(/read the instance before trying again/);
            const refused = new CvmTransportError({
                code: "ECONNREFUSED",
                ambiguous: false,
                action: "DescribeInstances",
            });
            expect(refused.message).to.match(/Nothing was sent/);
        });
    });

    describe("brand checks", () => {
        it("recognises both error classes and rejects look-alikes", () => {
            const api = cvmErrorFromLegacy({ code: 4100 }, "X");
            const transport = new CvmTransportError({ code: "ETIMEDOUT", ambiguous: true, action: "X" });
            expect(isCvmError(api)).to.equal(true);
            expect(isCvmError(transport)).to.equal(true);
            expect(isCvmApiError(api)).to.equal(true);
            expect(isCvmApiError(transport)).to.equal(false);
            expect(isCvmTransportError(transport)).to.equal(true);
            expect(isCvmError(new Error("x"))).to.equal(false);
            expect(isCvmError({ name: "CvmAuthError" })).to.equal(false);
            expect(isCvmError(null)).to.equal(false);
        });

        it("recognises an error from another copy of the module by its brand", () => {
            const foreign = Object.assign(new Error("x"), {
                __cvmError: true,
                name: "CvmThrottledError",
                kind: "throttled",
            });
            expect(isCvmError(foreign)).to.equal(true);
            expect(isCvmApiError(foreign)).to.equal(true);
        });

        it("is an Error with a stack", () => {
            const e = new CvmApiError({
                kind: "internal",
                code: "InternalError",
                legacyCode: 6000,
                apiMessage: "",
                action: "X",
            });
            expect(e).to.be.instanceOf(Error);
            expect(e.stack).to.be.a("string");
        });
    });
});
