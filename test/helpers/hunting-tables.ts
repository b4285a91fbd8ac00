import type {
  HuntingDatabase,
  HuntingTable,
  KqlType,
  Row,
  TableColumn,
} from '../../src/emulator/kql/table.js';

/** Column lists (the common subset analysts query) of the real Advanced Hunting tables. */
const S = 'string';
const header: [string, KqlType][] = [
  ['Timestamp', 'datetime'],
  ['DeviceId', S],
  ['DeviceName', S],
  ['ActionType', S],
];
const initiating: [string, KqlType][] = [
  ['InitiatingProcessAccountName', S],
  ['InitiatingProcessFileName', S],
  ['InitiatingProcessCommandLine', S],
  ['InitiatingProcessParentFileName', S],
  ['InitiatingProcessId', 'long'],
];
const trailer: [string, KqlType][] = [
  ['ReportId', 'long'],
  ['AdditionalFields', S],
];

export const SCHEMAS: Record<string, [string, KqlType][]> = {
  DeviceProcessEvents: [
    ...header,
    ['FileName', S],
    ['FolderPath', S],
    ['SHA256', S],
    ['ProcessId', 'long'],
    ['ProcessCommandLine', S],
    ['AccountDomain', S],
    ['AccountName', S],
    ...initiating,
    ...trailer,
  ],
  DeviceNetworkEvents: [
    ...header,
    ['RemoteIP', S],
    ['RemotePort', 'int'],
    ['RemoteUrl', S],
    ['LocalIP', S],
    ['LocalPort', 'int'],
    ['Protocol', S],
    ['RemoteIPType', S],
    ...initiating,
    ...trailer,
  ],
  DeviceLogonEvents: [
    ...header,
    ['LogonType', S],
    ['AccountDomain', S],
    ['AccountName', S],
    ['FailureReason', S],
    ['IsLocalAdmin', 'bool'],
    ['RemoteIP', S],
    ...initiating,
    ...trailer,
  ],
  EmailEvents: [
    ['Timestamp', 'datetime'],
    ['NetworkMessageId', S],
    ['SenderFromAddress', S],
    ['SenderFromDomain', S],
    ['RecipientEmailAddress', S],
    ['Subject', S],
    ['EmailDirection', S],
    ['DeliveryAction', S],
    ['ThreatTypes', S],
    ['AttachmentCount', 'int'],
    ['UrlCount', 'int'],
  ],
  AlertInfo: [
    ['Timestamp', 'datetime'],
    ['AlertId', S],
    ['Title', S],
    ['Category', S],
    ['Severity', S],
    ['ServiceSource', S],
    ['DetectionSource', S],
    ['AttackTechniques', S],
  ],
  AlertEvidence: [
    ['Timestamp', 'datetime'],
    ['AlertId', S],
    ['Title', S],
    ['Categories', S],
    ['EntityType', S],
    ['EvidenceRole', S],
    ['FileName', S],
    ['SHA256', S],
    ['RemoteIP', S],
    ['AccountName', S],
    ['DeviceId', S],
    ['DeviceName', S],
    ['AdditionalFields', 'dynamic'],
  ],
};

export function table(name: string, columns: readonly TableColumn[], rows: readonly Row[]): HuntingTable {
  return { name, columns, rows: () => rows, size: rows.length };
}

/** A database of the named tables with the real column names; unspecified cells are null. */
export function database(data: Record<string, readonly Partial<Row>[]>): HuntingDatabase {
  const tables = Object.entries(SCHEMAS).map(([name, schema]) => {
    const columns = schema.map(([n, type]) => ({ name: n, type }));
    const rows = (data[name] ?? []).map((partial) => {
      const row: Row = {};
      for (const c of columns) row[c.name] = partial[c.name] ?? null;
      return row;
    });
    return table(name, columns, rows);
  });
  return fromTables(tables);
}

export function fromTables(tables: readonly HuntingTable[]): HuntingDatabase {
  const byName = new Map(tables.map((t) => [t.name, t]));
  return { table: (n) => byName.get(n), tables: () => tables };
}
