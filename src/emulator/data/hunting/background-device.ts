import type { Row } from '../../kql/table.js';
import type { BinaryInfo } from '../files.js';
import { maybeHostile } from '../hostile.js';
import { privateIp, publicIp } from '../machines.js';
import type { Machine } from '../model.js';
import { BENIGN_DOMAINS } from '../names.js';
import type { Rng } from '../prng.js';
import {
  type Account,
  deviceHeader,
  initiatingProcess,
  type ProcessRun,
  SYSTEM_ACCOUNT,
  subjectProcess,
  userAccount,
} from './actors.js';
import { type BackgroundContext, rowRngs, rowTime } from './context.js';
import type { RowSource } from './table.js';

/** Every Nth background row of a hostile world carries hostile text (stories carry more). */
const HOSTILE_EVERY = 97;

interface Actor {
  machine: Machine;
  account: Account;
  parent: ProcessRun;
}

/** A machine, who is on it, and the process that did the thing the row records. */
export function actor(context: BackgroundContext, rng: Rng, time: number, binary?: BinaryInfo): Actor {
  const machine = rng.pick(context.machines);
  const users = context.usersOf(machine);
  const account =
    rng.chance(0.35) || users.length === 0 ? SYSTEM_ACCOUNT : userAccount(context.tenant, rng.pick(users));
  const bin = binary ?? rng.pick(context.binaries);
  const parent: ProcessRun = {
    binary: bin,
    commandLine: bin.commandLine,
    id: rng.int(1000, 60000),
    created: time - rng.int(1000, 3_600_000),
    parentFileName: account === SYSTEM_ACCOUNT ? 'services.exe' : 'explorer.exe',
    parentId: rng.int(500, 9000),
    parentCreated: time - rng.int(3_600_000, 86_400_000),
  };
  return { machine, account, parent };
}

function hostileText(context: BackgroundContext, index: number, text: string): string {
  return context.hostile && index % HOSTILE_EVERY === 0
    ? maybeHostile(true, (index / HOSTILE_EVERY) * 2, text)
    : text;
}

export function processEvents(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'DeviceProcessEvents');
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const time = rowTime(context, rng, i, count);
      const { machine, account, parent } = actor(context, rng, time);
      const child = rng.pick(context.binaries);
      const run: ProcessRun = {
        binary: child,
        commandLine: hostileText(context, i, child.commandLine),
        id: rng.int(1000, 60000),
        created: time,
        parentFileName: parent.binary.fileName,
        parentId: parent.id,
        parentCreated: parent.created,
      };
      deviceHeader(machine, time, 'ProcessCreated', into);
      subjectProcess(run, account, into);
      initiatingProcess(parent, account, into);
      into.LogonId = rng.int(100000, 9999999);
      into.InitiatingProcessSignerType = 'OsVendor';
      into.InitiatingProcessSignatureStatus = 'Valid';
      into.ReportId = i;
    },
  };
}

export function networkEvents(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'DeviceNetworkEvents');
  const browsers = context.binaries.filter((b) => /chrome|msedge|Teams|OUTLOOK/.test(b.fileName));
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const time = rowTime(context, rng, i, count);
      const { machine, account, parent } = actor(context, rng, time, rng.pick(browsers));
      const success = rng.chance(0.93);
      deviceHeader(machine, time, success ? 'ConnectionSuccess' : 'ConnectionFailed', into);
      into.RemoteIP = publicIp(rng);
      into.RemotePort = rng.pick([443, 443, 443, 80]);
      into.RemoteUrl = rng.pick(BENIGN_DOMAINS);
      into.LocalIP = machine.lastIpAddress;
      into.LocalPort = rng.int(49152, 65535);
      into.Protocol = 'Tcp';
      into.LocalIPType = 'Private';
      into.RemoteIPType = 'Public';
      initiatingProcess(parent, account, into);
      into.ReportId = i;
    },
  };
}

const DOC_EXTENSIONS = ['docx', 'xlsx', 'pdf', 'pptx', 'txt', 'png'];

