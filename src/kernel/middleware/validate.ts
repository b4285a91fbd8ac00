import type { z } from 'zod';
import { formatPath } from '../config/issues.js';
import { ToolError } from '../errors.js';
import type { ToolMiddleware } from '../types.js';

/** Key names are caller input: only plain ones are repeated back, and never values. */
const PLAIN_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_PROBLEMS = 10;

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      PLAIN_KEY.test(key)
        ? `${formatPath([...issue.path, key])}: unknown field`
        : `${formatPath(issue.path)}: unknown field`,
    );
  }
  // zod's own messages name expected types, sizes and options, not the received value.
  return [`${formatPath(issue.path)}: ${issue.message}`];
}

/**
 * Synchronously when the schema allows it (an async parse costs ~25x more, on every call); a schema
 * with async refinements throws in a synchronous parse, and the async parse then handles it (and
 * rethrows anything else).
 */
function parse(schema: z.ZodType, raw: unknown) {
  try {
    return schema.safeParse(raw);
  } catch {
    return schema.safeParseAsync(raw);
  }
}

/**
 * Where `__proto__` was sent as a key, at any depth. JSON.parse keeps it as an own key, but the SDK
 * copies the arguments into a fresh object, where assigning `__proto__` sets the prototype instead:
 * the key vanishes and a strict schema never sees it. Both forms are found here.
 */
function protoKeyPath(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value)) {
    const prototype = Object.getPrototypeOf(value);
    if (Object.hasOwn(value, '__proto__') || (prototype !== Object.prototype && prototype !== null)) {
      return [...path, '__proto__'];
    }
  }
  for (const [key, member] of Object.entries(value)) {
    const found = protoKeyPath(member, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Parses the raw arguments with the tool's strict input schema and sets `call.args`. Runs inside
 * audit, so a refused call is still recorded.
 */
export const validate: ToolMiddleware = async (call, next) => {
  const proto = protoKeyPath(call.rawArgs);
  if (proto !== undefined) {
    // Refused like any other unknown key (it is one), not silently dropped.
    const field = proto.every((key) => typeof key !== 'string' || PLAIN_KEY.test(key))
      ? formatPath(proto)
      : '(root)';
    throw new ToolError('validation_error', `Invalid arguments: ${field}: unknown field`, {
      hint: 'Check the tool’s input schema and call again.',
      details: { fields: [field] },
    });
  }
  const parsed = await parse(call.tool.inputSchema, call.rawArgs);
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.flatMap(describeIssue))];
    const shown = problems.slice(0, MAX_PROBLEMS);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    throw new ToolError('validation_error', `Invalid arguments: ${shown.join('; ')}${more}`, {
      hint: 'Check the tool’s input schema and call again.',
      details: { fields: shown.map((line) => line.slice(0, line.indexOf(':'))) },
    });
  }
  // The arguments are well formed; a `tenant` the resolver refused (unknown, not permitted) is not.
  if (call.tenantRefusal !== undefined) throw call.tenantRefusal;
  call.args = parsed.data as Record<string, unknown>;
  return next();
};
