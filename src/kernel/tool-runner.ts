import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { redactText } from './audit/redact.js';
import type { CatalogEntry } from './catalog.js';
import { isToolError } from './errors.js';
import type { Logger } from './logger.js';
import { compose, type ToolHandler } from './pipeline.js';
import type { Preview } from './preview.js';
import type { Clock } from './tokens.js';
import { CONFIRMATION_FIELD } from './tool-definition.js';
import { errorResult, successResult } from './tool-result.js';
import type { ReadTool, ToolCall, ToolContext, ToolMiddleware, WriteTool } from './types.js';

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
}

export interface ToolRunner {
  /** Runs one call through the whole chain; never throws (failures become isError results). */
  run(
    entry: CatalogEntry,
    args: Record<string, unknown>,
    context: (tenant: string | undefined) => ToolContext,
  ): Promise<CallToolResult>;
}

/**
 * The kernel's `confirmationToken` leaves the arguments before the tool sees them. On read tools
 * it stays, so the strict input rejects it; a non-string token stays too, for the same reason.
 */
function splitArguments(entry: CatalogEntry, args: Record<string, unknown>) {
  const token = args[CONFIRMATION_FIELD];
  if (entry.descriptor.tier === 'read' || typeof token !== 'string') {
    return { rawArgs: args, confirmationToken: undefined };
  }
  const { [CONFIRMATION_FIELD]: _, ...rawArgs } = args;
  return { rawArgs, confirmationToken: token };
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

/** A tool an operator raised from read to write has no preview of its own: say what will run. */
function genericPreview(call: ToolCall): Preview {
  return {
    summary: `Run ${call.tool.title} (${call.tool.name}); the operator requires confirmation for it.`,
    changes: [],
  };
}

export function createToolRunner(options: ToolRunnerOptions): ToolRunner {
  const { tools, clock, logger } = options;

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
  const chain = compose(options.middlewares, execute);

  return {
    async run(entry, args, context) {
      const { rawArgs, confirmationToken } = splitArguments(entry, args);
      const tenant = typeof rawArgs.tenant === 'string' ? rawArgs.tenant : undefined;
      const { instance } = boundTool(tools, entry.descriptor.name);
      const call: ToolCall = {
        tool: entry.descriptor,
        rawArgs,
        args: undefined,
        confirmationToken,
        ctx: context(tenant),
        callId: randomUUID(),
        startedAt: clock.now(),
        notes: {},
        preview: async () =>
          'preview' in instance ? instance.preview(validatedArgs(call), call.ctx) : genericPreview(call),
      };
      try {
        return await chain(call);
      } catch (error) {
        if (!isToolError(error)) {
          const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          logger.error(
            { callId: call.callId, tool: call.tool.name, error: redactText(detail) },
            'tool call failed',
          );
        }
        return errorResult(error, call.callId);
      }
    },
  };
}
