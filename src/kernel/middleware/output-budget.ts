import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { PolicyConfig } from '../config/schema.js';
import { ToolError } from '../errors.js';
import type { ToolCall, ToolMiddleware } from '../types.js';

type Content = CallToolResult['content'][number];

const NARROW =
  'Narrow the request (a filter, a shorter time range, fewer columns or a lower limit) to see the rest.';

/**
 * Keeps results within a byte budget. Text is cut with an explicit notice. Structured content is
 * never cut (a cut object would break the tool's output schema): if it alone is over budget, the
 * result is refused with advice to narrow the request, except after a write was applied, where the
 * envelope keeps saying so without its `result` (optional in the write envelope).
 */
export function outputBudgetMiddleware(policy: Pick<PolicyConfig, 'outputBudgetBytes'>): ToolMiddleware {
  const budget = policy.outputBudgetBytes;
  return async (call, next) => {
    const result = await next();
    // Nearly every result is far under budget: a bound shows it without serializing the result again.
    if (sizeBound(result, budget, 0) <= budget) return result;
    const total = sizeOf(result);
    if (total <= budget) return result;
    // Even with every content item replaced by the notice, the structured part does not fit.
    if (sizeOf({ ...result, content: [notice(total, total, budget)] }) > budget) {
      return structuredOverBudget(call, total, budget);
    }
    const fitted = cutContent(result, budget, total);
    call.notes.truncated = { originalBytes: total, keptBytes: sizeOf(fitted) };
    return fitted;
  };
}

function structuredOverBudget(call: ToolCall, total: number, budget: number) {
  call.notes.truncated = { originalBytes: total, keptBytes: 0, structuredOverBudget: true };
  if (call.notes.phase === 'executed') {
    const text =
      `${call.tool.name} was applied, but its result (${total} bytes) is over this deployment's ` +
      `${budget}-byte output budget, so it is not shown. Read the affected record to see its new state.`;
    return { content: [{ type: 'text', text }], structuredContent: { phase: 'executed' } } as CallToolResult;
  }
  throw new ToolError(
    'validation_error',
    `The result of ${call.tool.name} is ${total} bytes, over this deployment's ${budget}-byte output budget. ${NARROW}`,
    { hint: NARROW, details: { reason: 'output_too_large', resultBytes: total, budgetBytes: budget } },
  );
}

/** Fits `content` into what the budget leaves after the rest of the result and the notice. */
function cutContent(result: CallToolResult, budget: number, total: number): CallToolResult {
  let allowance = budget - sizeOf({ ...result, content: [] }) - sizeOf(notice(total, total, budget)) - 2;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const kept = keepWithin(result.content, allowance);
    const draft = { ...result, content: [...kept, notice(total, total, budget)] };
    const fitted = { ...result, content: [...kept, notice(total - sizeOf(draft), total, budget)] };
    const size = sizeOf(fitted);
    if (size <= budget) return fitted;
    allowance -= size - budget;
  }
  return { ...result, content: [notice(total, total, budget)] };
}

function keepWithin(content: readonly Content[], allowance: number): Content[] {
  const kept: Content[] = [];
  let left = allowance;
  for (const item of content) {
    const size = sizeOf(item) + 1;
    if (size <= left) {
      kept.push(item);
      left -= size;
    } else if (item.type === 'text') {
      const text = longestPrefixWithin(item.text, left - sizeOf({ ...item, text: '' }) - 1);
      if (text.length > 0) kept.push({ ...item, text });
      break;
    } else {
      // Images and resources are not cut mid-way: a partial item is worse than none.
      break;
    }
  }
  return kept;
}

/** The longest prefix whose JSON encoding fits in `bytes` (escaping can make text grow). */
function longestPrefixWithin(text: string, bytes: number): string {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (sizeOf(text.slice(0, middle)) <= bytes) low = middle;
    else high = middle - 1;
  }
  // Do not end on the first half of a surrogate pair.
  const last = text.charCodeAt(low - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? low - 1 : low);
}

function notice(dropped: number, total: number, budget: number): Content {
  return {
    type: 'text',
    text:
      `[Output truncated: ${dropped} of ${total} bytes were dropped to stay within this deployment's ` +
      `${budget}-byte output budget. ${NARROW}]`,
  };
}

function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** The longest a JavaScript number is written in JSON (`-1.7976931348623157e+308`). */
const NUMBER_BYTES = 24;
/** Deeper than this (or a cycle) the bound gives up and the result is measured exactly. */
const BOUND_DEPTH = 64;

/**
 * At least the UTF-8 size of `JSON.stringify(value)`, found without writing it: a string's UTF-16
 * unit takes at most 6 bytes (an escape such as \u001f), a number at most NUMBER_BYTES. Gives up
 * (Infinity) once over `limit`, and on anything but plain objects, arrays and primitives (and depth).
 */
export function sizeBound(value: unknown, limit: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return NUMBER_BYTES;
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      return 5;
    case 'object':
      break;
    default:
      return Number.POSITIVE_INFINITY;
  }
  if (value === null) return 4;
  // Plain objects and arrays only: toJSON, boxed primitives and the like are measured exactly.
  const prototype = Object.getPrototypeOf(value);
  const plain = prototype === Object.prototype || prototype === Array.prototype || prototype === null;
  if (depth >= BOUND_DEPTH || !plain || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return Number.POSITIVE_INFINITY;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += sizeBound(item, limit - total, depth + 1) + 1;
      if (total > limit) return Number.POSITIVE_INFINITY;
    }
    return total;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = (value as Record<string, unknown>)[key];
    total += 6 * key.length + 4 + sizeBound(member, limit - total, depth + 1);
    if (total > limit) return Number.POSITIVE_INFINITY;
  }
  return total;
}
