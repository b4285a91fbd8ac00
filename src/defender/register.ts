import type { DependencyContainer } from 'tsyringe';
import { MemoryStateStore } from '../kernel/state/memory.js';
import type { StateStore } from '../kernel/state/store.js';
import { identityTenantResolver, type TenantResolver } from '../kernel/tenant-resolver.js';
import { token } from '../kernel/token.js';
import { STATE_STORE, TENANT_RESOLVER } from '../kernel/tokens.js';
import { ApiClient } from './api-client.js';
import { RateBudgets } from './budget.js';
import type { TenantsSection } from './config.js';
import { GraphClient } from './graph.js';
import { type HttpStackOptions, HttpStackPool } from './http.js';
import { DefenderIndicators } from './indicators/client.js';
import { DefenderForEndpoint, type MdeOptions } from './mde.js';
import type { RetryOptions } from './retry.js';
import { type ResolvedTenants, resolveTenants } from './tenant-sources.js';
import { type AllowedTenants, Tenants } from './tenants.js';
import { TokenProvider } from './tokens.js';

/** Symbol tokens, for plugins that prefer them to class tokens (both are registered). */
export const TENANTS = token<Tenants>('mcp-xdr.defender.tenants');
export const GRAPH_CLIENT = token<GraphClient>('mcp-xdr.defender.graph');
export const DEFENDER_FOR_ENDPOINT = token<DefenderForEndpoint>('mcp-xdr.defender.mde');
export const TOKEN_PROVIDER = token<TokenProvider>('mcp-xdr.defender.tokens');
export const DEFENDER_INDICATORS = token<DefenderIndicators>('mcp-xdr.defender.indicators');

export interface DefenderOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder that a relative `tenants.file` resolves against (the config file's folder). */
  baseDir?: string;
  allowedTenants?: AllowedTenants;
  http?: Omit<HttpStackOptions, 'caFile' | 'proxy' | 'env'>;
  retry?: Omit<RetryOptions, 'signal' | 'deadline'>;
  mde?: MdeOptions;
  /** Where the Defender budgets are counted, shared by every replica that uses the same store. */
  store?: StateStore;
  /** How long a read may wait for a budget slot (ApiClientDeps.budgetMaxWaitMs). */
  budgetMaxWaitMs?: number;
  /** Receives operator warnings (weaker credentials, inline passphrases). Defaults to stderr. */
  onWarning?: (message: string) => void;
  now?: () => number;
}

/** Everything the access layer is made of, wired once. */
export interface DefenderLayer {
  readonly resolved: ResolvedTenants;
  readonly tenants: Tenants;
  readonly tokens: TokenProvider;
  readonly budgets: RateBudgets;
  readonly api: ApiClient;
  readonly graph: GraphClient;
  readonly mde: DefenderForEndpoint;
  readonly indicators: DefenderIndicators;
  close(): Promise<void>;
}

export function createDefender(
  section: TenantsSection | undefined,
  options: DefenderOptions = {},
): DefenderLayer {
  const env = options.env ?? process.env;
  const resolved = resolveTenants(section, { env, ...(options.baseDir ? { baseDir: options.baseDir } : {}) });
  const warn = options.onWarning ?? ((m: string) => process.stderr.write(`mcp-xdr: warning: ${m}\n`));
  for (const w of resolved.warnings) warn(w);
  const pool = new HttpStackPool({ ...options.http, env });
  const httpFor = (t: { caFile?: string | undefined; proxy?: string | undefined }) => pool.for(t);
  const tokens = new TokenProvider(resolved.tenants, {
    httpFor,
    env,
    ...(options.now ? { now: options.now } : {}),
  });
  const budgets = new RateBudgets(undefined, options.now, options.store);
  const api = new ApiClient({
    tokens,
    httpFor,
    budgets,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.budgetMaxWaitMs === undefined ? {} : { budgetMaxWaitMs: options.budgetMaxWaitMs }),
  });
  return {
    resolved,
    tenants: new Tenants(resolved, options.allowedTenants),
    tokens,
    budgets,
    api,
    graph: new GraphClient(api),
    mde: new DefenderForEndpoint(api, options.mde),
    indicators: new DefenderIndicators(api),
    close: () => pool.close(),
  };
}

type Binding = readonly [cls: unknown, symbol: symbol, pick: (layer: DefenderLayer) => unknown];

const BINDINGS: readonly Binding[] = [
  [Tenants, TENANTS, (l) => l.tenants],
  [GraphClient, GRAPH_CLIENT, (l) => l.graph],
  [DefenderForEndpoint, DEFENDER_FOR_ENDPOINT, (l) => l.mde],
  [TokenProvider, TOKEN_PROVIDER, (l) => l.tokens],
  [DefenderIndicators, DEFENDER_INDICATORS, (l) => l.indicators],
];

/**
 * The kernel keys limits, tokens and audit by the same keys the tools resolve (Tenants.resolve).
 * While the layer is unbuilt no tool uses it (tools are built at start), so the argument stands as is.
 */
function tenantResolver(layer: () => DefenderLayer | undefined): TenantResolver {
  return {
    resolve: (requested, principal) => {
      const built = layer();
      if (built === undefined) return identityTenantResolver.resolve(requested, principal);
      return built.tenants.resolve(requested, principal).map((t) => t.key);
    },
  };
}

/**
 * Registers the access layer so plugins can `@inject(GraphClient)`, `@inject(DefenderForEndpoint)`
 * or `@inject(Tenants)` (or the symbol tokens above).
 */
export function registerDefender(
  container: DependencyContainer,
  section: TenantsSection | undefined,
  options: DefenderOptions = {},
): DefenderLayer {
  const layer = createDefender(section, options);
  for (const [cls, sym, pick] of BINDINGS) {
    container.registerInstance(cls as new () => unknown, pick(layer));
    container.registerInstance(sym, pick(layer));
  }
  container.registerInstance(
    TENANT_RESOLVER,
    tenantResolver(() => layer),
  );
  return layer;
}

/**
 * The same registrations, built on first injection: a deployment whose plugins never inject the
 * access layer needs no tenant, and one that does gets the tenant configuration errors at start,
 * when its tools are constructed. Returns a close() for the layer if it was built.
 */
export function registerDefenderLazily(
  container: DependencyContainer,
  section: TenantsSection | undefined,
  options: DefenderOptions = {},
): { close(): Promise<void>; built(): boolean } {
  let layer: DefenderLayer | undefined;
  // The kernel's store when it is shared (Redis): budgets are then counted for every replica on it.
  // One process keeps its own exact sliding log: slots would only make its budget coarser.
  const kernelStore = container.isRegistered(STATE_STORE, true)
    ? container.resolve<StateStore>(STATE_STORE)
    : undefined;
  const store = options.store ?? (kernelStore instanceof MemoryStateStore ? undefined : kernelStore);
  const get = (): DefenderLayer => {
    layer ??= createDefender(section, { ...options, ...(store === undefined ? {} : { store }) });
    return layer;
  };
  for (const [cls, sym, pick] of BINDINGS) {
    container.register(cls as new () => unknown, { useFactory: () => pick(get()) });
    container.register(sym, { useFactory: () => pick(get()) });
  }
  container.registerInstance(
    TENANT_RESOLVER,
    tenantResolver(() => layer),
  );
  return { close: async () => layer?.close(), built: () => layer !== undefined };
}
