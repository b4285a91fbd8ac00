import type { Tool as McpTool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CatalogEntry } from './catalog.js';
import { jsonSchemaOf } from './json-schema.js';
import { APPROVAL_FIELD, CONFIRMATION_FIELD } from './tool-definition.js';
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

const approvalField = z
  .string()
  .optional()
  .describe(
    'Only after an approval_pending answer: the approval id it gave, with the same arguments and no confirmationToken, once a person approved it.',
  );

/** The kernel's own fields on write (token) and destructive (token, approval id) inputs. */
function kernelFields(tier: ToolDescriptor['tier']): z.ZodRawShape {
  if (tier === 'read') return {};
  const token = { [CONFIRMATION_FIELD]: confirmationField };
  return tier === 'destructive' ? { ...token, [APPROVAL_FIELD]: approvalField } : token;
}

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
  const input = descriptor.inputSchema.extend(kernelFields(descriptor.tier));
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
