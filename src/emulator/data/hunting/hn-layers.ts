import type { Row } from '../../kql/table.js';
import { fileHashes } from '../files.js';
import type { Machine } from '../model.js';
import { SYSTEM_ACCOUNT, userAccount } from './actors.js';
import { genericRows, type Profile } from './background-generic.js';
import { CATALOG_LAYERS, catalogRows } from './catalog-tables.js';
import type { BackgroundContext } from './context.js';
import { DATA_DAYS } from './context.js';
import { HN_FILES, ransomwareRenames } from './hn-files.js';
import { HN_DEVICE_EVENTS, HN_IMAGE_LOADS, HN_REGISTRY } from './hn-host.js';
import { HN_NETWORK, networkSweeps } from './hn-network.js';
import { activityToday, matchHashes, routineToday } from './hn-today.js';
import { SUSPICIOUS_CONNECTIONS, SUSPICIOUS_DEVICE_EVENTS, SUSPICIOUS_FILES } from './hunt-catalog.js';
import type { RowSource } from './table.js';

/**
 * The endpoint tables' extra layers (network, file, image-load, registry and DeviceEvents): the
 * activity hunts look for that the catalog lacked, and the world carried on through the anchor's day
 * (hn-today.ts). Registered by database.ts after the table's other rows.
 */

/** New activity per table, as profile variants for the generic filler (background-generic.ts). */
const PROFILES: Readonly<Record<string, Profile>> = {
  DeviceNetworkEvents: HN_NETWORK,
  DeviceFileEvents: HN_FILES,
  DeviceImageLoadEvents: HN_IMAGE_LOADS,
  DeviceEvents: HN_DEVICE_EVENTS,
  DeviceRegistryEvents: HN_REGISTRY,
};

/** How many variants the catalogued suspicious rows of a table cycle through (background-suspicious.ts). */
const SUSPICIOUS_VARIANTS: Readonly<Record<string, number>> = {
  DeviceNetworkEvents: SUSPICIOUS_CONNECTIONS.length,
  DeviceFileEvents: SUSPICIOUS_FILES.length,
  DeviceEvents: SUSPICIOUS_DEVICE_EVENTS.length,
};

export const HN_TABLES = [
  'DeviceNetworkEvents',
  'DeviceFileEvents',
  'DeviceImageLoadEvents',
  'DeviceEvents',
  'DeviceRegistryEvents',
] as const;

/** Each new variant this many times over the month, at the catalog's ages (as the other catalog layers). */
const PROFILE_COPIES = 6;

function concatAll(sources: readonly (RowSource | undefined)[]): RowSource | undefined {
  const parts = sources.filter((s): s is RowSource => s !== undefined && s.count > 0);
  if (parts.length === 0) return undefined;
  return {
    count: parts.reduce((n, p) => n + p.count, 0),
    row(i, into) {
      let j = i;
      for (const p of parts) {
        if (j < p.count) return p.row(j, into);
        j -= p.count;
      }
    },
  };
}

/**
 * Variant v's copies happen on three machines of their own (as the catalog places its activity), not
 * across the fleet: the generic filler drew a random machine, so the device, its address and the
 * account (the machine's primary user, or SYSTEM on servers) are set again together.
 */
function placeOn(context: BackgroundContext, into: Row, v: number, copy: number): void {
  const machine = context.machines[((v + (copy % 3)) * 7 + 3) % context.machines.length] as Machine;
  into.DeviceId = machine.id;
  into.DeviceName = machine.computerDnsName;
  if ('LocalIP' in into && into.LocalIP !== '0.0.0.0') into.LocalIP = machine.lastIpAddress;
  const user = context.usersOf(machine)[0];
  const account = user ? userAccount(context.tenant, user) : SYSTEM_ACCOUNT;
  into.InitiatingProcessAccountDomain = account.domain;
  into.InitiatingProcessAccountName = account.name;
  into.InitiatingProcessAccountSid = account.sid;
  if ('InitiatingProcessAccountUpn' in into) into.InitiatingProcessAccountUpn = account.upn;
  if ('InitiatingProcessAccountObjectId' in into) into.InitiatingProcessAccountObjectId = account.objectId;
}

/** The profile's rows, with the named initiating process's and file's own hashes. */
function profileRows(context: BackgroundContext, table: string, profile: Profile, count: number): RowSource {
  const source = genericRows(context, table, count, profile, { recent: true });
  return {
    count,
    // Far from the catalog layer's indexes, so rows differ in machine and ReportId.
    row(i, into) {
      source.row(500_000 + i, into);
      placeOn(context, into, i % profile.length, Math.floor(i / profile.length));
      matchHashes(context, into);
      const variant = profile[i % profile.length];
      if (variant?.FolderPath && typeof into.FolderPath === 'string' && 'SHA1' in into) {
        const own = fileHashes(context.seed, into.FolderPath.toLowerCase());
        into.SHA1 = own.sha1;
        into.SHA256 = own.sha256;
        into.MD5 = own.md5;
      }
    },
  };
}

export interface TableParts {
  /** The table's routine generator and its row count at this scale. */
  routine?: { generator: (count: number) => RowSource; count: number };
  /** The catalogued suspicious rows (background-suspicious.ts). */
  suspicious?: RowSource;
}

/** The extra rows of one of HN_TABLES, or undefined for any other table. */
export function hnRows(
  context: BackgroundContext,
  table: string,
  scale: number,
  parts: TableParts,
): RowSource | undefined {
  if (!(HN_TABLES as readonly string[]).includes(table) || scale <= 0) return undefined;
  const profile = PROFILES[table];
  const mine = profile ? profileRows(context, table, profile, profile.length * PROFILE_COPIES) : undefined;
  const catalog = catalogRows(context, table, scale);
  const catalogVariants = CATALOG_LAYERS[table]?.profile.length ?? 0;
  const { routine, suspicious } = parts;
  return concatAll([
    mine,
    table === 'DeviceNetworkEvents' ? networkSweeps(context) : undefined,
    table === 'DeviceFileEvents' ? ransomwareRenames(context) : undefined,
    routine && routine.count > 0
      ? routineToday(context, table, routine.generator, routine.count / DATA_DAYS, routine.count)
      : undefined,
    suspicious ? activityToday(context, table, suspicious, SUSPICIOUS_VARIANTS[table] ?? 1) : undefined,
    catalog ? activityToday(context, table, catalog, catalogVariants) : undefined,
    mine && profile ? activityToday(context, table, mine, profile.length) : undefined,
  ]);
}
