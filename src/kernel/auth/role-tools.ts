import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog } from '../catalog.js';
import type { Principal } from '../types.js';
import { roleWithholds } from './roles.js';

export interface RoleTools {
  /** The `tools/list` entries this principal sees: the deployment's, narrowed by its role. */
  listingFor(principal: Principal): readonly McpTool[];
  /** False when the deployment enables the tool but the principal's role withholds it. */
  mayCall(principal: Principal, name: string): boolean;
}

/** Per-role views of the enabled tools, computed once per role. */
export function roleTools(catalog: Catalog, listing: readonly McpTool[]): RoleTools {
  const cache = new Map<string, readonly McpTool[]>();
  const mayCall = (principal: Principal, name: string) => {
    const entry = catalog.enabled(name);
    return entry === undefined || roleWithholds(principal.role, entry.descriptor) === undefined;
  };
  return {
    mayCall,
    listingFor(principal) {
      const { role } = principal;
      if (role === undefined) return listing;
      let tools = cache.get(role.name);
      if (tools === undefined) {
        tools = listing.filter((tool) => mayCall(principal, tool.name));
        cache.set(role.name, tools);
      }
      return tools;
    },
  };
}

/** Role tool names that no enabled plugin has: a ConfigError at start, as for plugin filters. */
export function unknownRoleTools(
  roles: Record<string, { tools?: { include?: string[]; exclude?: string[] } | undefined }>,
  catalog: Catalog,
): string[] {
  const known = new Set(catalog.tools.map((entry) => entry.descriptor.name));
  const problems: string[] = [];
  for (const [name, role] of Object.entries(roles)) {
    for (const list of ['include', 'exclude'] as const) {
      role.tools?.[list]?.forEach((tool, i) => {
        if (!known.has(tool))
          problems.push(
            `auth.roles.${name}.tools.${list}.${i}: no enabled plugin has a tool named "${tool}"`,
          );
      });
    }
  }
  return problems;
}
