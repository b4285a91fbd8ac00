import { randomBytes } from 'node:crypto';
import { createTokenIssuer } from './access-tokens.js';
import { type AppName, createDirectory } from './apps.js';
import { CallLog } from './call-log.js';
import { generateRsaKeyPair } from './certs.js';
import { createClock } from './clock.js';
import { CONTROL_PREFIX, createControl, type EmulatorControl } from './control.js';
import { Counters } from './counters.js';
import type { AppCertificate } from './credentials.js';
import type { ActionTimings } from './data/machine-actions.js';
import { createWorld, type World } from './data/world.js';
import { ALL_MICROSOFT_HOSTS } from './drop-in/hosts.js';
import { type DropInProxy, type ProxyConnection, startDropInProxy } from './drop-in/proxy.js';
import { type FaultSpec, Faults, seededRandom } from './faults.js';
import type { HuntingEngine } from './kql/table.js';
import { MSI_API_VERSION, MSI_PATH } from './managed-identity.js';
import { applyOtherWrite } from './other-writer.js';
import { OwnApiAuthority } from './own-api/authority.js';
import type { OwnApiRegistration } from './own-api/registration.js';
import { Quotas, type QuotaTable } from './quotas.js';
import { createRouter } from './router.js';
import { createRoutes } from './routes/index.js';
import type { Route } from './routing.js';
import { createEmulatorServer } from './server.js';
import { createTlsMaterial } from './tls.js';

export interface EmulatorOptions {
  /** Seed of the world and of fault randomness. Default 1. */
  seed?: number;
  /** Tenant keys (or specs); default `contoso` and `fabrikam`. */
  tenants?: readonly (string | { key: string; displayName?: string; domain?: string })[];
  /** Faults active from the first request. */
  faults?: readonly FaultSpec[];
  /** Quota overrides by bucket (see quotas.ts), e.g. `{ hunting: { perMinute: 2 } }`. */
  quotas?: QuotaTable;
  /** Hunting data volume multiplier (1 = tens of thousands of rows a tenant). */
  scale?: number;
  /** Seed prompt-injection and odd Unicode into text fields. */
  hostile?: boolean;
  /** Access token lifetime; default 3600 s. */
  tokenLifetimeSeconds?: number;
  /** Default 0: any free port. */
  port?: number;
  /**
   * Routes served besides the built-in ones (checked first): endpoints the emulator lacks, or test
   * doubles of a third-party API, with the same bearer, role, quota and fault handling.
   */
  extraRoutes?: readonly Route[];
  /** The KQL engine behind both hunting endpoints; absent = the emulator's KQL engine. */
  huntingEngine?: HuntingEngine;
  /** How fast new machine actions move Pending -> InProgress -> done; default 10 s and 60 s. */
  machineActionTimings?: ActionTimings;
  /**
   * Drop-in mode: the server certificate also covers Microsoft's host names, and an HTTPS proxy on
   * 127.0.0.1 tunnels those names (and only those) to the emulator (see `dropIn`).
   */
  asMicrosoft?: boolean;
}

export interface EmulatorApp {
  name: AppName;
  clientId: string;
  /** Granted application permissions across Graph and MDE. */
  roles: string[];
  certificate: AppCertificate;
  secret: string;
}

export interface EmulatorTenant {
  key: string;
  tenantId: string;
  domain: string;
  apps: EmulatorApp[];
  /** Client id of the tenant's user-assigned managed identity. */
  managedIdentityClientId: string;
}

export interface RunningEmulator {
  /** All the same origin (`https://127.0.0.1:PORT`), split as clients configure them. */
  urls: { login: string; graph: string; mde: string; managedIdentity: string };
  /** The CA certificate (PEM) clients must trust. */
  ca: string;
  tenants: EmulatorTenant[];
  /** App Service style: set `IDENTITY_ENDPOINT` = endpoint and `IDENTITY_HEADER` = header. */
  managedIdentity: { endpoint: string; header: string; apiVersion: string };
  world: World;
  control: EmulatorControl;
  /** The emulator as Entra for mcp-xdr's own API: the server app, its clients, apps and test users. */
  entra: OwnApiRegistration;
  /** Drop-in mode only: the proxy URL for `HTTPS_PROXY`, the hosts it serves, the CONNECTs it saw. */
  dropIn?: { proxy: string; hosts: readonly string[]; connections: readonly ProxyConnection[] };
  stop(): Promise<void>;
}

