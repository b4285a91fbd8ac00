import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type DependencyContainer, container as globalContainer } from 'tsyringe';
import type { z } from 'zod';
import { type Approvals, createApprovals } from './approvals/approvals.js';
import { flushAuditLogs, sharedAuditLog } from './audit/log.js';
import { roleTools, unknownRoleTools } from './auth/role-tools.js';
import { buildCatalog, type Catalog } from './catalog.js';
import { parseConfig } from './config/loader.js';
import { type KernelConfig, KernelConfigSchema } from './config/schema.js';
import { ConfigError } from './errors.js';
import { ResponseLimits } from './guards/limits.js';
import { createLogger, type Logger } from './logger.js';
import { validate } from './middleware/validate.js';
import type { PluginSources } from './plugin-ref.js';
import { loadPlugins } from './plugins.js';
import { auditStep, buildPolicyChain } from './policy-chain.js';
import { createMcpServer, type ServerRuntime, type SessionInfo } from './server.js';
import { openStateStore } from './state/open.js';
import type { StateStore } from './state/store.js';
import { identityTenantResolver, type TenantResolver } from './tenant-resolver.js';
import {
  CLOCK,
  type Clock,
  CONFIG,
  LOGGER,
  RESPONSE_LIMITS,
  SESSION,
  STATE_STORE,
  systemClock,
  TENANT_RESOLVER,
  TOOL_CATALOG,
} from './tokens.js';
import { listedTool } from './tool-listing.js';
import { type BoundTool, createToolRunner, type ToolInstance } from './tool-runner.js';
import type { Principal, ToolMiddleware } from './types.js';

export interface KernelOptions {
  /** The operator config, raw or already parsed: it is (re)checked against `configSchema`. */
  readonly config: unknown;
  /** Directory of the config file: plugin packages and paths resolve from here. */
  readonly configDir: string;
  /** Folder of built-in plugins; the kernel imports nothing of ours statically. */
  readonly builtinDir?: string;
  /** The built-in plugins' modules by name (PluginSources.builtinModules). */
  readonly builtinModules?: PluginSources['builtinModules'];
  /** A schema from createConfigSchema(extensions) when other layers add sections. */
  readonly configSchema?: z.ZodType;
  readonly store?: StateStore;
  /** Where secrets named by the config (the Redis URL and password variables) are read; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly version?: string;
  /**
   * Registers services shared by all plugins (the Defender access layer) in the root container,
   * after the config is validated and before any plugin is loaded. Returns a cleanup for close().
   */
  readonly services?: (
    root: DependencyContainer,
    config: KernelConfig,
  ) => void | (() => Promise<void>) | Promise<void | (() => Promise<void>)>;
  /**
   * Middleware of the embedder (outermost first), placed innermost: around the tool itself, inside
   * the whole policy chain, so it sees only calls the policy let through and the tool's own result
   * or error. `mcp-xdr sandbox` marks every result as emulated data this way.
   */
  readonly extraMiddleware?: readonly ToolMiddleware[];
  /**
   * Applied to every `tools/call` result as the client receives it: successes, previews, refusals and
   * errors alike. `mcp-xdr sandbox` marks them all as emulated data this way.
   */
  readonly markResult?: (result: CallToolResult) => CallToolResult;
}

/** The one composition API the CLI and tests use. */
export interface Kernel extends ServerRuntime {
  readonly config: KernelConfig;
  /**
   * Root container: CONFIG, CLOCK, LOGGER, STATE_STORE, TOOL_CATALOG. Each plugin gets a child of it
   * (once per kernel), and each session a child of every plugin's container (SESSION).
   */
  readonly container: DependencyContainer;
  /** Pending approvals, the kill switch and the console's address (the console routes use them). */
  readonly approvals: Approvals;
  /** A fresh MCP server for one client session, with tool instances of its own. */
  createServer(session?: Partial<SessionInfo>): McpServer;
  close(): Promise<void>;
}

export const LOCAL_PRINCIPAL: Principal = { id: 'local', kind: 'local' };

/**
 * One session's tool instances. Each plugin's tools resolve from a child of that plugin's container
 * holding SESSION, so a tool instance serves one session, and whatever resolves per container
 * (tsyringe `Lifecycle.ContainerScoped` registrations of a plugin's setup()) is per session too.
 */
