export { InstanceReinstall } from "./instanceReinstall";
export type { InstanceReinstallArgs, CvmApi, RolloutArgs, ReadinessArgs } from "./instanceReinstallArgs";
export { InstanceFleet } from "./instanceFleet";
export type { InstanceFleetArgs, FleetMember, FleetMemberOverrides } from "./instanceFleet";
export type { FleetRolloutArgs, ResolvedRollout } from "./fleetPolicy";
