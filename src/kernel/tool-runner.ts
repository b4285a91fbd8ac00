import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { redactText } from './audit/redact.js';
import type { CatalogEntry } from './catalog.js';
import { isToolError, ToolError } from './errors.js';
import type { Logger } from './logger.js';
import { compose, composeByTier, type ToolHandler } from './pipeline.js';
import type { Preview } from './preview.js';
import { identityTenantResolver, type TenantResolver } from './tenant-resolver.js';
import type { Clock } from './tokens.js';
import { APPROVAL_FIELD, CONFIRMATION_FIELD } from './tool-definition.js';
import { errorResult, successResult } from './tool-result.js';
import type { Principal, ReadTool, ToolCall, ToolContext, ToolMiddleware, WriteTool } from './types.js';

export type ToolInstance = ReadTool | WriteTool;

/** An enabled tool's instance and its own (unwrapped) output schema. */
export interface BoundTool {
  readonly instance: ToolInstance;
  readonly output: z.ZodObject;
}

export interface ToolRunnerOptions {
  /** One session's instances (tools keep no per-call state), by tool name. */
  readonly tools: ReadonlyMap<string, BoundTool>;
  /** Outermost first: audit, validate, risk-tier, rate-limit, confirmation, timeout, output-budget. */
  readonly middlewares: readonly ToolMiddleware[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Maps the `tenant` argument to the keys it reaches (TENANT_RESOLVER; identity by default). */
  readonly tenantResolver?: () => TenantResolver;
  /** The audit step alone, for calls to withheld tools (which never enter the chain). */
  readonly audit?: ToolMiddleware;
  /** Applied to every result, refusals and errors included (the sandbox's emulated-data mark). */
  readonly markResult?: (result: CallToolResult) => CallToolResult;
}

/** Builds the call's context once the `tenant` argument is resolved. */
export type ContextFactory = (tenant: string | undefined, tenants: readonly string[]) => ToolContext;

export interface ToolRunner {
  /** Runs one call through the whole chain; never throws (failures become isError results). */
  run(
    entry: CatalogEntry,
    args: Record<string, unknown>,
    principal: Principal,
    context: ContextFactory,
  ): Promise<CallToolResult>;
  /**
   * Leaves an audit record (outcome `refused`, code `forbidden`, the withholding rule) for a call to a
   * tool this deployment withholds. The client is answered as for a name that does not exist.
   */
  auditWithheld(
    entry: CatalogEntry,
    args: Record<string, unknown>,
    principal: Principal,
    context: ContextFactory,
  ): Promise<void>;
}

/**
 * The kernel's `confirmationToken` leaves the arguments before the tool sees them. On read tools
 * it stays, so the strict input rejects it; a non-string token stays too, for the same reason.
 */
function splitArguments(entry: CatalogEntry, args: Record<string, unknown>) {
  const { tier } = entry.descriptor;
  const token = takeString(args, CONFIRMATION_FIELD, tier !== 'read');
  const approval = takeString(token.rest, APPROVAL_FIELD, tier === 'destructive');
  return { rawArgs: approval.rest, confirmationToken: token.value, approvalId: approval.value };
}

/** A kernel-reserved string argument taken out when `applies`; anything else stays for the strict input. */
function takeString(args: Record<string, unknown>, field: string, applies: boolean) {
  const value = args[field];
  if (!applies || typeof value !== 'string') return { rest: args, value: undefined };
  const { [field]: _, ...rest } = args;
  return { rest, value };
}

function boundTool(tools: ReadonlyMap<string, BoundTool>, name: string): BoundTool {
  const bound = tools.get(name);
  if (bound === undefined) throw new Error(`no instance for enabled tool ${name}`);
  return bound;
}

function validatedArgs(call: ToolCall): Record<string, unknown> {
  if (call.args === undefined) throw new Error('the tool ran before the validation step set call.args');
  return call.args as Record<string, unknown>;
}

/**
 * A tool an operator raised from read to write has no preview of its own: say what will run. The
 * title is quoted, not used as a verb: titles usually start with one already ("Run advanced hunting query").
 */
function genericPreview(call: ToolCall): Preview {
  const { name, title, tier } = call.tool;
  return {
    summary: `Confirm before ${name} ("${title}") runs: the operator raised it to the ${tier} tier, so it needs confirmation.`,
    changes: [],
  };
}

export function createToolRunner(options: ToolRunnerOptions): ToolRunner {
  const { tools, clock, logger } = options;
  const resolver = options.tenantResolver ?? (() => identityTenantResolver);

  /** Resolved before the chain, so even the first audit record names the tenant; a refusal waits for validation. */
  const resolveTenants = (requested: string | undefined, principal: Principal) => {
    try {
      return { tenants: resolver().resolve(requested, principal) };
    } catch (error) {
      return { tenants: [] as readonly string[], tenantRefusal: error };
    }
  };

  /**
   * The innermost step: the tool itself. Its output is parsed with its own schema, so a tool bug
   * surfaces here as an internal error and undeclared fields never reach the client.
   */
  const execute: ToolHandler = async (call) => {
    const { instance, output: schema } = boundTool(tools, call.tool.name);
    const parsed = schema.safeParse(await instance.execute(validatedArgs(call), call.ctx));
    if (!parsed.success)
      throw new Error(`${call.tool.name} returned output that does not match its output schema`);
    const result = parsed.data as Record<string, unknown>;
    const text = instance.toText?.(result) ?? JSON.stringify(result, null, 2);
    return successResult(call.tool.tier === 'read' ? result : { phase: 'executed', result }, text);
  };
  const chain = composeByTier(options.middlewares, execute);

  /** One call as the chain sees it; the instance is absent for a withheld tool (it never runs). */
  const newCall = (
    entry: CatalogEntry,
    args: Record<string, unknown>,
    principal: Principal,
    context: ContextFactory,
  ): ToolCall => {
    const { rawArgs, confirmationToken, approvalId } = splitArguments(entry, args);
    const tenant = typeof rawArgs.tenant === 'string' ? rawArgs.tenant : undefined;
    const { tenants, tenantRefusal } = resolveTenants(tenant, principal);
    const call: ToolCall = {
      tool: entry.descriptor,
      rawArgs,
      args: undefined,
      confirmationToken,
      ...(approvalId === undefined ? {} : { approvalId }),
      ...(tenantRefusal === undefined ? {} : { tenantRefusal }),
      ctx: context(tenant, tenants),
      callId: randomUUID(),
      startedAt: clock.now(),
      notes: {},
      preview: async () => {
        const { instance } = boundTool(tools, call.tool.name);
        return 'preview' in instance ? instance.preview(validatedArgs(call), call.ctx) : genericPreview(call);
      },
    };
    return call;
  };
  const mark = options.markResult ?? ((result: CallToolResult) => result);

  return {
    async run(entry, args, principal, context) {
      const call = newCall(entry, args, principal, context);
      try {
        return mark(await chain(call));
      } catch (error) {
        if (!isToolError(error)) {
          const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          logger.error(
            { callId: call.callId, tool: call.tool.name, error: redactText(detail) },
            'tool call failed',
          );
        }
        return mark(errorResult(error, call.callId));
      }
    },
    async auditWithheld(entry, args, principal, context) {
      if (options.audit === undefined || entry.status.enabled) return;
      const { rule, reason } = entry.status;
      const refuse: ToolHandler = async () => {
        throw new ToolError(
          'forbidden',
          `withheld by ${rule} (${reason}); the client was told "Unknown tool"`,
        );
      };
      await compose([options.audit], refuse)(newCall(entry, args, principal, context)).catch(() => undefined);
    },
  };
}
