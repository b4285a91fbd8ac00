import { fileHashes } from '../files.js';
import type { Machine } from '../model.js';
import { DAY } from '../time.js';
import {
  deviceHeader,
  initiatingProcess,
  type ProcessRun,
  SYSTEM_ACCOUNT,
  subjectProcess,
  userAccount,
} from './actors.js';
import { type BackgroundContext, DATA_DAYS, rowRngs } from './context.js';
import { type Chain, type ChainOptions, HP_CHAINS as LISTED } from './hp-chains.js';
import { HP_BURSTS } from './hp-chains-bursts.js';
import { SUSPICIOUS_PROCESSES } from './hunt-catalog.js';
import { MORE_SUSPICIOUS_PROCESSES } from './hunt-catalog-more.js';
import type { RowSource } from './table.js';

const HOUR = 3_600_000;

/**
 * The chains of hp-chains.ts as DeviceProcessEvents rows. Activity recurs on a fixed schedule
 * relative to the world's anchor (midnight UTC of the world's day): each chain once a day at its own
 * hour, from DATA_DAYS before the anchor through the anchor's day, and `hourly` chains every hour of
 * the day before and the day of the anchor. A look-back of a whole number of periods (ago(1d) for a
 * daily chain, ago(1h) for an hourly one) then holds the same rows at any time of day: the engine
 * hides rows after `now`, and exactly one occurrence leaves the window as one enters it. The
 * catalogued single commands of hunt-catalog*.ts get one more occurrence during the anchor's day,
 * so a one-day look-back finds them late in the day too.
 */
const CATALOG: readonly Chain[] = [...SUSPICIOUS_PROCESSES, ...MORE_SUSPICIOUS_PROCESSES].map(
  ([parent, commandLine]) =>
    /^(services|wmiprvse|wsmprovhost|winrshost)\.exe$/i.test(parent)
      ? (['wininit.exe', parent, commandLine, { system: true }] as const)
      : (['explorer.exe', parent, commandLine] as const),
);
const HP_CHAINS = [...LISTED, ...HP_BURSTS];
const HOURLY = HP_CHAINS.filter((c) => c[3]?.hourly);
const DAILY_ROWS = HP_CHAINS.length * (DATA_DAYS + 1);
const HOURLY_ROWS = HOURLY.length * 48;

/** `"C:\x\y.exe" args`, `C:\x\y.exe args` or `y.exe args` -> its path and file name. */
export function imageOf(commandLine: string): { fileName: string; path: string } {
  const first = commandLine.startsWith('"')
    ? commandLine.slice(1, commandLine.indexOf('"', 1))
    : (commandLine.split(' ')[0] ?? '');
  const fileName = first.split(/[\\/]/).pop() ?? first;
  return { fileName, path: /[\\/]/.test(first) ? first : '' };
}

