import type { KernelConfigInput } from './schema.js';

export type { KernelConfig, KernelConfigInput } from './schema.js';

/**
 * What an operator writes in `mcp-xdr.config.ts`: the kernel's sections (defaults optional) plus
 * the sections other layers add (`tenants`), which their own schemas check at load time.
 */
export type McpXdrConfig = KernelConfigInput & { readonly [section: string]: unknown };

/** Identity with types: editor completion and compile-time checks for the kernel's sections. */
export function defineConfig<const C extends McpXdrConfig>(config: C): C {
  return config;
}
