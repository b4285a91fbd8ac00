import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  ElicitRequestFormParams,
  LoggingLevel,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { LoggingLevelSchema } from '@modelcontextprotocol/sdk/types.js';
import { ToolError } from './errors.js';
import type { Principal, ToolContext } from './types.js';

/** Our ElicitRequest is looser than the SDK's type; the SDK validates the schema on the wire. */
type FormSchema = ElicitRequestFormParams['requestedSchema'];

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The client's `logging/setLevel` choice for one session; unset = send everything (as the SDK does). */
export class LogLevelGate {
  level: LoggingLevel | undefined;

  allows(level: LoggingLevel): boolean {
    if (this.level === undefined) return true;
    return LoggingLevelSchema.options.indexOf(level) >= LoggingLevelSchema.options.indexOf(this.level);
  }
}

export interface ContextSources {
  readonly server: Server;
  readonly extra: Extra;
  readonly principal: Principal;
  /** Known up front on stdio; on HTTP the transport assigns it, and `extra` carries it. */
  readonly sessionId: string | undefined;
  readonly tenant: string | undefined;
  /** The keys `tenant` resolved to (see ToolContext.tenants). */
  readonly tenants: readonly string[];
  readonly logLevel: LogLevelGate;
  /** The SDK's own request timeout must not cut a human's approval short. */
  readonly elicitTimeoutMs: number;
}

/**
 * A tool's per-call context, built from the SDK's RequestHandlerExtra. Notifications are sent as
 * related to the request, so on HTTP they travel on the call's own response stream.
 */
export function buildToolContext(sources: ContextSources): ToolContext {
  const { server, extra, logLevel } = sources;
  const progressToken = extra._meta?.progressToken;
  const canElicit = server.getClientCapabilities()?.elicitation?.form !== undefined;
  return {
    signal: extra.signal,
    principal: sources.principal,
    sessionId: extra.sessionId ?? sources.sessionId,
    requestId: String(extra.requestId),
    tenant: sources.tenant,
    tenants: sources.tenants,
    // The timeout step sets the deadline for the work it wraps.
    deadline: undefined,
    canElicit,
    async progress(progress, total, message) {
      if (progressToken === undefined) return;
      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken, progress, total, message },
      });
    },
    async log(level, message, data) {
      if (!logLevel.allows(level)) return;
      await extra.sendNotification({
        method: 'notifications/message',
        params: { level, logger: 'mcp-xdr', data: data === undefined ? message : { message, ...data } },
      });
    },
    async elicit(request) {
      if (!canElicit) {
        throw new ToolError('approval_required', 'This client cannot show forms (no MCP form elicitation).');
      }
      const result = await server.elicitInput(
        { mode: 'form', message: request.message, requestedSchema: request.requestedSchema as FormSchema },
        { relatedRequestId: extra.requestId, signal: extra.signal, timeout: sources.elicitTimeoutMs },
      );
      return result.content === undefined
        ? { action: result.action }
        : {
            action: result.action,
            content: result.content as Record<string, string | number | boolean | string[]>,
          };
    },
  };
}
