import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isToolError } from './errors.js';

/** Where a failed call's machine-readable error sits in the result's `_meta`. */
export const ERROR_META_KEY = 'mcp-xdr/error';

/** structuredContent plus the same data as text, for clients that read only `content`. */
export function successResult(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/**
 * A thrown error as the model sees it. ToolErrors are written to be shown; anything else is a bug
 * or an upstream surprise whose message may carry internals, so only the correlation id goes out.
 */
export function errorResult(error: unknown, callId: string): CallToolResult {
  if (isToolError(error)) {
    const hint = error.hint === undefined ? '' : ` (${error.hint})`;
    const meta: Record<string, unknown> = { code: error.code };
    if (error.retryAfter !== undefined) meta.retryAfter = error.retryAfter;
    if (error.hint !== undefined) meta.hint = error.hint;
    return {
      isError: true,
      content: [{ type: 'text', text: `${error.code}: ${error.message}${hint}` }],
      _meta: { [ERROR_META_KEY]: meta },
    };
  }
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text: `internal_error: The tool failed unexpectedly. Correlation id ${callId} (the operator can find details in the server log).`,
      },
    ],
    _meta: { [ERROR_META_KEY]: { code: 'internal_error', correlationId: callId } },
  };
}
