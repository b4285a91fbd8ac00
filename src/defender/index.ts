/** The Defender access layer, as plugins use it. */
export type { CallOptions } from './api-client.js';
export { callOptionsFrom } from './api-client.js';
export type { OnlineReport, TenantCheck, ToolPermissionNeed } from './check-online.js';
export { checkOnline } from './check-online.js';
export { CLOUDS, type CloudEndpoints, type CloudName } from './clouds.js';
export {
  TenantsConfigSchema,
  type TenantsSection,
  TenantsSectionSchema,
  tenantsConfigShape,
} from './config.js';
export type { ListOptions } from './endpoint.js';
export { type FanOutOptions, fanOut, type TenantOutcome } from './fanout.js';
export {
  type CheckedName,
  displayName,
  escapeDeep,
  escapeUntrusted,
  Fence,
  flagConfusables,
} from './fence.js';
export { GRAPH_PERMISSIONS, GraphClient, type TriagePatch } from './graph.js';
export * from './indicators/index.js';
export {
  DefenderForEndpoint,
  MACHINE_ACTIONS,
  type MachineActionBody,
  type MachineActionKind,
  type MachineActionOutcome,
  MDE_PERMISSIONS,
} from './mde.js';
export { type Filter, type FilterValue, f } from './odata-filter.js';
export type { Paged } from './paging.js';
export {
  createDefender,
  DEFENDER_FOR_ENDPOINT,
  DEFENDER_INDICATORS,
  type DefenderLayer,
  type DefenderOptions,
  GRAPH_CLIENT,
  registerDefender,
  TENANTS,
  TOKEN_PROVIDER,
} from './register.js';
export {
  type Containment,
  ContainmentSchema,
  containmentOf,
  unknownContainment,
} from './response/containment.js';
export { DEVICE_ROLES, deviceRoles, deviceTarget } from './response/device-target.js';
export {
  activeOfType,
  type FollowActionOptions,
  followMachineAction,
  isActive,
  isTerminal,
  TERMINAL_STATUSES,
} from './response/machine-actions.js';
export type { HuntingResult } from './schemas/common.js';
export type * from './schemas/graph.js';
export type * from './schemas/mde.js';
export type { TenantDefinition } from './tenant-sources.js';
export { ALL_TENANTS, type AllowedTenants, Tenants } from './tenants.js';
export { type Resource, TokenProvider } from './tokens.js';