function resolveTools(
  catalog: Catalog,
  plugins: ReadonlyMap<string, DependencyContainer>,
  session: SessionInfo,
): { tools: Map<string, BoundTool>; containers: DependencyContainer[] } {
  const containers = new Map<string, DependencyContainer>();
  const tools = new Map<string, BoundTool>();
  for (const { descriptor, definition, status } of catalog.tools) {
    if (!status.enabled) continue;
    try {
      let container = containers.get(descriptor.plugin);
      if (container === undefined) {
        container = (plugins.get(descriptor.plugin) as DependencyContainer).createChildContainer();
        container.register(SESSION, { useValue: session });
        containers.set(descriptor.plugin, container);
      }
      const instance = container.resolve(definition.toolClass) as ToolInstance;
      tools.set(descriptor.name, { instance, output: definition.options.output });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Plugin "${descriptor.plugin}": cannot construct tool ${descriptor.name}: ${reason}`);
    }
  }
  return { tools, containers: [...containers.values()] };
}

/** Disposes session containers; a failing dispose() is logged, never thrown at the transport. */
async function disposeAll(containers: readonly DependencyContainer[], logger: Logger): Promise<void> {
  for (const container of containers) {
    try {
      await container.dispose();
    } catch (error) {
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'dispose() failed');
    }
  }
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string, what: string): readonly T[] {
  const seen = new Set<string>();
  const duplicates = items.map(key).filter((k) => seen.size === seen.add(k).size);
  if (duplicates.length > 0) {
    throw new ConfigError(
      `Two enabled plugins provide the same ${what}`,
      duplicates.map((d) => `${what} ${d}`),
    );
  }
  return items;
}

/**
 * Loads the enabled plugins, applies the enablement rules and builds the call chain. Everything that
 * can be wrong with a deployment is found here, before any client connects.
 */
export async function createKernel(options: KernelOptions): Promise<Kernel> {
  const config = parseConfig(
    options.configSchema ?? KernelConfigSchema,
    options.config,
    'config',
  ) as KernelConfig;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const ownStore = options.store === undefined;
  const store =
    options.store ??
    (await openStateStore(config.state, {
      clock,
      logger,
      env: options.env ?? process.env,
      configDir: options.configDir,
    }));
  try {
    return await assembleKernel(options, { config, clock, logger, store, ownStore });
  } catch (error) {
    // A Redis connection left open would keep a failed start alive.
    if (ownStore) await store.close();
    throw error;
  }
}

interface KernelBasics {
  readonly config: KernelConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: StateStore;
  readonly ownStore: boolean;
}

async function assembleKernel(options: KernelOptions, basics: KernelBasics): Promise<Kernel> {
  const { config, clock, logger, store, ownStore } = basics;
  const root = globalContainer.createChildContainer();
  root.register(CONFIG, { useValue: config });
  root.register(CLOCK, { useValue: clock });
  root.register(LOGGER, { useValue: logger });
  root.register(STATE_STORE, { useValue: store });
  root.register(RESPONSE_LIMITS, { useValue: new ResponseLimits(store, clock) });

  const closeServices = (await options.services?.(root, config)) ?? undefined;

  const sources = {
    configDir: options.configDir,
    builtinDir: options.builtinDir,
    builtinModules: options.builtinModules,
  };
  const { loaded, disabled } = await loadPlugins(config.plugins, sources, root);
  const catalog = buildCatalog(loaded, disabled, config.policy);
  root.register(TOOL_CATALOG, { useValue: catalog });
  const roleProblems = unknownRoleTools(config.auth.roles, catalog);
  if (roleProblems.length > 0) throw new ConfigError('Invalid tool names in auth.roles', roleProblems);
  const unknownTwoApprovers = config.policy.approval.twoApprovers.filter((name) => !catalog.isEnabled(name));
  if (unknownTwoApprovers.length > 0) {
    throw new ConfigError(
      'Invalid tool names in policy.approval.twoApprovers',
      unknownTwoApprovers.map((name) => `policy.approval.twoApprovers: ${name} is not an enabled tool`),
    );
  }
  const approvals = createApprovals({
    config: config.policy.approval,
    store,
    clock,
    log: sharedAuditLog(config.audit, { warn: (message) => logger.warn({}, message) }),
  });

  const middlewares = [
    ...buildPolicyChain({
      policy: config.policy,
      audit: config.audit,
      store,
      clock,
      validate,
      logger,
      approvals,
      confirmsCalls: catalog.tools.some((entry) => entry.status.enabled && entry.descriptor.tier !== 'read'),
    }),
    ...(options.extraMiddleware ?? []),
  ];
  // A prompt or resource that tells the model to call a withheld tool is withheld with it.
  const offered = (item: { tools?: readonly string[] }) =>
    (item.tools ?? []).every((name) => catalog.isEnabled(name));
  const withheldAudit = auditStep({ audit: config.audit, clock, logger });
  // Looked up on first use: the layer behind it (the Defender access layer) is built lazily.
  let resolver: TenantResolver | undefined;
  const tenantResolver = (): TenantResolver => {
    resolver ??= root.isRegistered(TENANT_RESOLVER, true)
      ? root.resolve<TenantResolver>(TENANT_RESOLVER)
      : identityTenantResolver;
    return resolver;
  };
  const pluginContainers = new Map(loaded.map((plugin) => [plugin.manifest.name, plugin.container]));
  // Every tool is constructed once here, so a wiring mistake stops the start, not a client's call.
  await disposeAll(
    resolveTools(catalog, pluginContainers, { principal: LOCAL_PRINCIPAL }).containers,
    logger,
  );
  const listing = catalog.tools.filter((entry) => entry.status.enabled).map(listedTool);
  const kernel: Kernel = {
    config,
    container: root,
    approvals,
    info: { name: config.server.name, version: options.version ?? '0.0.0' },
    catalog,
    listing,
    roles: roleTools(catalog, listing),
    prompts: uniqueBy(
      loaded.flatMap((p) => p.manifest.prompts ?? []).filter(offered),
      (p) => p.name,
      'prompt',
    ),
    resources: uniqueBy(
      loaded.flatMap((p) => p.manifest.resources ?? []).filter(offered),
      (r) => r.uri,
      'resource',
    ),
    logger,
    // The approval step keeps its own deadline; the SDK's request timeout must not end it sooner.
    elicitTimeoutMs: (config.policy.approval.timeoutSeconds + 30) * 1000,
    createServer: (session = {}) => {
      const info: SessionInfo = {
        principal: session.principal ?? LOCAL_PRINCIPAL,
        sessionId: session.sessionId,
      };
      const { tools, containers } = resolveTools(catalog, pluginContainers, info);
      const runner = createToolRunner({
        tools,
        middlewares,
        clock,
        logger,
        tenantResolver,
        audit: withheldAudit,
        markResult: options.markResult,
      });
      const server = createMcpServer(kernel, info, runner);
      // The session's containers end with it: disposable services they made (dispose()) are disposed.
      server.server.onclose = () => void disposeAll(containers, logger);
      return server;
    },
    async close() {
      flushAuditLogs();
      await closeServices?.();
      if (ownStore) await store.close();
    },
  };
  return kernel;
}
