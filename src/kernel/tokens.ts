import type { KernelConfig } from './config/schema.js';
import type { ResponseLimits } from './guards/limits.js';
import type { Logger } from './logger.js';
import type { ToolAvailability } from './next-steps.js';
import type { SessionInfo } from './server.js';
import type { StateStore } from './state/store.js';
import type { TenantResolver } from './tenant-resolver.js';
import { type Token, token } from './token.js';

/**
 * DI tokens. Every constructor parameter of a tool or service names its token with @inject(TOKEN):
 * esbuild/Oxc-based runners emit no decorator metadata, so tokens are the only reliable wiring. Each
 * token carries the type it resolves to (di.ts), so `@inject(LOGGER) logger: X` is checked against it.
 */
export const CONFIG = token<KernelConfig>('mcp-xdr.config');
/**
 * The parsed `options` of the plugin a tool belongs to (resolved from that plugin's child container).
 * Their type is each plugin's own, so this token is unchecked; `pluginOptions<T>()` is the same token
 * typed by the plugin.
 */
// biome-ignore lint/suspicious/noExplicitAny: each plugin's options have their own type.
export const PLUGIN_OPTIONS = token<any>('mcp-xdr.plugin-options');
/** PLUGIN_OPTIONS, typed with the plugin's options: `@inject(pluginOptions<Options>()) options: Options`. */
export const pluginOptions = <T>() => PLUGIN_OPTIONS as Token<T>;
export const STATE_STORE = token<StateStore>('mcp-xdr.state-store');
/** ResponseLimits over the kernel's StateStore and clock: cooldowns and caps for acting tools. */
export const RESPONSE_LIMITS = token<ResponseLimits>('mcp-xdr.response-limits');
export const LOGGER = token<Logger>('mcp-xdr.logger');
export const CLOCK = token<Clock>('mcp-xdr.clock');
/**
 * The client session a tool instance serves: `{ sessionId, principal }` (SessionInfo). Registered in
 * the session's own child container, so each session's tools see their own session only.
 */
export const SESSION = token<SessionInfo>('mcp-xdr.session');
/** The catalog of enabled tools: lets a tool name only next steps that exist in this deployment. */
export const TOOL_CATALOG = token<ToolAvailability>('mcp-xdr.tool-catalog');

/** Injected time source, so tests can move time without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
/**
 * Optional: a TenantResolver (tenant-resolver.ts) a shared service layer registers in the root
 * container. The kernel keys limits, tokens and audit by the keys it returns; without one, by the
 * `tenant` argument as given.
 */
export const TENANT_RESOLVER = token<TenantResolver>('mcp-xdr.tenant-resolver');
