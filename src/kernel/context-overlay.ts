import type { ToolContext } from './types.js';

/**
 * The same context with some members replaced (`overrides` may use getters, read at each access).
 * A proxy rather than a copy: it keeps every member the server put on the context, and binds
 * methods to the original so class-private state still works.
 */
export function overlayContext(ctx: ToolContext, overrides: Partial<ToolContext>): ToolContext {
  return new Proxy(ctx, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return Reflect.get(overrides, property);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