/** Where a program lives, by name, as the products install it. */
const FOLDERS: readonly (readonly [RegExp, string])[] = [
  [/^(winword|excel|outlook|onenote|powerpnt)\.exe$/i, 'C:\\Program Files\\Microsoft Office\\root\\Office16'],
  [/^javaw?\.exe$/i, 'C:\\Program Files\\Java\\jre1.8.0_361\\bin'],
  [/^tomcat\d*\.exe$/i, 'C:\\Program Files\\Apache Software Foundation\\Tomcat 9.0\\bin'],
  [/^w3wp\.exe$/i, 'C:\\Windows\\System32\\inetsrv'],
  [/^winrar\.exe|^rar\.exe$/i, 'C:\\Program Files\\WinRAR'],
  [/^chrome\.exe$/i, 'C:\\Program Files\\Google\\Chrome\\Application'],
  [/^msedge\.exe$/i, 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application'],
  [/^(msbuild|regasm|csc|cvtres)\.exe$/i, 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319'],
  [/^sqlservr\.exe$/i, 'C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn'],
  [/^oracle\.exe$/i, 'C:\\app\\oracle\\product\\19.0.0\\dbhome_1\\bin'],
  [/^solarwinds\./i, 'C:\\Program Files (x86)\\SolarWinds\\Orion'],
  [/^ws_tomcatservice\.exe$/i, 'C:\\Program Files\\VMware\\VMware View\\Server\\bin'],
  [/^php-cgi\.exe$/i, 'C:\\php'],
  [/^(beasvc|wlsvcx64)\.exe$/i, 'C:\\Oracle\\Middleware\\wlserver\\server\\bin'],
  [/^slack\.exe$/i, 'C:\\Users\\Public\\AppData\\Local\\slack\\app-4.33.90'],
  [/^(mimikatz|adfind|soaphound|psexec|7z|invoice)\.|\.scr$/i, 'C:\\ProgramData'],
];

function binaryOf(
  context: BackgroundContext,
  commandLine: string,
  os: ChainOptions['os'],
): ProcessRun['binary'] {
  const image = imageOf(commandLine);
  const path = image.path;
  // Windows finds `whoami` as whoami.exe: the file name has the extension the command line may omit.
  const fileName = !os && !/\.\w{2,4}$/.test(image.fileName) ? `${image.fileName}.exe` : image.fileName;
  const folder = os
    ? '/usr/bin'
    : (FOLDERS.find(([re]) => re.test(fileName))?.[1] ?? 'C:\\Windows\\System32');
  const folderPath = path || `${folder}${os ? '/' : '\\'}${fileName}`;
  const microsoft = /^C:\\Windows\\|Microsoft Office/i.test(folderPath);
  return {
    ...fileHashes(context.seed, folderPath.toLowerCase()),
    fileName,
    folderPath,
    size: 250_000,
    company: microsoft ? 'Microsoft Corporation' : '',
  };
}

/** Machines of the chain's platform; service chains prefer servers. */
function hostsOf(context: BackgroundContext, options: ChainOptions): readonly Machine[] {
  const os = options.os;
  const all = context.machines.filter((m) => (os ? m.osPlatform === os : m.osPlatform.startsWith('Windows')));
  const servers = all.filter((m) => m.osPlatform.startsWith('WindowsServer'));
  const hosts = options.system && !os && servers.length > 0 ? servers : all;
  return hosts.length > 0 ? hosts : context.machines;
}

/** Chain `c`'s occurrence `n` at `time`: the grandparent -> parent -> child rows' columns. */
function chainRow(
  context: BackgroundContext,
  chain: Chain,
  c: number,
  n: number,
  slot: number,
  into: Record<string, unknown>,
  index: number,
): void {
  const [grandparent, parentLine, childLine, options = {}] = chain;
  const rng = rowRngs(context, 'HpChains')(index);
  // Within ten minutes of its slot, which stays inside the slot's hour.
  const time = slot + rng.int(0, 599_999);
  const hosts = hostsOf(context, options);
  const machine = hosts[(keyOf(chain, c) * 5 + n) % hosts.length] as Machine;
  const user = context.usersOf(machine)[0];
  const account = options.system || !user ? SYSTEM_ACCOUNT : userAccount(context.tenant, user);
  const parentId = rng.int(1000, 60000);
  const parent: ProcessRun = {
    binary: binaryOf(context, parentLine, options.os),
    commandLine: parentLine,
    id: parentId,
    created: time - rng.int(1000, 600_000),
    parentFileName: grandparent,
    parentId: rng.int(500, 9000),
    parentCreated: time - rng.int(600_000, 86_400_000),
  };
  const child: ProcessRun = {
    binary: binaryOf(context, childLine, options.os),
    commandLine: childLine,
    id: rng.int(1000, 60000),
    created: time,
    parentFileName: parent.binary.fileName,
    parentId,
    parentCreated: parent.created,
  };
  deviceHeader(machine, time, 'ProcessCreated', into);
  subjectProcess(child, account, into);
  initiatingProcess(parent, account, into);
  if (options.original) into.ProcessVersionInfoOriginalFileName = options.original;
  if (options.company !== undefined) into.ProcessVersionInfoCompanyName = options.company;
  into.ProcessVersionInfoProductName =
    options.product ?? (child.binary.company ? 'Microsoft® Windows® Operating System' : '');
  into.ProcessVersionInfoFileDescription = options.description ?? '';
  into.ProcessVersionInfoInternalFileName = options.original ?? child.binary.fileName;
  const signed = parent.binary.company !== '';
  into.InitiatingProcessSignerType = signed ? 'OsVendor' : 'None';
  into.InitiatingProcessSignatureStatus = signed ? 'Valid' : 'Unsigned';
  into.InitiatingProcessVersionInfoProductName = signed ? 'Microsoft® Windows® Operating System' : '';
  into.LogonId = rng.int(100000, 9999999);
  into.ReportId = 950_000 + index;
}

/** The hour of the day (0-21) chain `c` happens at, so a day's chains spread over its hours. */
const hourOf = (c: number) => (c * 7) % 22;

/** What places a chain: its burst (shared with the burst's other chains) or else its own index. */
const keyOf = (chain: Chain, c: number) => (chain[3]?.burst === undefined ? c : 1000 + chain[3].burst);

export function hpProcesses(context: BackgroundContext): RowSource {
  const start = context.anchor - DATA_DAYS * DAY;
  return {
    count: DAILY_ROWS + HOURLY_ROWS + CATALOG.length,
    row(i, into) {
      if (i < DAILY_ROWS) {
        // Day-major, so rows come in time order.
        const day = Math.floor(i / HP_CHAINS.length);
        const c = i % HP_CHAINS.length;
        const time =
          start + day * DAY + hourOf(keyOf(HP_CHAINS[c] as Chain, c)) * HOUR + ((c * 13) % 50) * 60_000;
        chainRow(context, HP_CHAINS[c] as Chain, c, day, time, into, i);
        return;
      }
      const j = i - DAILY_ROWS;
      if (j < HOURLY_ROWS) {
        const hour = Math.floor(j / HOURLY.length) - 24;
        const c = j % HOURLY.length;
        const time = context.anchor + hour * HOUR + ((c * 11) % 50) * 60_000;
        chainRow(context, HOURLY[c] as Chain, c, hour + 24, time, into, i);
        return;
      }
      const c = j - HOURLY_ROWS;
      const time = context.anchor + hourOf(c) * HOUR + ((c * 17) % 55) * 60_000;
      chainRow(context, CATALOG[c] as Chain, c, 0, time, into, i);
    },
  };
}
