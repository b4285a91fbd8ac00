import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Where a sandbox result says so in `_meta`, for clients and tests that read it. */
export const SANDBOX_META_KEY = 'mcp-xdr/sandbox';
/** The first text line of every sandbox result, for the model and the person reading along. */
export const SANDBOX_NOTICE = 'Sandbox: emulated data, not a real tenant.';

/**
 * Marks every result of a sandbox `tools/call` (the kernel's `markResult`): tool output, previews,
 * refusals and errors alike, as the README promises. A preview shows emulated state and an error may
 * name an emulated tenant: a reader must never take either for production. The notice goes first in
 * `content`, so a client that shows only the first block still says it.
 */
export function sandboxMark(result: CallToolResult): CallToolResult {
  return {
    ...result,
    content: [{ type: 'text', text: SANDBOX_NOTICE }, ...result.content],
    _meta: { ...result._meta, [SANDBOX_META_KEY]: true },
  };
}
