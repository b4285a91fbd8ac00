import type { HuntingDatabase } from '../kql/table.js';
import type { EmuClock } from '../routing.js';
import { benignBinaries } from './files.js';
import { generateActionHistory } from './history.js';
import type { BackgroundContext } from './hunting/context.js';
import { huntingDatabase } from './hunting/database.js';
import { identityFixtures } from './identity-fixtures.js';
import { IndicatorStore, seedIndicators } from './indicators.js';
import { type ActionOutcome, type ActionTimings, MachineActionStore } from './machine-actions.js';
import { generateMachines } from './machines.js';
import type {
  Alert,
  DirectoryRole,
  Group,
  IdentityAccount,
  IdentityActionRecord,
  Incident,
  KnownFile,
  Machine,
  RiskyUser,
  SignIn,
  User,
} from './model.js';
import { Rng } from './prng.js';
import { backgroundSignIns } from './signins.js';
import { generateStories } from './stories/assemble.js';
import { DEFAULT_TENANTS, type TenantInfo, type TenantSpec, tenantInfo } from './tenant-info.js';
import { DAY, iso7 } from './time.js';
import { generateIdentityAccounts, generateRiskyUsers, generateUsers, riskyUser } from './users.js';

export interface WorldOptions {
  seed: number;
  /** Tenant keys or specs; default `contoso` and `fabrikam`. */
  tenants?: readonly (string | TenantSpec)[];
  /** Multiplies the background hunting rows (1 = tens of thousands per tenant). Default 1. */
  scale?: number;
  /** Fill text fields with prompt injection, fake delimiters, control/bidi characters, long strings. */
  hostile?: boolean;
  clock: EmuClock;
  /** How fast new machine actions move on (default ACTION_TIMINGS: InProgress after 10 s, done after 60 s). */
  actionTimings?: ActionTimings;
  /**
   * The instant the data is generated around (records lie in the 28 days before it). Default: the
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
  directoryRoles: DirectoryRole[];
  groups: Group[];
  /** Every identity response action the tenant received, oldest first. */
  identityActions: IdentityActionRecord[];
  /** Newest first, like the API. */
  incidents: Incident[];
  /** Newest first, like the API. */
  alerts: Alert[];
  /** Newest first. */
  signIns: SignIn[];
  files: KnownFile[];
  machineActions: MachineActionStore;
  /** Defender for Endpoint indicators (`/api/indicators`) and every POST and DELETE received. */
  indicators: IndicatorStore;
  hunting: HuntingDatabase;
  /** Users who log on to a machine (primary user first). */
  usersOf(machineId: string): readonly User[];
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
  /** Fault control: the next `count` machine actions of one tenant (or of each tenant) end with `outcome`. */
  failNextMachineActions(outcome: ActionOutcome, options?: { tenant?: string; count?: number }): void;
}

interface Settings {
  seed: number;
  scale: number;
  hostile: boolean;
  anchor: number;
  actionTimings: ActionTimings | undefined;
}

const COUNTS = { machines: 40, users: 100, incidents: 30, signInsPerUser: 5 };

function byNewest<T>(items: T[], time: (item: T) => string): T[] {
  return items.sort((a, b) => time(b).localeCompare(time(a)));
}

/** Each machine's users: a primary user (never one of the three SOC analysts) and sometimes a second. */
function assignUsers(rng: Rng, machines: readonly Machine[], users: readonly User[]): Map<string, User[]> {
  const pool = users.slice(3);
  return new Map(
    machines.map((m, i) => {
      const primary = pool[i % pool.length] as User;
      const extra = rng.chance(0.3) ? [rng.pick(pool)].filter((u) => u !== primary) : [];
      return [m.id, [primary, ...extra]];
    }),
  );
}

function knownBenignFiles(seed: number, machines: readonly Machine[], anchor: number): KnownFile[] {
  return benignBinaries(seed).map((b) => ({
    sha1: b.sha1,
    sha256: b.sha256,
    md5: b.md5,
    fileName: b.fileName,
    folderPath: b.folderPath.slice(0, b.folderPath.lastIndexOf('\\')),
    size: b.size,
    filePublisher: b.company,
    signer: b.company,
    issuer: `${b.company} Code Signing PCA 2011`,
    isValidCertificate: true,
    determinationType: 'Clean',
    determinationValue: '',
    globalPrevalence: 1_000_000,
    globalFirstObserved: iso7(anchor - 400 * DAY),
    globalLastObserved: iso7(anchor),
    seenOn: machines.map((m) => m.id),
  }));
}

