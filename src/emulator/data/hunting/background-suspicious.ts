import { fileHashes } from '../files.js';
import type { Machine } from '../model.js';
import {
  deviceHeader,
  initiatingProcess,
  type ProcessRun,
  SYSTEM_ACCOUNT,
  subjectProcess,
  userAccount,
} from './actors.js';
import { type BackgroundContext, rowRngs } from './context.js';
import {
  SUSPICIOUS_CONNECTIONS,
  SUSPICIOUS_DEVICE_EVENTS,
  SUSPICIOUS_FILES,
  SUSPICIOUS_PROCESSES,
} from './hunt-catalog.js';
import { MORE_SUSPICIOUS_PROCESSES } from './hunt-catalog-more.js';
import type { RowSource } from './table.js';

const PROCESSES = [...SUSPICIOUS_PROCESSES, ...MORE_SUSPICIOUS_PROCESSES];

/** Each catalogued activity happens this many times, on different machines and days. */
export const SUSPICIOUS_COPIES = 3;

/**
 * Copy k of an activity happens within the last day, the last week, or earlier in the month: hunts
 * look back 1, 7 or 30 days, and each should find it.
 */
const AGES_MS = [2 * 3_600_000, 3 * 86_400_000, 15 * 86_400_000];
function suspiciousTime(context: BackgroundContext, rng: { next(): number }, i: number, per: number): number {
  const age = AGES_MS[Math.floor(i / per) % AGES_MS.length] as number;
  return Math.floor(context.anchor - age - rng.next() * 3_600_000);
}

/** `"C:\x\y.exe" args` or `y.exe args` -> `y.exe`. */
function imageOf(commandLine: string): string {
  const first = commandLine.startsWith('"')
    ? commandLine.slice(1, commandLine.indexOf('"', 1))
    : (commandLine.split(' ')[0] ?? '');
  return first.split('\\').pop() ?? first;
}

function run(
  context: BackgroundContext,
  file: string,
  commandLine: string,
  time: number,
  id: number,
): ProcessRun {
  const folder = /^(winword|excel|outlook)\.exe$/i.test(file)
    ? 'C:\\Program Files\\Microsoft Office\\root\\Office16'
    : 'C:\\Windows\\System32';
  return {
    binary: {
      ...fileHashes(context.seed, file.toLowerCase()),
      fileName: file,
      folderPath: `${folder}\\${file}`,
      size: 250_000,
      company: 'Microsoft Corporation',
    },
    commandLine,
    id,
    created: time,
    parentFileName: 'explorer.exe',
    parentId: id - 7,
    parentCreated: time - 60_000,
  };
}

/** Who did it: the machine's primary user on workstations, SYSTEM for services. */
function placed(context: BackgroundContext, i: number): { machine: Machine; system: boolean } {
  const machine = context.machines[(i * 7 + 3) % context.machines.length] as Machine;
  return { machine, system: context.usersOf(machine).length === 0 };
}

function accountOf(context: BackgroundContext, machine: Machine, system: boolean) {
  const user = context.usersOf(machine)[0];
  return system || !user ? SYSTEM_ACCOUNT : userAccount(context.tenant, user);
}

export function suspiciousProcesses(context: BackgroundContext): RowSource {
  const rngOf = rowRngs(context, 'SuspiciousProcesses');
  const count = PROCESSES.length * SUSPICIOUS_COPIES;
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const [parentName, commandLine] = PROCESSES[i % PROCESSES.length] as readonly [string, string];
      const time = suspiciousTime(context, rng, i, PROCESSES.length);
      const { machine, system } = placed(context, i);
      const account = accountOf(context, machine, system);
      const child = run(context, imageOf(commandLine), commandLine, time, rng.int(1000, 60000));
      const parent = run(context, parentName, parentName, time - rng.int(1000, 600_000), child.id - 11);
      child.parentFileName = parentName;
      child.parentId = parent.id;
      child.parentCreated = parent.created;
      deviceHeader(machine, time, 'ProcessCreated', into);
      subjectProcess(child, account, into);
      initiatingProcess(parent, account, into);
      into.LogonId = rng.int(100000, 9999999);
      into.ReportId = 900_000 + i;
    },
  };
}

