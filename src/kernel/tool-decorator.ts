import { injectable } from 'tsyringe';
import type { ToolClass, ToolOptions } from './types.js';

/**
 * Where `@Tool` keeps its options: a registered symbol on the class itself, not a module-level map,
 * so a plugin that imports its own copy of the kernel (a package resolved from another directory)
 * still produces classes this kernel can read.
 */
const TOOL_OPTIONS = Symbol.for('mcp-xdr.tool-options');

type Decorated = { [TOOL_OPTIONS]?: ToolOptions };

/**
 * Declares a class as a tool. Stores the options (checked when the plugin is registered, where errors
 * can name the plugin) and makes the class injectable, so constructor `@inject(TOKEN)`s resolve
 * without decorator metadata.
 */
export function Tool<I extends ToolOptions['input'], O extends ToolOptions['output']>(
  options: ToolOptions<I, O>,
) {
  return <C extends ToolClass>(target: C): void => {
    Object.defineProperty(target, TOOL_OPTIONS, { value: options, enumerable: false });
    injectable()(target);
  };
}

/** The options a class declared with `@Tool`, or undefined when it has none of its own. */
export function readToolOptions(target: unknown): ToolOptions | undefined {
  if (typeof target !== 'function' || !Object.hasOwn(target, TOOL_OPTIONS)) return undefined;
  return (target as Decorated)[TOOL_OPTIONS];
}
