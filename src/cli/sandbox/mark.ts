import type { ToolMiddleware } from '../../kernel/types.js';

/** Where a sandbox result says so in `_meta`, for clients and tests that read it. */
export const SANDBOX_META_KEY = 'mcp-xdr/sandbox';
/** The first text line of every sandbox result, for the model and the person reading along. */
export const SANDBOX_NOTICE = 'Sandbox: emulated data, not a real tenant.';

/**
 * Marks every result a tool produced in the sandbox. It runs innermost (the kernel's
 * `extraMiddleware`), so the notice goes first in `content`: an output-budget cut keeps it.
 * Refusals and errors carry no tenant data, so they stay as the policy chain made them.
 */
export const sandboxMark: ToolMiddleware = async (_call, next) => {
  const result = await next();
  return {
    ...result,
    content: [{ type: 'text', text: SANDBOX_NOTICE }, ...result.content],
    _meta: { ...result._meta, [SANDBOX_META_KEY]: true },
  };
};