export function suspiciousConnections(context: BackgroundContext): RowSource {
  const rngOf = rowRngs(context, 'SuspiciousConnections');
  // C2 beacons repeat: each connection a dozen times over the window.
  const count = SUSPICIOUS_CONNECTIONS.length * SUSPICIOUS_COPIES * 4;
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const [process, ip, port, url] = SUSPICIOUS_CONNECTIONS[i % SUSPICIOUS_CONNECTIONS.length] as readonly [
        string,
        string,
        number,
        string,
      ];
      const time = suspiciousTime(context, rng, i, SUSPICIOUS_CONNECTIONS.length * 4);
      const { machine, system } = placed(
        context,
        Math.floor(i / SUSPICIOUS_CONNECTIONS.length) % SUSPICIOUS_COPIES,
      );
      deviceHeader(machine, time, 'ConnectionSuccess', into);
      initiatingProcess(
        run(context, process, process, time - 30_000, rng.int(1000, 60000)),
        accountOf(context, machine, system),
        into,
      );
      into.RemoteIP = ip;
      into.RemotePort = port;
      into.RemoteUrl = url;
      into.LocalIP = machine.lastIpAddress;
      into.LocalPort = rng.int(49152, 65535);
      into.Protocol = 'Tcp';
      into.LocalIPType = 'Private';
      into.RemoteIPType = ip.startsWith('10.') ? 'Private' : 'Public';
      into.ReportId = 900_000 + i;
    },
  };
}

export function suspiciousFiles(context: BackgroundContext): RowSource {
  const rngOf = rowRngs(context, 'SuspiciousFiles');
  const count = SUSPICIOUS_FILES.length * SUSPICIOUS_COPIES;
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const [action, folder, file, process, origin] = SUSPICIOUS_FILES[
        i % SUSPICIOUS_FILES.length
      ] as readonly [string, string, string, string, string];
      const time = suspiciousTime(context, rng, i, SUSPICIOUS_FILES.length);
      const { machine, system } = placed(context, i);
      deviceHeader(machine, time, action, into);
      initiatingProcess(
        run(context, process, process, time - 30_000, rng.int(1000, 60000)),
        accountOf(context, machine, system),
        into,
      );
      const hashes = fileHashes(context.seed, `${folder}\\${file}`);
      into.FileName = file;
      into.FolderPath = `${folder}\\${file}`;
      into.SHA1 = hashes.sha1;
      into.SHA256 = hashes.sha256;
      into.MD5 = hashes.md5;
      into.FileSize = rng.int(1_000, 5_000_000);
      into.FileOriginUrl = origin;
      if (action === 'FileRenamed') into.PreviousFileName = file.replace(/\.locked$/, '');
      into.ReportId = 900_000 + i;
    },
  };
}

export function suspiciousDeviceEvents(context: BackgroundContext): RowSource {
  const rngOf = rowRngs(context, 'SuspiciousDeviceEvents');
  const count = SUSPICIOUS_DEVICE_EVENTS.length * SUSPICIOUS_COPIES;
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const [action, fields] = SUSPICIOUS_DEVICE_EVENTS[i % SUSPICIOUS_DEVICE_EVENTS.length] as readonly [
        string,
        Record<string, unknown>,
      ];
      const time = suspiciousTime(context, rng, i, SUSPICIOUS_DEVICE_EVENTS.length);
      const { machine, system } = placed(context, i);
      deviceHeader(machine, time, action, into);
      initiatingProcess(
        run(context, 'powershell.exe', 'powershell.exe', time - 30_000, rng.int(1000, 60000)),
        accountOf(context, machine, system),
        into,
      );
      into.AdditionalFields = JSON.stringify(fields);
      if (action === 'DnsQueryResponse') into.RemoteUrl = 'malicious-updates.com';
      into.ReportId = 900_000 + i;
    },
  };
}
