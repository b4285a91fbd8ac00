import type { Row, TableColumn } from '../../kql/table.js';
import { fileHashes } from '../files.js';
import { publicIp } from '../machines.js';
import type { Rng } from '../prng.js';
import { initiatingProcess, SYSTEM_ACCOUNT } from './actors.js';
import { actor } from './background-device.js';
import { type BackgroundContext, rowRngs, rowTime } from './context.js';
import { TABLE_COLUMNS } from './schema.js';
import type { RowSource } from './table.js';

/**
 * Rows for any documented table, from its schema: each column is filled from the world by what its
 * name says (devices, accounts, files and hashes, addresses, times), and a table's profile sets the
 * columns that make a row what it is (ActionType with its AdditionalFields, CveId, ThreatTypes...):
 * rows cycle through the profile's variants, so every variant occurs. This is how the tables no dedicated
 * generator fills still hold the world's devices, users and files, consistently.
 */
export type Variant = Readonly<Record<string, unknown>>;
export type Profile = readonly Variant[];

/** A variant's InitiatingProcess* columns: name, path and original name agree with the command line's. */
export function initiatingVariant(
  folder: string,
  file: string,
  commandLine: string,
  parent = 'explorer.exe',
): Variant {
  return {
    InitiatingProcessFileName: file,
    InitiatingProcessFolderPath: `${folder}\\${file}`,
    InitiatingProcessVersionInfoOriginalFileName: file,
    InitiatingProcessCommandLine: commandLine,
    InitiatingProcessParentFileName: parent,
  };
}

const URLS = [
  'https://login-microsoftonline.support/common/oauth2/authorize',
  'https://malicious-updates.com/invoice/view.php',
  'http://198.51.100.23/invoice.iso',
  'https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Budget.xlsx',
  'https://www.office.com/',
  'https://cdn-telemetry-sync.xyz/config.php',
];

