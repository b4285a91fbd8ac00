import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCall, ToolMiddleware } from './types.js';

export type ToolHandler = (call: ToolCall) => Promise<CallToolResult>;

/**
 * Onion composition (koa-compose): the first middleware is outermost. Calling `next()` twice from
 * one middleware is a bug that would run the tool twice, so it fails instead.
 */
export function compose(middlewares: readonly ToolMiddleware[], handler: ToolHandler): ToolHandler {
  return (call) => {
    let reached = -1;
    const dispatch = async (i: number): Promise<CallToolResult> => {
      if (i <= reached) throw new Error('next() called multiple times');
      reached = i;
      const middleware = middlewares[i];
      if (middleware === undefined) return handler(call);
      return middleware(call, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
