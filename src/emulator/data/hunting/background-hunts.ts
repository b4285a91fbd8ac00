import type { Row } from '../../kql/table.js';
import { publicIp } from '../machines.js';
import type { User } from '../model.js';
import type { Rng } from '../prng.js';
import { deviceHeader, initiatingProcess } from './actors.js';
import { actor } from './background-device.js';
import { type BackgroundContext, rowRngs, rowTime } from './context.js';
import { TABLE_COLUMNS } from './schema.js';
import type { RowSource } from './table.js';

/** The shared initiating-process writer fills columns some tables' docs do not list: drop those. */
function documentedOnly(table: string, into: Record<string, unknown>): void {
  const names = new Set((TABLE_COLUMNS[table] ?? []).map((c) => c.name));
  for (const key of Object.keys(into)) if (!names.has(key)) delete into[key];
}

/**
 * Background rows for the tables public hunts read beyond the core ten: registry writes, DLL loads,
 * Active Directory queries and changes, cloud app activity, mail attachments, URLs and Safe Links
 * clicks, identities. Mostly routine, with a small share of what hunts look for (Run-key
 * persistence, comsvcs.dll loaded by rundll32, LDAP reconnaissance, clicks on phishing URLs), so a
 * hunt finds rows without every row being an attack.
 */

const SUSPICIOUS_EVERY = 40;

/** The Account* columns of the Identity* tables for a directory user. */
function identityAccount(context: BackgroundContext, user: User, into: Row): void {
  into.AccountName = user.onPremisesSamAccountName;
  into.AccountDomain = context.tenant.netbiosDomain.toLowerCase();
  into.AccountUpn = user.userPrincipalName;
  into.AccountSid = user.onPremisesSecurityIdentifier;
  into.AccountObjectId = user.id;
  into.AccountDisplayName = user.displayName;
}

/** A source of `count` rows where row i gets its own PRNG and a time across the data window. */
function timedRows(
  context: BackgroundContext,
  table: string,
  count: number,
  fill: (i: number, rng: Rng, time: number, into: Row) => void,
): RowSource {
  const rngOf = rowRngs(context, table);
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      fill(i, rng, rowTime(context, rng, i, count), into);
    },
  };
}

const RUN_KEY = 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
const ROUTINE_KEYS = [
  ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates', 'SignatureLocation'],
  ['HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings', 'Version'],
  ['HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Common\\General', 'ShownFirstRunOptin'],
  [RUN_KEY, 'OneDrive'],
] as const;

export function registryEvents(context: BackgroundContext, count: number): RowSource {
  return timedRows(context, 'DeviceRegistryEvents', count, (i, rng, time, into) => {
    const { machine, account, parent } = actor(context, rng, time);
    deviceHeader(machine, time, 'RegistryValueSet', into);
    initiatingProcess(parent, account, into);
    if (i % SUSPICIOUS_EVERY === 0) {
      // Persistence: a Run value launching PowerShell from the user's profile.
      into.RegistryKey = RUN_KEY;
      into.RegistryValueName = 'Updater';
      into.RegistryValueData = 'powershell.exe -w hidden -nop -ep bypass -File C:\\Users\\Public\\update.ps1';
      into.InitiatingProcessFileName = 'powershell.exe';
    } else {
      const [key, name] = rng.pick(ROUTINE_KEYS);
      into.RegistryKey = key;
      into.RegistryValueName = name;
      into.RegistryValueData =
        name === 'OneDrive'
          ? '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background'
          : String(rng.int(1, 9));
    }
    into.RegistryValueType = 'String';
    into.ReportId = i;
    documentedOnly('DeviceRegistryEvents', into);
  });
}

const DLLS = ['kernel32.dll', 'ntdll.dll', 'wininet.dll', 'clr.dll', 'amsi.dll', 'winhttp.dll'];

export function imageLoadEvents(context: BackgroundContext, count: number): RowSource {
  return timedRows(context, 'DeviceImageLoadEvents', count, (i, rng, time, into) => {
    const { machine, account, parent } = actor(context, rng, time);
    deviceHeader(machine, time, 'ImageLoaded', into);
    initiatingProcess(parent, account, into);
    const dll = i % SUSPICIOUS_EVERY === 0 ? 'comsvcs.dll' : rng.pick(DLLS);
    if (dll === 'comsvcs.dll') {
      // Credential dumping: rundll32 loading comsvcs.dll to call MiniDump on lsass.
      into.InitiatingProcessFileName = 'rundll32.exe';
      into.InitiatingProcessCommandLine =
        'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Windows\\Temp\\l.dmp full';
    }
    into.FileName = dll;
    into.FolderPath = `C:\\Windows\\System32\\${dll}`;
    into.SHA1 = `${(i * 2654435761).toString(16).padStart(8, '0')}${'0'.repeat(32)}`.slice(0, 40);
    into.FileSize = rng.int(50_000, 2_000_000);
    into.ReportId = i;
    documentedOnly('DeviceImageLoadEvents', into);
  });
}

const LDAP_ROUTINE = [
  '(&(objectClass=user)(sAMAccountName=*))',
  '(objectClass=domain)',
  '(cn=Configuration)',
];
const LDAP_RECON = [
  '(&(objectCategory=group)(cn=Domain Admins))',
  '(&(objectCategory=computer)(operatingSystem=*server*))',
  '(servicePrincipalName=*)',
  '(&(objectCategory=person)(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=4194304))',
];

