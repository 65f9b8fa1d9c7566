// The error codes Tencent documents per action. The Node SDK does not list them; its generated Go
// sibling does, per action, in each client's method comments:
// https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/cvm/v20170312/client.go
// https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/tat/v20201028/client.go
// https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/tag/v20180813/client.go
// plus the common codes every action may return (https://www.tencentcloud.com/document/api/213/33281).

export const COMMON_CODES = [
  "ActionOffline", "AuthFailure.InvalidAuthorization", "AuthFailure.InvalidSecretId", "AuthFailure.MFAFailure", "AuthFailure.SecretIdNotFound",
  "AuthFailure.SignatureExpire", "AuthFailure.SignatureFailure", "AuthFailure.TokenFailure", "AuthFailure.UnauthorizedOperation", "DryRunOperation",
  "FailedOperation", "InternalError", "InvalidAction", "InvalidParameter", "InvalidParameterValue", "InvalidRequest", "IpInBlacklist",
  "IpNotInWhitelist", "LimitExceeded", "MissingParameter", "NoSuchProduct", "NoSuchVersion", "RequestLimitExceeded",
  "RequestLimitExceeded.GlobalRegionUinLimitExceeded", "RequestLimitExceeded.IPLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
  "RequestSizeLimitExceeded", "ResourceInUse", "ResourceInsufficient", "ResourceNotFound", "ResourceUnavailable", "ResponseSizeLimitExceeded",
  "ServiceUnavailable", "UnauthorizedOperation", "UnknownParameter", "UnsupportedOperation", "UnsupportedProtocol", "UnsupportedRegion",
];

const STATE_CODES = [
  "Corrupted", "EnterRescueMode", "EnterServiceLiveMigrate", "ExitRescueMode", "ExitServiceLiveMigrate", "Freezing", "Isolating", "Pending",
  "Rebooting", "RescueMode", "ServiceLiveMigrate", "Shutdown", "Starting", "Stopping", "Terminated", "Terminating",
].map((s) => `UnsupportedOperation.InstanceState${s}`);

