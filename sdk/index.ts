export { InstanceReinstall } from "./instanceReinstall";
export type { InstanceReinstallArgs, CvmApi } from "./instanceReinstallArgs";