function createTenant(s: Settings, clock: EmuClock, spec: TenantSpec): TenantData {
  const info = tenantInfo(s.seed, spec);
  const rng = (label: string) => Rng.of(s.seed, info.key, label);
  const machines = generateMachines(rng('machines'), info, COUNTS.machines, s.anchor);
  const users = generateUsers(rng('users'), info, COUNTS.users, s.anchor, s.hostile);
  const machineUsers = assignUsers(rng('machine-users'), machines, users);
  const usersOf = (machineId: string) => machineUsers.get(machineId) ?? [];
  const stories = generateStories({
    seed: s.seed,
    tenant: info,
    machines,
    users,
    usersOf: (m) => usersOf(m.id),
    anchor: s.anchor,
    hostile: s.hostile,
    incidentCount: COUNTS.incidents,
  });
  const risky = generateRiskyUsers(rng('risky'), users, s.anchor).filter(
    (r) => !stories.compromisedUserIds.includes(r.id),
  );
  for (const id of new Set(stories.compromisedUserIds)) {
    const user = users.find((u) => u.id === id);
    if (user) risky.push(riskyUser(user, s.anchor, rng(`risky:${id}`), 'high'));
  }
  const machineActions = new MachineActionStore(clock, s.actionTimings);
  for (const a of generateActionHistory(
    rng('actions'),
    machines,
    s.anchor,
    users[0]?.userPrincipalName ?? 'analyst',
  )) {
    machineActions.addHistory(a);
  }
  const identityAccounts = generateIdentityAccounts(rng('identity'), info, users);
  for (const account of identityAccounts) {
    const user = users.find((u) => u.id === account.id);
    if (user && account.accounts.some((a) => a.identityProvider === 'activeDirectory'))
      user.onPremisesSyncEnabled = true;
  }
  // After everything generated from `users`: the fixtures change no generated record.
  const directory = identityFixtures(s.seed, info, s.anchor, users.slice(0, 3), s.hostile);
  risky.push(...directory.riskyUsers);
  const binaries = benignBinaries(s.seed);
  const context: BackgroundContext = {
    seed: s.seed,
    tenant: info,
    machines,
    users,
    usersOf: (m) => usersOf(m.id),
    binaries,
    anchor: s.anchor,
    hostile: s.hostile,
  };
  const files = [...stories.files, ...knownBenignFiles(s.seed, machines, s.anchor)];
  const indicators = new IndicatorStore(clock);
  seedIndicators(indicators, {
    analyst: users[0]?.userPrincipalName ?? 'analyst',
    anchor: s.anchor,
    storyFile: files.find((f) => f.determinationType === 'Malware'),
    benign: files.find((f) => f.determinationType === 'Clean'),
  });
  return {
    ...info,
    machines,
    users: [...users, ...directory.users],
    riskyUsers: risky,
    identityAccounts: [...identityAccounts, ...directory.identityAccounts],
    directoryRoles: directory.directoryRoles,
    groups: directory.groups,
    identityActions: [],
    incidents: byNewest(stories.incidents, (i) => i.createdDateTime),
    alerts: byNewest(stories.alerts, (a) => a.createdDateTime),
    signIns: byNewest(
      [...backgroundSignIns(rng('signins'), users, s.anchor, COUNTS.signInsPerUser), ...stories.signIns],
      (x) => x.createdDateTime,
    ),
    files,
    machineActions,
    indicators,
    hunting: huntingDatabase(context, stories.rows, s.scale),
    usersOf,
  };
}

export function createWorld(options: WorldOptions): World {
  const anchor = options.anchor ?? Math.floor(options.clock.now() / DAY) * DAY;
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`scale must be a positive number, got ${scale}`);
  const settings: Settings = {
    seed: options.seed >>> 0,
    scale,
    hostile: options.hostile ?? false,
    anchor,
    actionTimings: options.actionTimings,
  };
  const specs = (options.tenants ?? DEFAULT_TENANTS).map((t) => (typeof t === 'string' ? { key: t } : t));
  const tenants = specs.map((spec) => createTenant(settings, options.clock, spec));
  const index = new Map<string, TenantData>();
  for (const t of tenants) {
    index.set(t.key, t);
    index.set(t.tenantId.toLowerCase(), t);
  }
  const tenant = (keyOrId: string) => index.get(keyOrId) ?? index.get(keyOrId.toLowerCase());
  return {
    ...settings,
    clock: options.clock,
    tenants,
    tenant,
    failNextMachineActions(outcome, opts = {}) {
      const targets =
        opts.tenant === undefined ? tenants : [tenant(opts.tenant)].filter((t) => t !== undefined);
      if (targets.length === 0) throw new Error(`unknown tenant ${opts.tenant}`);
      for (const t of targets) t.machineActions.failNext(outcome, opts.count ?? 1);
    },
  };
}
