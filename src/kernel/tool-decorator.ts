import { injectable } from 'tsyringe';
import type { z } from 'zod';
import type { Preview } from './preview.js';
import type { ToolContext, ToolOptions } from './types.js';

/**
 * Where `@Tool` keeps its options: a registered symbol on the class itself, not a module-level map,
 * so a plugin that imports its own copy of the kernel (a package resolved from another directory)
 * still produces classes this kernel can read.
 */
const TOOL_OPTIONS = Symbol.for('mcp-xdr.tool-options');

type Decorated = { [TOOL_OPTIONS]?: ToolOptions };

/**
 * What `@Tool({ input, output })` requires of the class, at compile time: `execute` takes what the
 * input schema parses to and returns what the output schema accepts (as the SDK's registerTool
 * infers its handler from the schema). A class whose `execute(input: X)` disagrees with its
 * `input` does not compile; `implements ReadTool<...>` is no longer needed for that.
 */
export type ToolClassFor<I extends z.ZodObject, O extends z.ZodObject> = new (
  // biome-ignore lint/suspicious/noExplicitAny: constructor parameters are injected by tokens.
  ...args: any[]
) => {
  execute(input: z.output<I>, ctx: ToolContext): Promise<z.input<O>>;
  preview?(input: z.output<I>, ctx: ToolContext): Promise<Preview>;
};

/**
 * Declares a class as a tool. Stores the options (checked when the plugin is registered, where errors
 * can name the plugin) and makes the class injectable, so constructor `@inject(TOKEN)`s resolve
 * without decorator metadata.
 */
export function Tool<I extends z.ZodObject, O extends z.ZodObject>(options: ToolOptions<I, O>) {
  return <C extends ToolClassFor<I, O>>(target: C): void => {
    Object.defineProperty(target, TOOL_OPTIONS, { value: options, enumerable: false });
    injectable()(target);
  };
}

/** The options a class declared with `@Tool`, or undefined when it has none of its own. */
export function readToolOptions(target: unknown): ToolOptions | undefined {
  if (typeof target !== 'function' || !Object.hasOwn(target, TOOL_OPTIONS)) return undefined;
  return (target as Decorated)[TOOL_OPTIONS];
}
