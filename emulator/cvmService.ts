// The CVM service of API 3.0 (cvm.tencentcloudapi.com, Version 2017-03-12): the actions the
// emulator answers.
import type { Api3Service } from "./api3Context";
import { describeInstances, resetInstance } from "./api3Actions";
import { inquiryPriceResetInstance } from "./inquiryPriceResetInstance";
import { resetInstancesPassword } from "./resetInstancesPassword";

export const CVM_VERSION = "2017-03-12";

export const CVM_SERVICE: Api3Service = {
    name: "cvm",
    version: CVM_VERSION,
    actions: {
        ResetInstance: resetInstance,
        DescribeInstances: describeInstances,
        InquiryPriceResetInstance: inquiryPriceResetInstance,
        ResetInstancesPassword: resetInstancesPassword,
    },
};
