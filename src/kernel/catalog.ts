import type { z } from 'zod';
import { pluginPath } from './config/issues.js';
import type { PolicyConfig } from './config/schema.js';
import { ConfigError } from './errors.js';
import type { DisabledPlugin, LoadedPlugin } from './plugins.js';
import { writeEnvelope } from './preview.js';
import { isAbove, type RiskTier, tierRank } from './risk.js';
import type { ToolDefinition } from './tool-definition.js';
import type { ToolDescriptor } from './types.js';

/**
 * Which tools this deployment exposes. The rules apply in a fixed order; the first that withholds
 * a tool is the one reported (docs/configuration.md):
 *   1. the plugin is on or off (an off plugin is never imported, so its tools are unknown)
 *   2. the plugin's `tools.include` / `tools.exclude`
 *   3. `policy.tierRaise` raises the tool's tier (never lowers it)
 *   4. the effective tier against `policy.maxTier`
 */
export type WithholdingRule = 'tools.include' | 'tools.exclude' | 'policy.maxTier';

export type ToolStatus =
  | { readonly enabled: true }
  | { readonly enabled: false; readonly rule: WithholdingRule; readonly reason: string };

export interface CatalogEntry {
  readonly descriptor: ToolDescriptor;
  readonly definition: ToolDefinition;
  readonly status: ToolStatus;
}

export interface PluginStatus {
  readonly key: string;
  readonly name: string | undefined;
  readonly version: string | undefined;
  readonly enabled: boolean;
}

export interface Catalog {
  /** Every tool of every enabled plugin, enabled or not, in config order. */
  readonly tools: readonly CatalogEntry[];
  readonly plugins: readonly PluginStatus[];
  /** An enabled tool by name; undefined for withheld and unknown names alike. */
  enabled(name: string): CatalogEntry | undefined;
  isEnabled(name: string): boolean;
}

function statusOf(
  definition: ToolDefinition,
  filter: LoadedPlugin['settings']['tools'],
  tier: RiskTier,
  maxTier: RiskTier,
): ToolStatus {
  if (filter?.include !== undefined && !filter.include.includes(definition.name)) {
    return { enabled: false, rule: 'tools.include', reason: 'not in the plugin’s tools.include' };
  }
  if (filter?.exclude?.includes(definition.name)) {
    return { enabled: false, rule: 'tools.exclude', reason: 'in the plugin’s tools.exclude' };
  }
  if (isAbove(tier, maxTier)) {
    return {
      enabled: false,
      rule: 'policy.maxTier',
      reason: `tier ${tier} is above policy.maxTier ${maxTier}`,
    };
  }
  return { enabled: true };
}

function descriptorOf(definition: ToolDefinition, tier: RiskTier, policy: PolicyConfig): ToolDescriptor {
  const { options } = definition;
  return {
    name: definition.name,
    plugin: definition.plugin,
    title: options.title,
    tier,
    declaredTier: options.risk,
    idempotent: options.idempotent,
    openWorld: options.openWorld ?? true,
    timeoutMs: policy.timeouts.tools[definition.name] ?? options.timeoutMs,
    rateLimit: policy.rateLimits.tools[definition.name] ?? options.rateLimit,
    inputSchema: definition.input,
    // What structuredContent looks like: write/destructive calls answer with a preview or the result.
    outputSchema:
      tier === 'read' ? options.output : (writeEnvelope(options.output) as unknown as z.ZodObject),
  };
}

/** Every tool name the config mentions outside plugin filters, with its key path. */
function policyToolNames(policy: PolicyConfig): [string, string][] {
  return [
    ...Object.keys(policy.tierRaise).map((name): [string, string] => [name, `policy.tierRaise.${name}`]),
    ...Object.keys(policy.rateLimits.tools).map((name): [string, string] => [
      name,
      `policy.rateLimits.tools.${name}`,
    ]),
    ...Object.keys(policy.timeouts.tools).map((name): [string, string] => [
      name,
      `policy.timeouts.tools.${name}`,
    ]),
  ];
}

function checkNames(loaded: readonly LoadedPlugin[], policy: PolicyConfig): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const plugin of loaded) {
    for (const tool of plugin.tools) {
      const other = owner.get(tool.name);
      if (other !== undefined)
        problems.push(`${pluginPath(plugin.ref.key)}: tool "${tool.name}" is also in ${other}`);
      owner.set(tool.name, pluginPath(plugin.ref.key));
    }
  }
  for (const plugin of loaded) {
    const own = new Set(plugin.tools.map((tool) => tool.name));
    for (const list of ['include', 'exclude'] as const) {
      plugin.settings.tools?.[list]?.forEach((name, i) => {
        if (!own.has(name)) {
          problems.push(
            `${pluginPath(plugin.ref.key, 'tools', list, i)}: "${name}" is not a tool of this plugin`,
          );
        }
      });
    }
  }
  for (const [name, path] of policyToolNames(policy)) {
    if (!owner.has(name)) problems.push(`${path}: no enabled plugin has a tool named "${name}"`);
  }
  for (const plugin of loaded) {
    for (const tool of plugin.tools) {
      const raised = policy.tierRaise[tool.name];
      if (raised !== undefined && tierRank(raised) < tierRank(tool.options.risk)) {
        problems.push(
          `policy.tierRaise.${tool.name}: cannot lower ${tool.options.risk} to ${raised} (raise only)`,
        );
      }
    }
  }
  return problems;
}

/** Applies the enablement rules. Unknown or misplaced tool names are a ConfigError, never ignored. */
export function buildCatalog(
  loaded: readonly LoadedPlugin[],
  disabled: readonly DisabledPlugin[],
  policy: PolicyConfig,
): Catalog {
  const problems = checkNames(loaded, policy);
  if (problems.length > 0) throw new ConfigError('Invalid tool names in the config', problems);

  const tools = loaded.flatMap((plugin) =>
    plugin.tools.map((definition): CatalogEntry => {
      const tier = policy.tierRaise[definition.name] ?? definition.options.risk;
      return {
        definition,
        descriptor: descriptorOf(definition, tier, policy),
        status: statusOf(definition, plugin.settings.tools, tier, policy.maxTier),
      };
    }),
  );
  const byName = new Map(
    tools.filter((entry) => entry.status.enabled).map((entry) => [entry.descriptor.name, entry]),
  );
  const plugins: PluginStatus[] = [
    ...loaded.map((p) => ({
      key: p.ref.key,
      name: p.manifest.name,
      version: p.manifest.version,
      enabled: true,
    })),
    ...disabled.map((p) => ({ key: p.ref.key, name: undefined, version: undefined, enabled: false })),
  ];
  return {
    tools,
    plugins,
    enabled: (name) => byName.get(name),
    isEnabled: (name) => byName.has(name),
  };
}