export function fileEvents(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'DeviceFileEvents');
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const time = rowTime(context, rng, i, count);
      const { machine, account, parent } = actor(context, rng, time);
      const name = hostileText(
        context,
        i,
        `${rng.pick(['report', 'notes', 'budget', 'draft', 'export'])}-${rng.int(1, 999)}.${rng.pick(DOC_EXTENSIONS)}`,
      );
      const folder =
        account === SYSTEM_ACCOUNT ? 'C:\\Windows\\Temp' : `C:\\Users\\${account.name}\\Documents`;
      deviceHeader(
        machine,
        time,
        rng.pick(['FileCreated', 'FileCreated', 'FileModified', 'FileRenamed', 'FileDeleted']),
        into,
      );
      into.FileName = name;
      into.FolderPath = `${folder}\\${name}`;
      into.SHA1 = rng.hex(40);
      into.SHA256 = rng.hex(64);
      into.MD5 = rng.hex(32);
      into.FileSize = rng.int(1_000, 5_000_000);
      initiatingProcess(parent, account, into);
      into.RequestProtocol = 'Local';
      into.IsAzureInfoProtectionApplied = false;
      into.ReportId = i;
    },
  };
}

export function logonEvents(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'DeviceLogonEvents');
  const winlogon = context.binaries.find((b) => b.fileName === 'svchost.exe') ?? context.binaries[0];
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const time = rowTime(context, rng, i, count);
      const { machine, account, parent } = actor(context, rng, time, winlogon);
      const success = rng.chance(0.9);
      const logonType = rng.pick([
        'Interactive',
        'Network',
        'Network',
        'RemoteInteractive',
        'Service',
        'Batch',
      ]);
      const remote = logonType === 'Network' || logonType === 'RemoteInteractive';
      deviceHeader(machine, time, success ? 'LogonSuccess' : 'LogonFailed', into);
      into.LogonType = logonType;
      into.AccountDomain = account.domain;
      into.AccountName = account.name;
      into.AccountSid = account.sid;
      into.Protocol = rng.pick(['Kerberos', 'Negotiate', 'NTLM']);
      into.FailureReason = success
        ? ''
        : rng.pick(['InvalidUserNameOrPassword', 'AccountLocked', 'UnknownUser']);
      into.IsLocalAdmin = rng.chance(0.1);
      into.LogonId = rng.int(100000, 9999999);
      into.RemoteIP = remote ? privateIp(rng) : '';
      into.RemoteIPType = remote ? 'Private' : '';
      into.RemotePort = remote ? rng.int(49152, 65535) : null;
      initiatingProcess(parent, SYSTEM_ACCOUNT, into);
      into.ReportId = i;
    },
  };
}

const DEVICE_EVENT_TYPES = [
  'AntivirusScanCompleted',
  'DnsQueryResponse',
  'PowerShellCommand',
  'ScheduledTaskCreated',
  'UsbDriveMounted',
  'FirewallOutboundConnectionBlocked',
  'ProcessPrimaryTokenModified',
];

export function deviceEvents(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'DeviceEvents');
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const time = rowTime(context, rng, i, count);
      const { machine, account, parent } = actor(context, rng, time);
      const type = rng.pick(DEVICE_EVENT_TYPES);
      const extra: Row =
        type === 'DnsQueryResponse'
          ? { AdditionalFields: JSON.stringify({ DnsQueryString: rng.pick(BENIGN_DOMAINS) }) }
          : type === 'PowerShellCommand'
            ? { AdditionalFields: JSON.stringify({ Command: hostileText(context, i, 'Get-ChildItem') }) }
            : type === 'ScheduledTaskCreated'
              ? {
                  AdditionalFields: JSON.stringify({
                    TaskName: '\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan',
                  }),
                }
              : {};
      deviceHeader(machine, time, type, into);
      into.AccountDomain = account.domain;
      into.AccountName = account.name;
      into.AccountSid = account.sid;
      into.LocalIP = machine.lastIpAddress;
      initiatingProcess(parent, account, into);
      Object.assign(into, extra);
      into.ReportId = i;
    },
  };
}
