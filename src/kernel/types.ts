import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';
import type { RoleGrant } from './auth/roles.js';
import type { Preview, TargetState } from './preview.js';
import type { RiskTier } from './risk.js';

/** How a principal proved who it is: nothing (stdio, loopback HTTP without auth), an API key, Entra. */
export type AuthMethod = 'none' | 'api_key' | 'entra';

/** Who is calling. stdio has one local principal; HTTP principals come with inbound auth. */
export interface Principal {
  readonly id: string;
  readonly kind: 'local' | 'http';
  readonly displayName?: string;
  /** The role of an authenticated principal; undefined = limited by the deployment policy only. */
  readonly role?: RoleGrant;
  /** Undefined is the same as 'none'. */
  readonly authMethod?: AuthMethod;
}

export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error';

/** A flat form for MCP form elicitation (primitive fields only, per the spec). */
export interface ElicitRequest {
  message: string;
  requestedSchema: {
    type: 'object';
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
}

export interface ElicitResponse {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

/** Per-call context handed to a tool. Tools keep no per-call state on the instance. */
export interface ToolContext {
  /** Aborted on `notifications/cancelled` or when the tool's deadline passes. Pass it to all I/O. */
  readonly signal: AbortSignal;
  readonly principal: Principal;
  readonly sessionId: string | undefined;
  readonly requestId: string;
  /** The `tenant` argument as the caller gave it (a configured key, `"*"`, or undefined = default). */
  readonly tenant: string | undefined;
  /**
   * The tenant keys this call reaches, as the deployment's tenant resolver says (the default tenant's
   * key when `tenant` is omitted, every permitted key for `"*"`). Rate limits, confirmation tokens and
   * audit records use these. Empty when the deployment knows no tenants and none was named.
   */
  readonly tenants: readonly string[];
  /**
   * When the call's deadline passes (epoch ms, `Date.now()` time), inside the timeout step; undefined
   * outside it. Work that would wait past it (a retry after a long Retry-After) should fail fast instead.
   */
  readonly deadline: number | undefined;
  /** Sends `notifications/progress` when the client asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** MCP logging notification to the client (never stdout). */
  log(level: LogLevel, message: string, data?: Record<string, unknown>): Promise<void>;
  /** True when the client declared form elicitation. */
  readonly canElicit: boolean;
  /** Form elicitation; throws ToolError('approval_required') when the client cannot elicit. */
  elicit(request: ElicitRequest): Promise<ElicitResponse>;
  /**
   * At execute, when the confirmed preview reported a `basis`: the state it was based on (already
   * checked against a fresh preview unless the basis said `onStale: 'skip'`). Undefined otherwise.
   */
  readonly confirmed?: ConfirmedPreview;
}

/** One field of a target that changed between the preview and the confirmation. */
export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** A target whose state moved since the preview: it must not be written. */
export interface StaleTarget {
  readonly target: string;
  /** True when the fresh preview no longer reports the target at all. */
  readonly gone: boolean;
  readonly changes: readonly FieldChange[];
}

/** What a write tool learns at execute about the preview the caller confirmed. */
export interface ConfirmedPreview {
  /** Each target as the confirmed preview saw it, by target label. */
  readonly targets: Readonly<Record<string, TargetState>>;
}

/** What `@Tool({...})` declares. `risk` is required: there is no default tier. */
export interface ToolOptions<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  /** `^[a-z][a-z0-9_]{0,63}$`, unique across all plugins. */
  name: string;
  title: string;
  description: string;
  /** Every field `.describe()`d; the kernel makes the object strict (unknown keys rejected). */
  input: I;
  output: O;
  risk: RiskTier;
  idempotent: boolean;
  /** Talks to systems outside the server (Defender). Defaults to true. */
  openWorld?: boolean;
  /** Per-tool deadline in ms; the config may override. */
  timeoutMs?: number;
  /**
   * This tool's own default rate (per tenant and principal), instead of `policy.rateLimits.default`:
   * e.g. 10/min for hunting, 5/min for isolation. `policy.rateLimits.tools` overrides it.
   */
  rateLimit?: ToolRate;
}

/** A rate: calls per minute, and optionally per hour. */
export interface ToolRate {
  readonly perMinute: number;
  readonly perHour?: number | undefined;
}

export interface ReadTool<I = unknown, O = unknown> {
  execute(input: I, ctx: ToolContext): Promise<O>;
  /** Text rendering for clients that do not read structuredContent. Defaults to JSON. */
  toText?(output: O): string;
}

/** Write and destructive tools must say exactly what would change before they change it. */
export interface WriteTool<I = unknown, O = unknown> extends ReadTool<I, O> {
  preview(input: I, ctx: ToolContext): Promise<Preview>;
}

/** A constructable tool class (resolved through the plugin's DI container). */
// biome-ignore lint/suspicious/noExplicitAny: constructor parameters are injected by tokens.
export type ToolClass = new (...args: any[]) => ReadTool | WriteTool;

/** What the pipeline knows about the tool being called. */
export interface ToolDescriptor {
  readonly name: string;
  readonly plugin: string;
  readonly title: string;
  /** Effective tier after operator raises. */
  readonly tier: RiskTier;
  readonly declaredTier: RiskTier;
  readonly idempotent: boolean;
  readonly openWorld: boolean;
  readonly timeoutMs: number | undefined;
  /** The rate the operator set for this tool, else the tool's own default; undefined: the policy default. */
  readonly rateLimit?: ToolRate | undefined;
  readonly inputSchema: z.ZodObject;
  readonly outputSchema: z.ZodObject;
}

/**
 * One tool call as the middleware chain sees it. `args` starts undefined and is set by the
 * validation step; `ctx` may be replaced (the timeout step narrows its signal).
 */
export interface ToolCall {
  readonly tool: ToolDescriptor;
  /** The arguments exactly as received, before validation (kernel-reserved keys removed). */
  readonly rawArgs: Readonly<Record<string, unknown>>;
  /** Validated arguments; undefined until the validation step ran. */
  args: Readonly<Record<string, unknown>> | undefined;
  /** The `confirmationToken` argument of write/destructive tools, if given. */
  readonly confirmationToken: string | undefined;
  /** The `approvalId` argument of destructive tools (the retry after `approval_pending`), if given. */
  readonly approvalId?: string;
  /** Why the `tenant` argument did not resolve (an unknown key); the validation step refuses with it. */
  readonly tenantRefusal?: unknown;
  ctx: ToolContext;
  /** A correlation id for this call: in audit records and internal error messages. */
  readonly callId: string;
  readonly startedAt: number;
  /** Runs the tool's preview() with the validated args (write/destructive tools only). */
  preview(): Promise<Preview>;
  /** Free-form per-call notes middlewares leave for each other (e.g. result counts for audit). */
  readonly notes: Record<string, unknown>;
}

/** Koa-style onion middleware. Failures are thrown (ToolError); results flow back out. */
export type ToolMiddleware = (call: ToolCall, next: () => Promise<CallToolResult>) => Promise<CallToolResult>;

export interface PromptDefinition {
  name: string;
  title?: string;
  description: string;
  /** Arguments as a zod shape of strings (MCP prompt arguments are strings). */
  args?: z.ZodRawShape;
  /** Tools this prompt tells the model to call: it is offered only while every one of them is enabled. */
  tools?: readonly string[];
  render(args: Record<string, string>): Promise<{ role: 'user' | 'assistant'; text: string }[]>;
}

export interface ResourceDefinition {
  /** A fixed URI (`mcp-xdr://hunting/schema`) or an RFC 6570 template (`mcp-xdr://hunting/schema/{table}`). */
  uri: string;
  name: string;
  title?: string;
  description: string;
  mimeType: string;
  /** Tools this resource tells the model to call: it is offered only while every one of them is enabled. */
  tools?: readonly string[];
  read(uri: URL, params: Record<string, string>): Promise<{ text: string } | { blob: string }>;
  /** For templates: the concrete URIs to list. */
  list?(): Promise<{ uri: string; name: string }[]>;
}

/** A plugin's `index.ts` default-exports one of these (see definePlugin). */
export interface PluginManifest<Opts extends z.ZodObject = z.ZodObject> {
  name: string;
  version: string;
  description: string;
  /** Schema of this plugin's `options` in the operator config (strict: unknown keys rejected). */
  options: Opts;
  tools: readonly ToolClass[];
  prompts?: readonly PromptDefinition[];
  resources?: readonly ResourceDefinition[];
  /** Registers the plugin's own services in its child container before its tools are resolved. */
  setup?(container: DependencyContainer, options: z.output<Opts>): void | Promise<void>;
}
