/** The public API for plugin authors. Keep it small: everything here is a promise. */
export { inject, injectable, Lifecycle } from 'tsyringe';
export type { RoleGrant } from './auth/roles.js';
export { allowedTenantsOf, mayApprove } from './auth/roles.js';
export type { ToolErrorCode, ToolErrorOptions } from './errors.js';
export { ConfigError, isToolError, TOOL_ERROR_CODES, ToolError } from './errors.js';
export type { Kernel, KernelOptions } from './kernel.js';
export { createKernel } from './kernel.js';
export type { NextStep, ToolAvailability } from './next-steps.js';
export { NextStepSchema, nextSteps } from './next-steps.js';
export { definePlugin } from './plugin.js';
export type { Preview } from './preview.js';
export { PreviewSchema } from './preview.js';
export type { RiskTier } from './risk.js';
export { RISK_TIERS } from './risk.js';
export type { SessionInfo } from './server.js';
export type { Clock } from './tokens.js';
export { CLOCK, CONFIG, LOGGER, PLUGIN_OPTIONS, SESSION, STATE_STORE, TOOL_CATALOG } from './tokens.js';
export { Tool } from './tools.js';
export type {
  AuthMethod,
  ElicitRequest,
  ElicitResponse,
  PluginManifest,
  Principal,
  PromptDefinition,
  ReadTool,
  ResourceDefinition,
  ToolContext,
  ToolOptions,
  WriteTool,
} from './types.js';
