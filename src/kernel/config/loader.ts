import { existsSync, realpathSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader } from 'cosmiconfig';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatIssues } from './issues.js';
import { KernelConfigSchema } from './schema.js';
import { loadTypeScriptConfig } from './typescript-config.js';

export const MODULE_NAME = 'mcp-xdr';
export const CONFIG_ENV = 'MCP_XDR_CONFIG';

/** Looked for in the working directory only, in this order. */
export const SEARCH_PLACES = [
  'mcp-xdr.config.ts',
  'mcp-xdr.config.mts',
  'mcp-xdr.config.js',
  'mcp-xdr.config.mjs',
  'mcp-xdr.config.json',
  '.mcp-xdrrc',
  '.mcp-xdrrc.json',
  '.mcp-xdrrc.yaml',
  '.mcp-xdrrc.yml',
  'package.json',
];

/**
 * cosmiconfig's own `.ts` loader writes a compiled file beside the config; ours writes nothing there
 * (types stripped once into node_modules/.cache, or jiti: see typescript-config.ts).
 */
const loadTypeScript: Loader = (filepath) => loadTypeScriptConfig(filepath);

export interface LoadConfigOptions<S extends z.ZodType> {
  /** The schema to check against: `KernelConfigSchema`, or one built with createConfigSchema(extensions). */
  schema?: S;
  /** Where to search when no file is named. Default: process.cwd(). */
  cwd?: string;
  /** `--config FILE`: wins over the environment and the search. */
  file?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedConfig<T> {
  readonly config: T;
  readonly filepath: string;
  /** Plugin packages and paths are resolved from here. */
  readonly configDir: string;
}

/** Validates a raw config object; problems are `key.path: what is wrong` lines. */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success)
    throw new ConfigError(`Invalid config in ${source}`, formatIssues(parsed.error.issues));
  return parsed.data;
}

/** Named config files of these kinds are imported directly (see loadModuleFile). */
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/**
 * A named JavaScript or TypeScript config, loaded as cosmiconfig loads it (the default export of
 * the real path; TypeScript through the same jiti loader) without cosmiconfig itself: creating an
 * explorer searches the working directory for cosmiconfig's own meta config and parses
 * package.json, about 25 ms of every start for nothing when the file is already named.
 */
async function loadModuleFile(filepath: string): Promise<unknown> {
  const extension = extname(filepath);
  if (TYPESCRIPT.has(extension)) return loadTypeScript(filepath, '');
  const namespace = (await import(pathToFileURL(realpathSync(filepath)).href)) as { default?: unknown };
  return namespace.default;
}

/** The first module config among SEARCH_PLACES in `cwd`, when the search would find it first. */
function searchedModule(cwd: string): string | undefined {
  for (const place of SEARCH_PLACES) {
    const extension = extname(place);
    if (!JAVASCRIPT.has(extension) && !TYPESCRIPT.has(extension)) return undefined;
    const candidate = resolve(cwd, place);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function find(cwd: string, file: string | undefined): Promise<{ config: unknown; filepath: string }> {
  // A module config found by the search is loaded directly too: cosmiconfig is for the other kinds.
  const filepath = file === undefined ? searchedModule(cwd) : resolve(cwd, file);
  if (filepath !== undefined && !existsSync(filepath)) {
    throw new ConfigError(`Config file not found: ${filepath}`);
  }
  const extension = filepath === undefined ? '' : extname(filepath);
  if (filepath !== undefined && (JAVASCRIPT.has(extension) || TYPESCRIPT.has(extension))) {
    return { config: await loadModuleFile(filepath), filepath };
  }
  // JSON, YAML, rc files, package.json and the search: cosmiconfig, loaded only now.
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'none',
    loaders: { '.ts': loadTypeScript, '.mts': loadTypeScript, '.cts': loadTypeScript },
    cache: false,
  });
  if (filepath !== undefined) {
    const result = await explorer.load(filepath);
    return { config: result?.config, filepath };
  }
  const result = await explorer.search(cwd);
  if (result === null) {
    throw new ConfigError(`No config found in ${cwd}`, [
      `looked for: ${SEARCH_PLACES.map((p) => (p === 'package.json' ? 'package.json#mcp-xdr' : p)).join(', ')}`,
      `or name one with --config FILE or ${CONFIG_ENV}`,
    ]);
  }
  return { config: result.config, filepath: result.filepath };
}

/**
 * Finds and validates the operator config: `--config FILE`, else `MCP_XDR_CONFIG`, else the first
 * of SEARCH_PLACES in the working directory. Any problem is a ConfigError (the CLI exits 2).
 */
export async function loadConfig<S extends z.ZodType = typeof KernelConfigSchema>(
  options: LoadConfigOptions<S> = {},
): Promise<LoadedConfig<z.output<S>>> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.file ?? (env[CONFIG_ENV] || undefined);
  let found: { config: unknown; filepath: string };
  try {
    found = await find(cwd, file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // Syntax errors and the like: the message helps the operator; the stack does not.
    throw new ConfigError(`Cannot read config${file === undefined ? '' : ` ${file}`}`, [
      error instanceof Error ? error.message : String(error),
    ]);
  }
  const schema = (options.schema ?? KernelConfigSchema) as S;
  return {
    config: parseConfig(schema, found.config, found.filepath),
    filepath: found.filepath,
    configDir: dirname(found.filepath),
  };
}
