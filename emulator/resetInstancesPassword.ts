// ResetInstancesPassword (https://www.tencentcloud.com/document/api/213/33240): one password for up
// to 100 instances. A running instance needs ForceStop=true (else UnsupportedOperation.InstanceStateRunning);
// it then shows LatestOperation=ResetInstancesPassword, OPERATING, goes STOPPING -> STOPPED ->
// STARTING and, our choice where Tencent is silent, ends RUNNING again (it boots, so its guest
// listeners come back after the boot time); a stopped instance stays STOPPED. The whole batch is
// validated before any instance changes (partial-batch behaviour is undocumented).
import type { Api3Context } from "./api3Context";
import { Api3Error } from "./api3Error";
import { type Json, rejectUnknown } from "./api3Params";
import type { InstanceState } from "./instance";
import { INSTANCE_ID_PATTERN } from "./instanceSeed";
import { passwordProblem } from "./passwordRules";

const STATE_ERROR: Partial<Record<InstanceState, string>> = {
    STARTING: "InstanceStateStarting",
    STOPPING: "InstanceStateStopping",
    REBOOTING: "InstanceStateRebooting",
    TERMINATING: "InstanceStateTerminating",
};

export function resetInstancesPassword(ctx: Api3Context): Json {
    const { cloud, region, params, reader: r, requestId } = ctx;
    rejectUnknown(params, ["InstanceIds", "Password", "UserName", "ForceStop"]);
    const ids = r.stringArray(params.InstanceIds, "InstanceIds");
    if (ids === undefined || ids.length === 0) throw new Api3Error("MissingParameter", "InstanceIds is required");
    if (ids.length > 100)
        throw new Api3Error("InvalidParameterValue.LimitExceeded", "at most 100 InstanceIds per request");
    const password = r.string(params.Password, "Password");
    if (password === undefined || password === "") throw new Api3Error("MissingParameter", "Password is required");
    const userName = r.string(params.UserName, "UserName");
    if (userName !== undefined && userName.length > 64)
        throw new Api3Error("InvalidParameterValue.TooLong", "UserName may be at most 64 characters");
    const forceStop = r.bool(params.ForceStop, "ForceStop") ?? false;

    const instances = ids.map((id) => {
        if (!INSTANCE_ID_PATTERN.test(id))
            throw new Api3Error("InvalidInstanceId.Malformed", `InstanceId ${id} is malformed`);
        const inst = cloud.store.get(id, region?.long);
        if (!inst) throw new Api3Error("InvalidInstanceId.NotFound", `the instance ${id} does not exist`);
        return inst;
    });
    // A mixed batch follows the Windows rules.
    const windows = instances.some((i) => cloud.store.image(i.imageId)?.platform === "windows");
    const problem = passwordProblem(
        "passwordReset",
        windows ? "windows" : "linux",
        password,
        userName ?? (windows ? "Administrator" : undefined),
    );
    if (problem) throw new Api3Error("InvalidParameterValue.InvalidPassword", problem);

    for (const inst of instances) {
        if (inst.latestOperation === "ResetInstance" && inst.latestOperationState === "FAILED") {
            throw new Api3Error(
                "UnsupportedOperation.InstanceReinstallFailed",
                `the instance ${inst.instanceId} is in a reinstall-failed state: reinstall it again`,
            );
        }
        if (inst.latestOperationState === "OPERATING") {
            throw new Api3Error(
                "OperationDenied.InstanceOperationInProgress",
                `an operation on ${inst.instanceId} is still in progress`,
            );
        }
        const stateError = STATE_ERROR[inst.state];
        if (stateError)
            throw new Api3Error(
                `UnsupportedOperation.${stateError}`,
                `the instance state ${inst.state} does not allow this operation`,
            );
        if (inst.state === "LAUNCH_FAILED")
            throw new Api3Error("InvalidInstance.NotSupported", `the instance ${inst.instanceId} is faulty`);
        if (inst.state === "RUNNING" && !forceStop) {
            throw new Api3Error(
                "UnsupportedOperation.InstanceStateRunning",
                `the instance ${inst.instanceId} is running: stop it first or pass ForceStop=true`,
            );
        }
    }
    for (const inst of instances) cloud.store.startPasswordReset(inst, requestId);
    return {};
}
