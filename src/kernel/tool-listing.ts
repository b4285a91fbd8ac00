import type { Tool as McpTool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CatalogEntry } from './catalog.js';
import { type JsonSchema, jsonSchemaOf, withProperties } from './json-schema.js';
import { writeEnvelope } from './preview.js';
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
export function kernelFields(tier: ToolDescriptor['tier']): z.ZodRawShape {
  if (tier === 'read') return {};
  const token = { [CONFIRMATION_FIELD]: confirmationField };
  return tier === 'destructive' ? { ...token, [APPROVAL_FIELD]: approvalField } : token;
}

// Converted once per process, not once per write tool: the parts every write tool's listing shares.
const kernelFieldsJson: Partial<Record<ToolDescriptor['tier'], JsonSchema['properties']>> = {};
let envelopeJson: JsonSchema | undefined;

/**
 * A write tool's input as listed: its own (converted when the tool was checked) plus the kernel's
 * fields, the JSON Schema of `inputSchema.extend(kernelFields(tier))` without converting it again.
 */
function inputJsonOf(descriptor: ToolDescriptor): JsonSchema {
  const own = jsonSchemaOf(descriptor.inputSchema, 'input');
  if (descriptor.tier === 'read') return own;
  kernelFieldsJson[descriptor.tier] ??= jsonSchemaOf(
    z.object(kernelFields(descriptor.tier)),
    'input',
  ).properties;
  return withProperties(own, kernelFieldsJson[descriptor.tier]);
}

/**
 * A write tool's structuredContent as listed: the shared envelope with the tool's own output as
 * `result`, the JSON Schema of `writeEnvelope(output)` from the conversion made when it was checked.
 */
function outputJsonOf(entry: CatalogEntry): JsonSchema {
  const { descriptor, definition } = entry;
  if (descriptor.tier === 'read') return jsonSchemaOf(descriptor.outputSchema, 'output');
  const { $schema: _, ...result } = jsonSchemaOf(definition.options.output, 'output');
  // Definitions (recursive or registered schemas) are referred to from the root: convert it whole.
  if ('definitions' in result || '$defs' in result) return jsonSchemaOf(descriptor.outputSchema, 'output');
  envelopeJson ??= jsonSchemaOf(writeEnvelope(z.object({})), 'output');
  return withProperties(envelopeJson, { result });
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
  return {
    name: descriptor.name,
    title: descriptor.title,
    description: definition.options.description,
    // The schemas converted when the tool was checked (the same objects for read tools).
    inputSchema: inputJsonOf(descriptor),
    outputSchema: outputJsonOf(entry),
    annotations: annotationsOf(descriptor),
    _meta: { [META_TIER]: descriptor.tier, [META_PLUGIN]: descriptor.plugin },
  };
}
