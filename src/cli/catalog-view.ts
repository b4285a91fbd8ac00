import { type RoleGrant, roleWithholds } from '../kernel/auth/roles.js';
import type { Catalog } from '../kernel/catalog.js';
import type { RiskTier } from '../kernel/risk.js';

/** One line of `mcp-xdr tools`: what the operator needs to see why a tool is (not) exposed. */
export interface ToolRow {
  readonly name: string;
  readonly plugin: string;
  /** Effective tier, after `policy.tierRaise`. */
  readonly tier: RiskTier;
  readonly declaredTier: RiskTier;
  readonly enabled: boolean;
  /** The rule that withheld the tool (`tools.include`, `tools.exclude`, `policy.maxTier`, `role`). */
  readonly rule?: string;
  readonly reason?: string;
}

export interface CatalogView {
  readonly plugins: Catalog['plugins'];
  readonly tools: readonly ToolRow[];
}

/** The catalog as the operator sees it, or as a principal of `role` does (`tools --role R`). */
export function catalogView(catalog: Catalog, role?: RoleGrant): CatalogView {
  const tools = catalog.tools.map(({ descriptor, status }): ToolRow => {
    const row = {
      name: descriptor.name,
      plugin: descriptor.plugin,
      tier: descriptor.tier,
      declaredTier: descriptor.declaredTier,
    };
    if (!status.enabled) return { ...row, enabled: false, rule: status.rule, reason: status.reason };
    const withheld = roleWithholds(role, descriptor);
    return withheld === undefined
      ? { ...row, enabled: true }
      : { ...row, enabled: false, rule: 'role', reason: withheld };
  });
  return { plugins: catalog.plugins, tools };
}

/** A plain-text table, one tool per line, then the plugins that are switched off. */
export function formatCatalog(view: CatalogView): string {
  const header = ['TOOL', 'PLUGIN', 'TIER', 'STATUS'];
  const rows = view.tools.map((tool) => [
    tool.name,
    tool.plugin,
    tool.tier === tool.declaredTier ? tool.tier : `${tool.tier} (raised from ${tool.declaredTier})`,
    tool.enabled ? 'enabled' : `withheld by ${tool.rule}: ${tool.reason}`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const off = view.plugins.filter((plugin) => !plugin.enabled).map((plugin) => plugin.key);
  const footer = off.length > 0 ? [`\nPlugins switched off (not loaded): ${off.join(', ')}`] : [];
  const count = view.tools.filter((tool) => tool.enabled).length;
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${count} of ${view.tools.length} tools enabled${footer.join('')}\n`;
}
