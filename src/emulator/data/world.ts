import type { HuntingDatabase, HuntingTable } from '../kql/table.js';
import type { EmuClock } from '../routing.js';
import { generateMachines } from './machines.js';
import type { Alert, IdentityAccount, Incident, Machine, RiskyUser, User } from './model.js';
import { Rng } from './prng.js';
import { DEFAULT_TENANTS, type TenantInfo, type TenantSpec, tenantInfo } from './tenant-info.js';
import { DAY } from './time.js';
import { generateIdentityAccounts, generateRiskyUsers, generateUsers } from './users.js';

export interface WorldOptions {
  seed: number;
  /** Tenant keys or specs; default `contoso` and `fabrikam`. */
  tenants?: readonly (string | TenantSpec)[];
  /** Multiplies the background hunting rows (1 = tens of thousands per tenant). Default 1. */
  scale?: number;
  /** Fill text fields with prompt injection, fake delimiters, control/bidi characters, long strings. */
  hostile?: boolean;
  clock: EmuClock;
  /**
   * The instant the data is generated around (records lie in the 30 days before it). Default: the
   * start of the clock's current UTC day, so a world made on the same day from the same seed is
   * identical while hunting's default 30-day window still covers the data.
   */
  anchor?: number;
}

export interface TenantData extends TenantInfo {
  machines: Machine[];
  users: User[];
  riskyUsers: RiskyUser[];
  identityAccounts: IdentityAccount[];
  incidents: Incident[];
  alerts: Alert[];
  hunting: HuntingDatabase;
}

export interface World {
  readonly seed: number;
  readonly scale: number;
  readonly hostile: boolean;
  readonly anchor: number;
  readonly clock: EmuClock;
  readonly tenants: readonly TenantData[];
  /** A tenant by config key or tenant id (GUID, any case). */
  tenant(keyOrId: string): TenantData | undefined;
}

function tableDatabase(tables: readonly HuntingTable[]): HuntingDatabase {
  const byName = new Map(tables.map((t) => [t.name, t]));
  return { table: (name) => byName.get(name), tables: () => tables };
}

function createTenant(
  options: Required<Omit<WorldOptions, 'tenants' | 'clock'>>,
  spec: TenantSpec,
): TenantData {
  const info = tenantInfo(options.seed, spec);
  const rng = (label: string) => Rng.of(options.seed, info.key, label);
  const machines = generateMachines(rng('machines'), info, 40, options.anchor);
  const users = generateUsers(rng('users'), info, 100, options.anchor, options.hostile);
  return {
    ...info,
    machines,
    users,
    riskyUsers: generateRiskyUsers(rng('risky'), users, options.anchor),
    identityAccounts: generateIdentityAccounts(rng('identity'), info, users),
    incidents: [],
    alerts: [],
    hunting: tableDatabase([]),
  };
}

export function createWorld(options: WorldOptions): World {
  const anchor = options.anchor ?? Math.floor(options.clock.now() / DAY) * DAY;
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`scale must be a positive number, got ${scale}`);
  const settings = { seed: options.seed >>> 0, scale, hostile: options.hostile ?? false, anchor };
  const specs = (options.tenants ?? DEFAULT_TENANTS).map((t) => (typeof t === 'string' ? { key: t } : t));
  const tenants = specs.map((spec) => createTenant(settings, spec));
  const index = new Map<string, TenantData>();
  for (const t of tenants) {
    index.set(t.key, t);
    index.set(t.tenantId.toLowerCase(), t);
  }
  return {
    ...settings,
    clock: options.clock,
    tenants,
    tenant: (keyOrId) => index.get(keyOrId) ?? index.get(keyOrId.toLowerCase()),
  };
}
