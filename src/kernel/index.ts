/** The public API for plugin authors. Keep it small: everything here is a promise. */
export { injectable, Lifecycle } from 'tsyringe';
export type { RoleGrant } from './auth/roles.js';
export { allowedTenantsOf, mayApprove } from './auth/roles.js';
export { type CheckedParameterDecorator, type InjectOptions, inject, type Token, token } from './di.js';
export type { ToolErrorCode, ToolErrorOptions } from './errors.js';
export { ConfigError, isToolError, TOOL_ERROR_CODES, ToolError } from './errors.js';
export * from './guards/index.js';
export type { Kernel, KernelOptions } from './kernel.js';
export { createKernel } from './kernel.js';
export type { Logger } from './logger.js';
export { describeStale, stalePreviewError, staleTarget } from './middleware/stale-preview.js';
export type { NextStep, ToolAvailability } from './next-steps.js';
export { NextStepSchema, nextSteps } from './next-steps.js';
export { definePlugin } from './plugin.js';
export type { Preview, PreviewBasis, TargetState } from './preview.js';
export { PreviewSchema } from './preview.js';
export type { RiskTier } from './risk.js';
export { RISK_TIERS } from './risk.js';
export type { SessionInfo } from './server.js';
export { afterFirstListing } from './start-up.js';
export type { StateStore } from './state/store.js';
export { StateUnavailableError } from './state/unavailable.js';
export type { TenantResolver } from './tenant-resolver.js';
export type { Clock } from './tokens.js';
export {
  CLOCK,
  CONFIG,
  LOGGER,
  PLUGIN_OPTIONS,
  pluginOptions,
  RESPONSE_LIMITS,
  SESSION,
  STATE_STORE,
  TENANT_RESOLVER,
  TOOL_CATALOG,
} from './tokens.js';
export type { ToolClassFor } from './tool-decorator.js';
export { Tool } from './tools.js';
export type {
  AuthMethod,
  ConfirmedPreview,
  ElicitRequest,
  ElicitResponse,
  FieldChange,
  PluginManifest,
  Principal,
  PromptDefinition,
  ReadTool,
  ResourceDefinition,
  StaleTarget,
  ToolContext,
  ToolOptions,
  ToolRate,
  WriteTool,
} from './types.js';
