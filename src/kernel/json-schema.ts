import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export type JsonSchema = McpTool['inputSchema'];

const converted = {
  input: new WeakMap<z.ZodType, JsonSchema>(),
  output: new WeakMap<z.ZodType, JsonSchema>(),
};

/**
 * A schema's JSON Schema (draft-7) as clients get it, converted once per schema object: the tool
 * check at load (can it be expressed?) and the `tools/list` entry share the one conversion, which
 * is most of a tool's start-up cost. Throws when the schema cannot be expressed. The result is
 * shared: callers must not change it.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  let json = converted[io].get(schema);
  if (json === undefined) {
    json = z.toJSONSchema(schema, { target: 'draft-7', io }) as JsonSchema;
    converted[io].set(schema, json);
  }
  return json;
}

/**
 * `schema` with more top-level properties after its own, as converting the extended zod object
 * would list them (added fields are optional: `required` is unchanged). Shares the nested parts.
 */
export function withProperties(schema: JsonSchema, properties: JsonSchema['properties']): JsonSchema {
  return { ...schema, properties: { ...schema.properties, ...properties } };
}