export function identityQueryEvents(context: BackgroundContext, count: number): RowSource {
  return timedRows(context, 'IdentityQueryEvents', count, (i, rng, time, into) => {
    const machine = rng.pick(context.machines);
    const user = rng.pick(context.users);
    const recon = i % (SUSPICIOUS_EVERY / 4) === 0;
    into.Timestamp = time;
    into.ActionType = recon ? 'LDAP query' : rng.pick(['LDAP query', 'DNS query', 'SAMR query']);
    into.Application = 'Active Directory';
    into.QueryType =
      into.ActionType === 'SAMR query' ? 'QueryGroup' : into.ActionType === 'DNS query' ? 'A' : 'Search';
    into.QueryTarget = into.ActionType === 'SAMR query' ? 'Domain Admins' : machine.computerDnsName;
    into.Query =
      into.ActionType === 'LDAP query' ? (recon ? rng.pick(LDAP_RECON) : rng.pick(LDAP_ROUTINE)) : '';
    into.Protocol =
      into.ActionType === 'LDAP query' ? 'Ldap' : into.ActionType === 'SAMR query' ? 'Samr' : 'Dns';
    identityAccount(context, user, into);
    into.DeviceName = machine.computerDnsName;
    into.IPAddress = machine.lastIpAddress;
    into.DestinationDeviceName = `dc01.${context.tenant.netbiosDomain.toLowerCase()}.local`;
    into.DestinationPort = 389;
    into.ReportId = `${i}`;
    into.AdditionalFields = {};
  });
}

export function identityDirectoryEvents(context: BackgroundContext, count: number): RowSource {
  return timedRows(context, 'IdentityDirectoryEvents', count, (i, rng, time, into) => {
    const user = rng.pick(context.users);
    const target = rng.pick(context.users);
    into.Timestamp = time;
    into.ActionType =
      i % SUSPICIOUS_EVERY === 0
        ? 'Group Membership changed'
        : rng.pick([
            'Account Password changed',
            'Account Password expired',
            'Directory Services replication',
          ]);
    into.Application = 'Active Directory';
    into.TargetAccountUpn = target.userPrincipalName;
    into.TargetAccountDisplayName = target.displayName;
    identityAccount(context, user, into);
    into.ReportId = `${i}`;
    into.AdditionalFields =
      into.ActionType === 'Group Membership changed'
        ? { 'TO.GROUP': 'Domain Admins', 'TARGET_OBJECT.USER': target.displayName }
        : {};
  });
}

export function cloudAppEvents(context: BackgroundContext, count: number): RowSource {
  return timedRows(context, 'CloudAppEvents', count, (i, rng, time, into) => {
    const user = rng.pick(context.users);
    const suspicious = i % SUSPICIOUS_EVERY === 0;
    into.Timestamp = time;
    into.ActionType = suspicious
      ? 'New-InboxRule'
      : rng.pick(['FileDownloaded', 'FileAccessed', 'MailItemsAccessed', 'FileUploaded']);
    into.Application =
      into.ActionType === 'FileDownloaded' || into.ActionType === 'FileUploaded'
        ? 'Microsoft SharePoint Online'
        : 'Microsoft Exchange Online';
    into.ApplicationId = into.Application === 'Microsoft Exchange Online' ? 20893 : 20892;
    into.AccountObjectId = user.id;
    into.AccountId = user.id;
    into.AccountDisplayName = user.displayName;
    into.IsAdminOperation = false;
    into.IPAddress = suspicious ? publicIp(rng) : '198.51.100.10';
    into.IsAnonymousProxy = suspicious;
    into.CountryCode = suspicious ? 'NL' : 'US';
    into.City = suspicious ? 'Amsterdam' : 'Redmond';
    into.ActivityType = suspicious ? 'Edit' : 'Basic';
    into.ObjectName = suspicious ? 'Move to RSS' : `Document-${i % 50}.docx`;
    into.RawEventData = suspicious
      ? {
          Operation: 'New-InboxRule',
          Parameters: [
            { Name: 'MoveToFolder', Value: 'RSS Feeds' },
            { Name: 'SubjectContainsWords', Value: 'invoice;payment' },
          ],
        }
      : { Operation: into.ActionType };
    into.ReportId = `${i}`;
    into.AccountType = 'Regular';
    into.AdditionalFields = {};
  });
}

/** One row per user: the identity inventory hunts join on. */
export function identityInfo(context: BackgroundContext, _count: number): RowSource {
  return {
    count: context.users.length,
    row(i, into) {
      const user = context.users[i];
      if (!user) return;
      into.Timestamp = context.anchor - 3_600_000;
      into.ReportId = `${i}`;
      into.AccountObjectId = user.id;
      into.AccountUpn = user.userPrincipalName;
      into.OnPremSid = user.onPremisesSecurityIdentifier;
      into.AccountDisplayName = user.displayName;
      into.AccountName = user.onPremisesSamAccountName;
      into.AccountDomain = context.tenant.netbiosDomain.toLowerCase();
      into.GivenName = user.givenName;
      into.Surname = user.surname;
      into.Department = user.department ?? '';
      into.JobTitle = user.jobTitle ?? '';
      into.EmailAddress = user.mail ?? user.userPrincipalName;
      into.IsAccountEnabled = user.accountEnabled;
      into.Type = 'User';
    },
  };
}
