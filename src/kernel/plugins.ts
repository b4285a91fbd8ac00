import type { DependencyContainer } from 'tsyringe';
import { z } from 'zod';
import { formatIssues, pluginPath } from './config/issues.js';
import type { PluginEntryConfig } from './config/schema.js';
import { ConfigError } from './errors.js';
import { defaultExport, importDefault } from './import-file.js';
import { type PluginRef, type PluginSources, resolvePluginRef } from './plugin-ref.js';
import { PLUGIN_OPTIONS } from './tokens.js';
import { defineTool, type ToolDefinition } from './tool-definition.js';
import { isZodObject, strictify } from './tool-schema.js';
import type { PluginManifest } from './types.js';

/** A plugin entry of the config with the shorthand `true`/`false` expanded. */
export interface PluginSettings {
  readonly enabled: boolean;
  readonly options: Record<string, unknown>;
  readonly tools: { include?: string[]; exclude?: string[] } | undefined;
}

export function pluginSettings(entry: PluginEntryConfig): PluginSettings {
  if (typeof entry === 'boolean') return { enabled: entry, options: {}, tools: undefined };
  return { enabled: entry.enabled, options: entry.options, tools: entry.tools };
}

export interface LoadedPlugin {
  readonly ref: PluginRef;
  readonly manifest: PluginManifest;
  readonly settings: PluginSettings;
  /** `options` parsed by the plugin's own schema. */
  readonly options: Record<string, unknown>;
  readonly tools: readonly ToolDefinition[];
  /** Child of the kernel's root container, holding PLUGIN_OPTIONS and what setup() registered. */
  readonly container: DependencyContainer;
}

export interface DisabledPlugin {
  readonly ref: PluginRef;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';

const ManifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9@][a-z0-9@/._-]{0,127}$/, 'lowercase letters, digits, @ / . _ -'),
    version: z.string().min(1),
    description: z.string().min(1),
    options: z.custom<z.ZodObject>(isZodObject, 'must be a zod object (z.object({...}))'),
    tools: z.array(z.custom(isFunction, 'must be a @Tool class')),
    prompts: z.array(z.object({ name: z.string(), render: z.custom(isFunction) }).loose()).optional(),
    resources: z.array(z.object({ uri: z.string(), read: z.custom(isFunction) }).loose()).optional(),
    setup: z.custom(isFunction, 'must be a function').optional(),
  })
  .strict();

function checkManifest(ref: PluginRef, exported: unknown): PluginManifest {
  const parsed = ManifestSchema.safeParse(exported);
  if (!parsed.success) {
    throw new ConfigError(
      `Plugin "${ref.key}" does not default-export a valid manifest (see definePlugin)`,
      formatIssues(parsed.error.issues).map((line) => `${pluginPath(ref.key)} manifest ${line}`),
    );
  }
  return exported as PluginManifest;
}

function parseOptions(
  ref: PluginRef,
  manifest: PluginManifest,
  settings: PluginSettings,
): Record<string, unknown> {
  const parsed = strictify(manifest.options).safeParse(settings.options);
  if (!parsed.success) {
    throw new ConfigError(
      'Invalid plugin options',
      formatIssues(parsed.error.issues, pluginPath(ref.key, 'options')),
    );
  }
  return parsed.data as Record<string, unknown>;
}

async function loadPlugin(
  ref: PluginRef,
  settings: PluginSettings,
  root: DependencyContainer,
  imported: Promise<unknown>,
): Promise<LoadedPlugin> {
  const exported = await step(ref, 'cannot be imported', () => imported);
  const manifest = checkManifest(ref, exported);
  const options = parseOptions(ref, manifest, settings);
  const tools = manifest.tools.map((toolClass, index) => defineTool(toolClass, manifest.name, index));
  const container = root.createChildContainer();
  container.register(PLUGIN_OPTIONS, { useValue: options });
  await step(ref, 'setup() failed', async () => manifest.setup?.(container, options));
  return { ref, manifest, settings, options, tools, container };
}

/** Runs plugin code; a failure names the plugin (the cause keeps the original error). */
async function step<T>(ref: PluginRef, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${pluginPath(ref.key)}: ${what}: ${reason}`, { cause: error });
  }
}

/**
 * Resolves every configured plugin (so a typo in a disabled one is still reported) and imports only
 * the enabled ones; errors come in config order.
 */
export async function loadPlugins(
  plugins: Record<string, PluginEntryConfig>,
  sources: PluginSources,
  root: DependencyContainer,
): Promise<{ loaded: LoadedPlugin[]; disabled: DisabledPlugin[] }> {
  const entries: { ref: PluginRef; settings: PluginSettings }[] = [];
  for (const [key, entry] of Object.entries(plugins)) {
    entries.push({ ref: await resolvePluginRef(key, sources), settings: pluginSettings(entry) });
  }
  // The enabled plugins' modules load together (their file reads overlap); each is then checked and
  // set up in config order, so the first problem reported is still the first in the config.
  const imports = entries.map(({ ref, settings }) => {
    if (!settings.enabled) return undefined;
    const imported =
      ref.load === undefined ? importDefault<unknown>(ref.entry) : ref.load().then(defaultExport);
    imported.catch(() => undefined); // reported by loadPlugin, in order (or not, after an earlier failure)
    return imported;
  });
  const loaded: LoadedPlugin[] = [];
  const disabled: DisabledPlugin[] = [];
  for (const [i, { ref, settings }] of entries.entries()) {
    const imported = imports[i];
    if (imported !== undefined) loaded.push(await loadPlugin(ref, settings, root, imported));
    else disabled.push({ ref });
  }
  const names = new Map<string, string>();
  for (const plugin of loaded) {
    const other = names.get(plugin.manifest.name);
    if (other !== undefined) {
      throw new ConfigError('Two plugins share a name', [
        `${pluginPath(plugin.ref.key)}: named "${plugin.manifest.name}", like ${pluginPath(other)}`,
      ]);
    }
    names.set(plugin.manifest.name, plugin.ref.key);
  }
  return { loaded, disabled };
}
