/**
 * DI tokens. Every constructor parameter of a tool or service names its token with @inject(TOKEN):
 * esbuild/Oxc-based runners emit no decorator metadata, so tokens are the only reliable wiring.
 */
export const CONFIG = Symbol.for('mcp-xdr.config');
/** The parsed `options` of the plugin a tool belongs to (resolved from that plugin's child container). */
export const PLUGIN_OPTIONS = Symbol.for('mcp-xdr.plugin-options');
export const STATE_STORE = Symbol.for('mcp-xdr.state-store');
/** ResponseLimits over the kernel's StateStore and clock: cooldowns and caps for acting tools. */
export const RESPONSE_LIMITS = Symbol.for('mcp-xdr.response-limits');
export const LOGGER = Symbol.for('mcp-xdr.logger');
export const CLOCK = Symbol.for('mcp-xdr.clock');
/**
 * The client session a tool instance serves: `{ sessionId, principal }` (SessionInfo). Registered in
 * the session's own child container, so each session's tools see their own session only.
 */
export const SESSION = Symbol.for('mcp-xdr.session');
/** The catalog of enabled tools: lets a tool name only next steps that exist in this deployment. */
export const TOOL_CATALOG = Symbol.for('mcp-xdr.tool-catalog');

/** Injected time source, so tests can move time without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
