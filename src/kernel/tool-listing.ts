import type { Tool as McpTool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CatalogEntry } from './catalog.js';
import { jsonSchemaOf } from './json-schema.js';
import { CONFIRMATION_FIELD } from './tool-definition.js';
import type { ToolDescriptor } from './types.js';

/** Our hints beside the spec's annotations: clients may show them, nothing enforces by them. */
export const META_TIER = 'mcp-xdr/tier';
export const META_PLUGIN = 'mcp-xdr/plugin';

const confirmationField = z
  .string()
  .optional()
  .describe(
    'Leave out on the first call: you get a preview and a token. Call again with the same arguments and this token to apply the change.',
  );

/** Annotations are derived from the effective tier: hints for clients, never the enforcement. */
export function annotationsOf(tool: ToolDescriptor): ToolAnnotations {
  return {
    title: tool.title,
    readOnlyHint: tool.tier === 'read',
    destructiveHint: tool.tier === 'destructive',
    idempotentHint: tool.idempotent,
    openWorldHint: tool.openWorld,
  };
}

/** The `tools/list` entry of one enabled tool. */
export function listedTool(entry: CatalogEntry): McpTool {
  const { descriptor, definition } = entry;
  const input =
    descriptor.tier === 'read'
      ? descriptor.inputSchema
      : descriptor.inputSchema.extend({ [CONFIRMATION_FIELD]: confirmationField });
  return {
    name: descriptor.name,
    title: descriptor.title,
    description: definition.options.description,
    // Read tools list the schemas converted when the tool was checked (the same objects).
    inputSchema: jsonSchemaOf(input, 'input'),
    outputSchema: jsonSchemaOf(descriptor.outputSchema, 'output'),
    annotations: annotationsOf(descriptor),
    _meta: { [META_TIER]: descriptor.tier, [META_PLUGIN]: descriptor.plugin },
  };
}
