import { randomUUID } from 'node:crypto';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  type GetPromptResult,
  McpError,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import { redactText } from './audit/redact.js';
import { isToolError } from './errors.js';
import type { Logger } from './logger.js';
import type { PromptDefinition, ResourceDefinition } from './types.js';

/**
 * Prompt and resource handlers are plugin code: a ToolError's message is meant for the client,
 * anything else becomes a generic error with a correlation id (the detail goes to the log).
 */
async function guarded<T>(what: string, logger: Logger, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isToolError(error)) throw new McpError(ErrorCode.InvalidParams, `${error.code}: ${error.message}`);
    const correlationId = randomUUID();
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.error({ correlationId, what, error: redactText(detail) }, 'prompt or resource failed');
    throw new McpError(ErrorCode.InternalError, `Internal error (correlation id ${correlationId})`);
  }
}

export function registerPrompt(server: McpServer, prompt: PromptDefinition, logger: Logger): void {
  const render = (args: Record<string, string>) =>
    guarded<GetPromptResult>(`prompt ${prompt.name}`, logger, async () => ({
      messages: (await prompt.render(args)).map((m) => ({
        role: m.role,
        content: { type: 'text', text: m.text },
      })),
    }));
  const config = { title: prompt.title, description: prompt.description };
  if (prompt.args === undefined) server.registerPrompt(prompt.name, config, () => render({}));
  else
    server.registerPrompt(prompt.name, { ...config, argsSchema: prompt.args }, (args) =>
      render(args as Record<string, string>),
    );
}

export function registerResource(server: McpServer, resource: ResourceDefinition, logger: Logger): void {
  const { mimeType } = resource;
  const read = (uri: URL, params: Record<string, string>) =>
    guarded<ReadResourceResult>(`resource ${resource.name}`, logger, async () => {
      const body = await resource.read(uri, params);
      return { contents: [{ uri: uri.href, mimeType, ...body }] };
    });
  const metadata = { title: resource.title, description: resource.description, mimeType };
  if (!resource.uri.includes('{')) {
    server.registerResource(resource.name, resource.uri, metadata, (uri) => read(uri, {}));
    return;
  }
  const list = resource.list;
  const template = new ResourceTemplate(resource.uri, {
    list:
      list === undefined
        ? undefined
        : async () => ({ resources: (await list()).map((item) => ({ ...item, mimeType })) }),
  });
  server.registerResource(resource.name, template, metadata, (uri, variables) =>
    read(
      uri,
      Object.fromEntries(
        Object.entries(variables).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
      ),
    ),
  );
}
