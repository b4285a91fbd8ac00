import type { EmuRequest, EmuResponse } from '../routing.js';
import { isPlainObject } from './context.js';
import { type ErrorFn, GRAPH_BAD_REQUEST } from './envelopes.js';
import { enumMember } from './graph-enums.js';

/** How one writable property of a Graph PATCH body is checked. */
export type FieldRule =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'nullableString' }
  | { kind: 'string' }
  | { kind: 'stringArray' };

export type PatchResult =
  | { ok: true; changes: Record<string, unknown> }
  | { ok: false; response: EmuResponse };

/**
 * Validates a Graph PATCH body against the resource's writable fields: unknown or read-only
 * properties and bad enum members are 400s; enum values are stored camelCase whatever case arrived.
 */
export function validatePatch(
  error: ErrorFn,
  req: EmuRequest,
  typeName: string,
  rules: Record<string, FieldRule>,
): PatchResult {
  const fail = (message: string): PatchResult => ({
    ok: false,
    response: error('graph', req, 400, GRAPH_BAD_REQUEST, message),
  });
  const body = req.body;
  if (!isPlainObject(body)) return fail('The request body must be a JSON object.');
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') continue;
    const rule = rules[key];
    if (!rule) return fail(`The property '${key}' does not exist on type '${typeName}' or is not writable.`);
    switch (rule.kind) {
      case 'enum': {
        const member = typeof value === 'string' ? enumMember(rule.values, value) : undefined;
        if (!member) return fail(`Requested value '${String(value)}' was not found for property '${key}'.`);
        changes[key] = member;
        break;
      }
      case 'nullableString':
        if (value !== null && typeof value !== 'string')
          return fail(`Property '${key}' must be a string or null.`);
        changes[key] = value;
        break;
      case 'string':
        if (typeof value !== 'string') return fail(`Property '${key}' must be a string.`);
        changes[key] = value;
        break;
      case 'stringArray':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
          return fail(`Property '${key}' must be an array of strings.`);
        }
        changes[key] = [...value];
        break;
    }
  }
  return { ok: true, changes };
}

/** Reads `{"comment": "..."}` (optionally with `@odata.type`) from a comments POST. */
export function readComment(
  error: ErrorFn,
  req: EmuRequest,
): { ok: true; comment: string } | { ok: false; response: EmuResponse } {
  const fail = (message: string) => ({
    ok: false as const,
    response: error('graph', req, 400, GRAPH_BAD_REQUEST, message),
  });
  const body = req.body;
  if (!isPlainObject(body)) return fail('The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if (key !== 'comment' && key !== '@odata.type')
      return fail(`The property '${key}' does not exist on type 'microsoft.graph.security.alertComment'.`);
  }
  if (typeof body.comment !== 'string' || body.comment.trim() === '')
    return fail("The 'comment' property is required.");
  if (body.comment.length > 30_000) return fail("The 'comment' property is too long.");
  return { ok: true, comment: body.comment };
}