function domainOf(url: string): string {
  return url.replace(/^\w+:\/\//, '').split(/[/:]/)[0] ?? '';
}

/** A column's value from the world, by its name; undefined leaves the column empty. */
function worldValue(column: TableColumn, r: Fill): unknown {
  const n = column.name;
  const { machine, user, binary, rng, time, context } = r;
  if (column.type === 'datetime')
    return n.includes('Expiration') || n.includes('EndOfSupport') ? time + 400 * 86_400_000 : time;
  if (/^(Device|Machine)Id$/.test(n)) return machine.id;
  if (/^(DeviceName|RemoteDeviceName|NodeName)$/.test(n)) return machine.computerDnsName;
  if (n === 'OSPlatform') return machine.osPlatform;
  if (n === 'OSVersion') return machine.version;
  if (n === 'OSArchitecture') return machine.osArchitecture;
  if (n === 'AadDeviceId' || n === 'EntraIdDeviceId') return machine.aadDeviceId ?? '';
  if (
    /^(Account|Recipient|Target)?(Upn|EmailAddress|UserPrincipalName)$|^AccountUpn$|^RecipientEmailAddress$/.test(
      n,
    )
  )
    return user.userPrincipalName;
  if (n === 'AccountName') return user.onPremisesSamAccountName;
  if (n === 'AccountDomain') return context.tenant.netbiosDomain.toLowerCase();
  if (n === 'AccountSid' || n === 'Sid' || n === 'OnPremSid') return user.onPremisesSecurityIdentifier;
  if (/ObjectId$/.test(n) || n === 'AccountId' || n === 'IdentityId') return user.id;
  if (/DisplayName$/.test(n) && column.type === 'string' && !/Resource|Source|Instance/.test(n))
    return user.displayName;
  if (n === 'Department') return user.department;
  if (n === 'JobTitle') return user.jobTitle;
  if (n === 'GivenName') return user.givenName;
  if (n === 'Surname') return user.surname;
  if (n === 'SenderFromAddress' || n === 'SenderMailFromAddress') return 'billing@malicious-updates.com';
  if (n === 'SenderFromDomain' || n === 'SenderMailFromDomain') return 'malicious-updates.com';
  if (/SHA1$/.test(n)) return binary.sha1;
  if (/SHA256$/.test(n)) return binary.sha256;
  if (/MD5$/.test(n)) return binary.md5;
  if (n === 'FileName') return binary.fileName;
  if (n === 'FolderPath') return binary.folderPath;
  if (n === 'FileSize') return binary.size;
  if (/^(IPAddress|RemoteIP|PublicIP)$/.test(n)) return publicIp(rng);
  if (n === 'LocalIP') return machine.lastIpAddress;
  if (/^(Url|RemoteUrl|FileOriginUrl)$/.test(n)) return r.url;
  if (n === 'UrlDomain') return domainOf(r.url);
  if (n === 'NetworkMessageId' || n === 'CorrelationId' || n === 'SessionId' || n === 'RequestId')
    return r.messageId;
  if (n === 'ReportId') return column.type === 'string' ? `${r.index}` : r.index;
  if (column.type === 'bool') return false;
  return undefined;
}

interface Fill {
  context: BackgroundContext;
  rng: Rng;
  index: number;
  time: number;
  machine: BackgroundContext['machines'][number];
  user: BackgroundContext['users'][number];
  binary: BackgroundContext['binaries'][number];
  url: string;
  messageId: string;
}

/** Deterministic GUID-shaped text from a row's PRNG. */
function guid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

export interface GenericOptions {
  /** Each row belongs to a row of another table (an attachment to its message): these columns are copied from it. */
  linkTo?: {
    source: RowSource;
    columns: readonly string[];
    pick?: (index: number, variant: Variant) => number;
  };
  /** Times like the catalogued activity's: within the last day, week and month, so short look-backs find each variant. */
  recent?: boolean;
}

const AGES_MS = [
  2 * 3_600_000,
  20 * 3_600_000,
  3 * 86_400_000,
  6 * 86_400_000,
  15 * 86_400_000,
  25 * 86_400_000,
];

/** `count` rows of `table`, filled from the world by column name, then each set to its profile variant. */
export function genericRows(
  context: BackgroundContext,
  table: string,
  count: number,
  profile: Profile,
  options: GenericOptions = {},
): RowSource {
  const columns = TABLE_COLUMNS[table] ?? [];
  const names = new Set(columns.map((c) => c.name));
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const rngOf = rowRngs(context, `${table}:generic`);
  const devices = names.has('InitiatingProcessFileName');
  // Messages are shared by the Email* tables (same seed, same index), so their rows join.
  const messageRng = rowRngs(context, 'EmailMessages');
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const age = AGES_MS[Math.floor(i / Math.max(1, profile.length)) % AGES_MS.length] as number;
      const time = options.recent
        ? Math.floor(context.anchor - age - rng.next() * 3_600_000)
        : rowTime(context, rng, i, count);
      const machine = rng.pick(context.machines);
      const users = context.usersOf(machine);
      const user = users.length ? rng.pick(users) : rng.pick(context.users);
      const fill: Fill = {
        context,
        rng,
        index: i,
        time,
        machine,
        user,
        binary: rng.pick(context.binaries),
        url: URLS[i % URLS.length] as string,
        messageId: guid(messageRng(i % 500)),
      };
      for (const c of columns) {
        const v = worldValue(c, fill);
        if (v !== undefined) into[c.name] = v;
      }
      if (devices) {
        const who = actor(context, rng, time);
        initiatingProcess(who.parent, who.account === SYSTEM_ACCOUNT ? SYSTEM_ACCOUNT : who.account, into);
        for (const key of Object.keys(into)) if (!names.has(key)) delete into[key];
      }
      const variant = profile[i % Math.max(1, profile.length)] ?? {};
      if (options.linkTo) {
        const { source, columns: linked, pick } = options.linkTo;
        const parent: Row = {};
        source.row((pick ? pick(i, variant) : i * 7) % Math.max(1, source.count), parent);
        for (const c of linked) if (names.has(c) && parent[c] !== undefined) into[c] = parent[c];
      }
      for (const [column, v] of Object.entries(variant)) {
        const type = types.get(column);
        // JSON-valued columns typed string in the schema (AdditionalFields) hold the JSON text.
        if (type)
          into[column] = type === 'string' && typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
      }
    },
  };
}

/** A file's hashes by name, for profiles that name a file (a malicious attachment, a dumped DLL). */
export function namedFile(context: BackgroundContext, name: string) {
  return fileHashes(context.seed, name.toLowerCase());
}
