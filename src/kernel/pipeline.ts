import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCall, ToolMiddleware } from './types.js';

export type ToolHandler = (call: ToolCall) => Promise<CallToolResult>;

const CHANGES_ONLY = Symbol('mcp-xdr.changesOnly');

/**
 * Marks a step that acts on write and destructive calls only and hands a read straight to `next()`
 * (it still checks the tier itself). The chain of a read call leaves it out: same order, same
 * checks, three fewer promise hops per read.
 */
export function changesOnly(middleware: ToolMiddleware): ToolMiddleware {
  return Object.assign(middleware, { [CHANGES_ONLY]: true });
}

function isChangesOnly(middleware: ToolMiddleware): boolean {
  return (middleware as { [CHANGES_ONLY]?: boolean })[CHANGES_ONLY] === true;
}

/** The chain a call of this tier runs: reads without the steps that pass them through untouched. */
export function composeByTier(
  middlewares: readonly ToolMiddleware[],
  handler: ToolHandler,
): (call: ToolCall) => Promise<CallToolResult> {
  const changes = compose(middlewares, handler);
  const reads = compose(
    middlewares.filter((middleware) => !isChangesOnly(middleware)),
    handler,
  );
  return (call) => (call.tool.tier === 'read' ? reads(call) : changes(call));
}

/**
 * Onion composition (koa-compose): the first middleware is outermost. Calling `next()` twice from
 * one middleware is a bug that would run the tool twice, so it fails instead. A step that throws
 * instead of rejecting rejects all the same (dispatch is not itself async: one promise less a step).
 */
export function compose(middlewares: readonly ToolMiddleware[], handler: ToolHandler): ToolHandler {
  return (call) => {
    let reached = -1;
    const dispatch = (i: number): Promise<CallToolResult> => {
      if (i <= reached) return Promise.reject(new Error('next() called multiple times'));
      reached = i;
      const middleware = middlewares[i];
      try {
        return middleware === undefined ? handler(call) : middleware(call, () => dispatch(i + 1));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return dispatch(0);
  };
}