export const ACTION_CODES: Readonly<Record<string, readonly string[]>> = {
  ResetInstance: [
    "FailedOperation.InvalidInstanceApplicationRoleEmr", "InternalError.TradeUnknownError", "InternalServerError", "InvalidAccount.InsufficientBalance",
    "InvalidAccount.UnpaidOrder", "InvalidImageId.Malformed", "InvalidImageId.NotFound", "InvalidInstance.NotSupported", "InvalidInstanceId.Malformed",
    "InvalidInstanceId.NotFound", "InvalidInstanceType.Malformed", "InvalidParameter.HostNameIllegal", "InvalidParameter.InstanceImageNotSupport",
    "InvalidParameter.ParameterConflict", "InvalidParameterValue", "InvalidParameterValue.IllegalHostName", "InvalidParameterValue.InstanceIdMalformed",
    "InvalidParameterValue.InstanceTypeNotFound", "InvalidParameterValue.InvalidImageForGivenInstanceType", "InvalidParameterValue.InvalidImageFormat",
    "InvalidParameterValue.InvalidImageId", "InvalidParameterValue.InvalidImageIdForRetsetInstance", "InvalidParameterValue.InvalidImageState",
    "InvalidParameterValue.InvalidPassword", "InvalidParameterValue.InvalidUserDataFormat", "InvalidParameterValue.KeyPairNotFound",
    "InvalidParameterValue.LimitExceeded", "MissingParameter", "MissingParameter.MonitorService", "MutexOperation.TaskRunning",
    "OperationDenied.ChcInstallCloudImageWithoutDeployNetwork", "OperationDenied.InstanceOperationInProgress", "ResourceInUse",
    "ResourceInsufficient.CloudDiskSoldOut", "ResourcesSoldOut.SpecifiedInstanceType", "UnauthorizedOperation.InvalidToken",
    "UnauthorizedOperation.MFAExpired", "UnauthorizedOperation.MFANotFound", "UnsupportedOperation.InstanceChargeType", ...STATE_CODES,
    "UnsupportedOperation.InvalidImageLicenseTypeForReset", "UnsupportedOperation.KeyPairUnsupportedWindows",
    "UnsupportedOperation.ModifyEncryptionNotSupported", "UnsupportedOperation.RawLocalDiskInsReinstalltoQcow2", "UnsupportedOperation.StoppedModeStopCharging",
  ],
  InquiryPriceResetInstance: [
    "FailedOperation.InquiryPriceFailed", "InternalError.TradeUnknownError", "InternalServerError", "InvalidImageId.Malformed", "InvalidImageId.NotFound",
    "InvalidInstance.NotSupported", "InvalidInstanceId.Malformed", "InvalidInstanceId.NotFound", "InvalidParameterValue",
    "InvalidParameterValue.InstanceIdMalformed", "InvalidParameterValue.InstanceTypeNotFound", "InvalidParameterValue.InvalidImageId",
    "InvalidParameterValue.InvalidImageIdForRetsetInstance", "InvalidParameterValue.InvalidImageOsName", "InvalidParameterValue.ZoneNotSupported",
    "MissingParameter", "MissingParameter.MonitorService", "ResourceInsufficient.CloudDiskUnavailable", "ResourcesSoldOut.SpecifiedInstanceType",
    "UnsupportedOperation.InstanceTypeNotSupportGridLicence", "UnsupportedOperation.InvalidImageLicenseTypeForReset",
    "UnsupportedOperation.ModifyEncryptionNotSupported", "UnsupportedOperation.RawLocalDiskInsReinstalltoQcow2",
  ],
  ResetInstancesPassword: [
    "FailedOperation.InvalidInstanceApplicationRole", "InternalServerError", "InvalidInstance.NotSupported", "InvalidInstanceId.Malformed",
    "InvalidInstanceId.NotFound", "InvalidParameterValue", "InvalidParameterValue.InstanceIdMalformed", "InvalidParameterValue.InvalidPassword",
    "InvalidParameterValue.LimitExceeded", "InvalidParameterValue.TooLong", "MissingParameter", "MutexOperation.TaskRunning",
    "OperationDenied.InstanceOperationInProgress", "UnauthorizedOperation.MFAExpired", "UnauthorizedOperation.MFANotFound",
    "UnsupportedOperation.InstanceReinstallFailed", ...STATE_CODES, "UnsupportedOperation.InstanceStateRunning", "UnsupportedOperation.SpecialInstanceType",
    "UnsupportedOperation.StoppedModeStopCharging",
  ],
  DescribeInstances: [
    "FailedOperation.IllegalTagKey", "FailedOperation.IllegalTagValue", "FailedOperation.TagKeyReserved", "InternalServerError", "InvalidFilter",
    "InvalidFilterValue.LimitExceeded", "InvalidHostId.Malformed", "InvalidInstanceId.Malformed", "InvalidParameter", "InvalidParameterValue",
    "InvalidParameterValue.IPAddressMalformed", "InvalidParameterValue.IPv6AddressMalformed", "InvalidParameterValue.InstanceIdMalformed",
    "InvalidParameterValue.InvalidAppIdFormat", "InvalidParameterValue.InvalidIpFormat", "InvalidParameterValue.InvalidTimeFormat",
    "InvalidParameterValue.InvalidVagueName", "InvalidParameterValue.LimitExceeded", "InvalidParameterValue.SubnetIdMalformed",
    "InvalidParameterValue.TagKeyNotFound", "InvalidParameterValue.UuidMalformed", "InvalidParameterValue.VpcIdMalformed",
    "InvalidSecurityGroupId.NotFound", "InvalidSgId.Malformed", "InvalidZone.MismatchRegion", "ResourceNotFound.HpcCluster",
    "UnauthorizedOperation.InvalidToken", "UnsupportedOperation",
  ],
  DescribeAutomationAgentStatus: [
    "InternalError", "InvalidParameter", "InvalidParameter.ConflictParameter", "InvalidParameterValue", "InvalidParameterValue.InvalidFilter",
    "InvalidParameterValue.InvalidInstanceId", "InvalidParameterValue.LimitExceeded", "UnauthorizedOperation.CamAuthFailed",
    "UnauthorizedOperation.InvalidToken", "UnauthorizedOperation.MFAExpired", "UnauthorizedOperation.MFANotFound", "UnsupportedOperation",
  ],
  RunCommand: [
    "FailedOperation.CVMError", "FailedOperation.LighthouseError", "InternalError", "InvalidParameter", "InvalidParameter.InvalidUsername",
    "InvalidParameter.ParameterNameDuplicated", "InvalidParameterValue", "InvalidParameterValue.AgentUnsupportedCommandType",
    "InvalidParameterValue.CommandContentInvalid", "InvalidParameterValue.CommandNameDuplicated", "InvalidParameterValue.InconsistentInstance",
    "InvalidParameterValue.InvalidCommandName", "InvalidParameterValue.InvalidContent", "InvalidParameterValue.InvalidInstanceId",
    "InvalidParameterValue.InvalidOutputCOSBucketUrl", "InvalidParameterValue.InvalidOutputCOSKeyPrefix", "InvalidParameterValue.InvalidUsername",
    "InvalidParameterValue.InvalidWorkingDirectory", "InvalidParameterValue.LackOfParameterInfo", "InvalidParameterValue.LimitExceeded",
    "InvalidParameterValue.ParameterDisabled", "InvalidParameterValue.ParameterInvalidJsonFormat", "InvalidParameterValue.ParameterKeyContainsInvalidChar",
    "InvalidParameterValue.ParameterKeyDuplicated", "InvalidParameterValue.ParameterKeyLenExceeded", "InvalidParameterValue.ParameterNumberExceeded",
    "InvalidParameterValue.ParameterValueNotString", "InvalidParameterValue.Range", "InvalidParameterValue.SupportParametersOnlyIfEnableParameter",
    "InvalidParameterValue.TooLong", "MissingParameter", "OperationDenied", "ResourceNotFound.CosBucketNotFoundCode", "ResourceNotFound.InstanceNotFound",
    "ResourceNotFound.RoleNotFound", "ResourceUnavailable", "ResourceUnavailable.AgentNotInstalled", "ResourceUnavailable.AgentStatusNotOnline",
    "ResourceUnavailable.InstanceStateNotRunning", "ResourceUnavailable.LighthouseUnsupportedRegion", "ResourceUnavailable.UserHasNoQuotaCode",
    "UnauthorizedOperation.AssumeRoleUnauthorized", "UnauthorizedOperation.CamAuthFailed", "UnauthorizedOperation.InvalidToken",
    "UnauthorizedOperation.MFAExpired", "UnauthorizedOperation.MFANotFound",
  ],
  DescribeInvocationTasks: [
    "InternalError", "InvalidParameter", "InvalidParameter.ConflictParameter", "InvalidParameterValue", "InvalidParameterValue.InvalidCommandId",
    "InvalidParameterValue.InvalidFilter", "InvalidParameterValue.InvalidInstanceId", "InvalidParameterValue.InvalidInvocationId",
    "InvalidParameterValue.InvalidInvocationTaskId", "UnauthorizedOperation.CamAuthFailed", "UnauthorizedOperation.InvalidToken",
    "UnauthorizedOperation.MFAExpired", "UnauthorizedOperation.MFANotFound", "UnsupportedOperation",
  ],
  ModifyResourceTags: [
    "FailedOperation", "FailedOperation.PolicyEnforcedInvalid", "InvalidParameter.ReservedTagKey", "InvalidParameter.Tag",
    "InvalidParameterValue.DeleteTagsParamError", "InvalidParameterValue.ResourceDescriptionError", "InvalidParameterValue.TagKeyCharacterIllegal",
    "InvalidParameterValue.TagKeyEmpty", "InvalidParameterValue.TagKeyLengthExceeded", "InvalidParameterValue.TagValueCharacterIllegal",
    "InvalidParameterValue.TagValueLengthExceeded", "LimitExceeded.Quota", "LimitExceeded.ResourceAttachedTags", "LimitExceeded.TagKey", "LimitExceeded.TagValue",
  ],
  TagResources: [
    "AuthFailure.UnauthorizedOperation", "FailedOperation", "FailedOperation.PolicyEnforcedInvalid", "FailedOperation.ResourceTagProcessing",
    "InvalidParameter", "InvalidParameter.ReservedTagKey", "InvalidParameter.Tag", "InvalidParameter.UnsupportedService",
    "InvalidParameterValue.ResourceDescriptionError", "InvalidParameterValue.TagKeyCharacterIllegal", "InvalidParameterValue.TagKeyDuplicate",
    "InvalidParameterValue.TagKeyEmpty", "InvalidParameterValue.TagKeyLengthExceeded", "InvalidParameterValue.TagValueCharacterIllegal",
    "InvalidParameterValue.TagValueEmpty", "InvalidParameterValue.TagValueLengthExceeded", "LimitExceeded.ResourceNumPerRequest",
    "LimitExceeded.TagNumPerRequest", "LimitExceeded.TagValue",
  ],
  DescribeResourceTagsByResourceIds: [
    "FailedOperation", "InvalidParameterValue.RegionInvalid", "InvalidParameterValue.ResourceIdInvalid", "InvalidParameterValue.ResourcePrefixInvalid",
    "InvalidParameterValue.ServiceTypeInvalid", "InvalidParameterValue.UinInvalid", "UnsupportedOperation",
  ],
};

/** True when Tencent documents `code` for `action` (its own list or the common codes). */
export function isDocumented(action: string, code: string): boolean {
  return COMMON_CODES.includes(code) || (ACTION_CODES[action] ?? []).includes(code);
}
