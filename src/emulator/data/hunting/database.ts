import type { HuntingDatabase, HuntingTable, Row } from '../../kql/table.js';
import type { StoryRow } from '../stories/scene.js';
import { deviceEvents, fileEvents, logonEvents, networkEvents, processEvents } from './background-device.js';
import {
  cloudAppEvents,
  identityDirectoryEvents,
  identityInfo,
  identityQueryEvents,
  imageLoadEvents,
  registryEvents,
} from './background-hunts.js';
import { deviceInfo, emailEvents, identityLogonEvents } from './background-other.js';
import {
  suspiciousConnections,
  suspiciousDeviceEvents,
  suspiciousFiles,
  suspiciousProcesses,
} from './background-suspicious.js';
import { catalogRows } from './catalog-tables.js';
import type { BackgroundContext } from './context.js';
import { hcRows } from './hc-layers.js';
import { hnRows } from './hn-layers.js';
import { hpProcesses } from './hp-processes.js';
import {
  hpBrowserExtensionsKb,
  hpSecureConfigKb,
  hpSoftwareInventory,
  hpSoftwareVulnerabilities,
  hpVulnerabilitiesKb,
} from './hp-tvm.js';
import { SERVICE_FUNCTIONS, TABLE_NAMES, type TableName } from './schema.js';
import { lazyTable, type RowSource } from './table.js';

/** Background rows per table at scale 1 (per tenant): tens of thousands in all. */
export const BACKGROUND_ROWS: Partial<Record<TableName, number>> = {
  DeviceProcessEvents: 10_000,
  DeviceNetworkEvents: 8_000,
  DeviceFileEvents: 5_000,
  DeviceLogonEvents: 3_000,
  DeviceEvents: 3_000,
  DeviceInfo: 40 * 28,
  AlertInfo: 0,
  AlertEvidence: 0,
  EmailEvents: 4_000,
  IdentityLogonEvents: 3_000,
  DeviceRegistryEvents: 3_000,
  DeviceImageLoadEvents: 3_000,
  IdentityQueryEvents: 1_500,
  IdentityDirectoryEvents: 500,
  CloudAppEvents: 2_000,
  IdentityInfo: 1,
};

const GENERATORS: Partial<Record<TableName, (c: BackgroundContext, count: number) => RowSource>> = {
  DeviceProcessEvents: processEvents,
  DeviceNetworkEvents: networkEvents,
  DeviceFileEvents: fileEvents,
  DeviceLogonEvents: logonEvents,
  DeviceEvents: deviceEvents,
  DeviceInfo: deviceInfo,
  EmailEvents: emailEvents,
  IdentityLogonEvents: identityLogonEvents,
  DeviceRegistryEvents: registryEvents,
  DeviceImageLoadEvents: imageLoadEvents,
  IdentityQueryEvents: identityQueryEvents,
  IdentityDirectoryEvents: identityDirectoryEvents,
  CloudAppEvents: cloudAppEvents,
  IdentityInfo: identityInfo,
};

/** What hunts look for, after the routine background rows (so `take` still sees routine rows first). */
const SUSPICIOUS: Partial<Record<TableName, (c: BackgroundContext) => RowSource>> = {
  DeviceProcessEvents: (c) => concat(suspiciousProcesses(c), hpProcesses(c)) as RowSource,
  DeviceNetworkEvents: suspiciousConnections,
  DeviceFileEvents: suspiciousFiles,
  DeviceEvents: suspiciousDeviceEvents,
  DeviceTvmSoftwareInventory: hpSoftwareInventory,
  DeviceTvmSoftwareVulnerabilities: hpSoftwareVulnerabilities,
  DeviceTvmSoftwareVulnerabilitiesKB: hpVulnerabilitiesKb,
  DeviceTvmSecureConfigurationAssessmentKB: hpSecureConfigKb,
  DeviceTvmBrowserExtensionsKB: hpBrowserExtensionsKb,
};

function concat(first: RowSource | undefined, second: RowSource | undefined): RowSource | undefined {
  if (!first || !second) return first ?? second;
  return {
    count: first.count + second.count,
    row: (i, into) => (i < first.count ? first.row(i, into) : second.row(i - first.count, into)),
  };
}

/** A tenant's hunting tables: its stories' rows plus `scale` times the background rows. */
export function huntingDatabase(
  context: BackgroundContext,
  story: readonly StoryRow[],
  scale: number,
): HuntingDatabase {
  const byTable = new Map<TableName, Row[]>();
  for (const s of story) {
    const list = byTable.get(s.table) ?? [];
    list.push(s.row);
    byTable.set(s.table, list);
  }
  const tables: HuntingTable[] = TABLE_NAMES.map((name) => {
    const generator = GENERATORS[name];
    const count = Math.round((BACKGROUND_ROWS[name] ?? 0) * scale);
    const suspicious = SUSPICIOUS[name]?.(context);
    const routine = generator ? { generator: (n: number) => generator(context, n), count } : undefined;
    return lazyTable(
      name,
      byTable.get(name) ?? [],
      concat(
        concat(
          concat(generator && count > 0 ? generator(context, count) : undefined, suspicious),
          concat(scale > 0 ? catalogRows(context, name, scale) : undefined, hcRows(context, name, scale)),
        ),
        hnRows(context, name, scale, { routine, suspicious }),
      ),
    );
  });
  const index = new Map(tables.map((t) => [t.name, t]));
  return { table: (name) => index.get(name), tables: () => tables, functions: () => SERVICE_FUNCTIONS };
}
