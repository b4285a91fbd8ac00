import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool as McpTool,
  SetLevelRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { RoleTools } from './auth/role-tools.js';
import type { Catalog } from './catalog.js';
import { buildToolContext, LogLevelGate } from './context.js';
import type { Logger } from './logger.js';
import { registerPrompt, registerResource } from './server-content.js';
import { firstListingAnswered } from './start-up.js';
import type { ContextFactory, ToolRunner } from './tool-runner.js';
import type { Principal, PromptDefinition, ResourceDefinition } from './types.js';

/** What a server needs from the kernel; the Kernel object provides it. */
export interface ServerRuntime {
  readonly info: { readonly name: string; readonly version: string };
  readonly catalog: Catalog;
  /** `tools/list` entries of the enabled tools, converted to JSON Schema once. */
  readonly listing: readonly McpTool[];
  /** The listing and call check narrowed by a principal's role. */
  readonly roles: RoleTools;
  readonly prompts: readonly PromptDefinition[];
  readonly resources: readonly ResourceDefinition[];
  readonly logger: Logger;
  readonly elicitTimeoutMs: number;
}

/** Who is on the other end of one server instance; tools get it injected as SESSION. */
export interface SessionInfo {
  readonly principal: Principal;
  readonly sessionId?: string;
}

/**
 * `tools/call` with the arguments exactly as sent. The SDK's own schema copies them through a zod
 * record, which drops a `__proto__` key: that key must reach validation and be refused, not vanish.
 * (The SDK still checks the request against its own schema before our handler runs.)
 */
const CallToolAsSentSchema = CallToolRequestSchema.extend({
  params: CallToolRequestSchema.shape.params.extend({ arguments: z.unknown().optional() }),
});

/** The same answer for a withheld tool and one that does not exist: no hint which tools exist. */
function unknownTool(): McpError {
  return new McpError(ErrorCode.InvalidParams, 'Unknown tool');
}

/**
 * A fresh SDK server for one client session (never shared between clients), running that session's
 * own tool instances through `runner`. Tools are served by
 * our own `tools/list` and `tools/call` handlers, so every call, invalid input included, goes
 * through the policy chain and is audited; the SDK's registerTool would reject bad input first.
 */
export function createMcpServer(runtime: ServerRuntime, session: SessionInfo, runner: ToolRunner): McpServer {
  const server = new McpServer(runtime.info, { capabilities: { tools: {}, logging: {} } });
  const logLevel = new LogLevelGate();

  server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    logLevel.level = request.params.level;
    return {};
  });
  server.server.setRequestHandler(ListToolsRequestSchema, async () => {
    // The answer is sent before deferred start-up work runs (a timer, after this turn).
    firstListingAnswered();
    return { tools: [...runtime.roles.listingFor(session.principal)] };
  });
  server.server.setRequestHandler(CallToolAsSentSchema, async (request, extra) => {
    const context: ContextFactory = (tenant, tenants) =>
      buildToolContext({
        server: server.server,
        extra,
        principal: session.principal,
        sessionId: session.sessionId,
        tenant,
        tenants,
        logLevel,
        elicitTimeoutMs: runtime.elicitTimeoutMs,
      });
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    const entry = runtime.catalog.enabled(request.params.name);
    if (entry === undefined) {
      runtime.logger.warn(
        { tool: request.params.name.slice(0, 128), principal: session.principal.id },
        'refused a call to an unknown or withheld tool',
      );
      // A withheld tool is audited like any refused call; a name no plugin has has nothing to describe.
      const withheld = runtime.catalog.tools.find((tool) => tool.descriptor.name === request.params.name);
      if (withheld !== undefined) await runner.auditWithheld(withheld, args, session.principal, context);
      throw unknownTool();
    }
    if (!runtime.roles.mayCall(session.principal, entry.descriptor.name)) {
      // The second wall behind tools/list (and, on HTTP, the transport's 403): same answer as withheld.
      runtime.logger.warn(
        { tool: entry.descriptor.name, principal: session.principal.id, role: session.principal.role?.name },
        "refused a call to a tool the principal's role withholds",
      );
      throw unknownTool();
    }
    return runner.run(entry, args, session.principal, context);
  });
  for (const prompt of runtime.prompts) registerPrompt(server, prompt, runtime.logger);
  for (const resource of runtime.resources) registerResource(server, resource, runtime.logger);
  return server;
}