/** Starts the emulator: PKI, directory, world, routes, one HTTPS listener on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? 1;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  if (!Number.isInteger(lifetime) || lifetime < 1)
    throw new RangeError('tokenLifetimeSeconds must be a positive integer');
  const clock = createClock();
  const world = createWorld({
    seed,
    tenants: options.tenants,
    scale: options.scale,
    hostile: options.hostile,
    clock,
    actionTimings: options.machineActionTimings,
  });
  const routes = [...(options.extraRoutes ?? []), ...createRoutes(world, { engine: options.huntingEngine })];
  const [tls, signingKeys, directory] = await Promise.all([
    createTlsMaterial(options.asMicrosoft ? ALL_MICROSOFT_HOSTS : []),
    generateRsaKeyPair(),
    createDirectory(world.tenants, seed),
  ]);
  const issuer = await createTokenIssuer(signingKeys, clock, lifetime);
  const faults = new Faults(seededRandom(seed));
  for (const spec of options.faults ?? []) faults.add(spec);
  const quotas = new Quotas(options.quotas);
  const counters = new Counters();
  const calls = new CallLog();
  const [home, ...others] = world.tenants;
  const ownApi = new OwnApiAuthority(home as (typeof world.tenants)[number], others, seed, clock, lifetime);
  const identityHeader = randomBytes(24).toString('base64url');
  let origins: string[] = [];
  // Created before listening, so no request can find the control missing; its URL follows the port.
  const control = createControl({
    url: '',
    key: randomBytes(24).toString('base64url'),
    clock,
    faults,
    counters,
    quotas,
    world,
    entra: {
      rotateKeys: () => ownApi.rotateKeys(),
      token: (request) => ownApi.mint({ ...request, origin: origins[0] as string }),
      addIdentifierUri: (uri) => ownApi.addIdentifierUri(uri),
    },
    calls,
  });
  const server = createEmulatorServer(
    tls,
    {
      directory,
      issuer,
      clock,
      faults,
      quotas,
      counters,
      calls,
      ownApi,
      router: createRouter(routes),
      managedIdentity: { identityHeader, identities: directory.managedIdentities },
      origins: () => origins,
      otherWriter: (target, write) => applyOtherWrite(world, target, write),
    },
    control,
  );
  const port = await server.listen(options.port ?? 0);
  const origin = `https://127.0.0.1:${port}`;
  origins = [origin, `https://localhost:${port}`, `https://[::1]:${port}`];
  control.url = `${origin}${CONTROL_PREFIX}`;
  let proxy: DropInProxy | undefined;
  try {
    proxy = options.asMicrosoft ? await startDropInProxy(port) : undefined;
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    urls: { login: origin, graph: origin, mde: origin, managedIdentity: `${origin}${MSI_PATH}` },
    ca: tls.caCertPem,
    tenants: world.tenants.map((tenant) => ({
      key: tenant.key,
      tenantId: tenant.tenantId,
      domain: tenant.domain,
      apps: directory.apps
        .filter((app) => app.tenant.tenantId === tenant.tenantId)
        .map((app) => ({
          name: app.name,
          clientId: app.clientId,
          roles: [...app.grants.graph, ...app.grants.mde],
          certificate: app.credentials.certificate,
          secret: app.credentials.secret,
        })),
      managedIdentityClientId:
        directory.managedIdentities.find((mi) => mi.tenant.tenantId === tenant.tenantId)?.clientId ?? '',
    })),
    managedIdentity: {
      endpoint: `${origin}${MSI_PATH}`,
      header: identityHeader,
      apiVersion: MSI_API_VERSION,
    },
    world,
    control,
    entra: ownApi.registration,
    ...(proxy
      ? { dropIn: { proxy: proxy.url, hosts: ALL_MICROSOFT_HOSTS, connections: proxy.connections } }
      : {}),
    stop: async () => {
      await proxy?.close();
      await server.close();
    },
  };
}
