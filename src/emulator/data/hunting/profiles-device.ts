import type { Profile } from './background-generic.js';

/**
 * Device activity by documented ActionType, beyond what the routine generators draw: the events
 * public hunts filter on (exploit-protection and ASR events, API-call telemetry, network
 * inspections, registry persistence, local and remote logons), each with the AdditionalFields
 * those hunts parse. One row per variant per cycle, on the world's machines and accounts.
 */
const c2 = 'malicious-updates.com';

export const DEVICE_EVENTS: Profile = [
  {
    ActionType: 'AntivirusDetection',
    FileName: 'mimikatz.exe',
    AdditionalFields: { ThreatName: 'HackTool:Win32/Mimikatz.D', WasRemediated: true },
  },
  {
    ActionType: 'AntivirusReport',
    AdditionalFields: { ThreatName: 'Trojan:Win32/Qakbot.A', WasRemediated: false },
  },
  {
    ActionType: 'AsrOfficeChildProcessAudited',
    FileName: 'powershell.exe',
    InitiatingProcessFileName: 'winword.exe',
    AdditionalFields: { IsAudit: true },
  },
  {
    ActionType: 'AsrExecutableEmailContentBlocked',
    FileName: 'invoice.js',
    InitiatingProcessFileName: 'outlook.exe',
    AdditionalFields: { IsAudit: false },
  },
  {
    ActionType: 'AsrExecutableEmailContentAudited',
    FileName: 'invoice.js',
    InitiatingProcessFileName: 'outlook.exe',
    AdditionalFields: { IsAudit: true },
  },
  {
    ActionType: 'AsrExecutableOfficeContentBlocked',
    FileName: 'p.exe',
    InitiatingProcessFileName: 'excel.exe',
    AdditionalFields: { IsAudit: false },
  },
  {
    ActionType: 'AsrExecutableOfficeContentAudited',
    FileName: 'p.exe',
    InitiatingProcessFileName: 'excel.exe',
    AdditionalFields: { IsAudit: true },
  },
  {
    ActionType: 'AsrLsassCredentialTheftBlocked',
    FileName: 'lsass.exe',
    InitiatingProcessFileName: 'rundll32.exe',
    AdditionalFields: { IsAudit: false },
  },
  {
    ActionType: 'AsrLsassCredentialTheftAudited',
    FileName: 'lsass.exe',
    InitiatingProcessFileName: 'procdump.exe',
    AdditionalFields: { IsAudit: true },
  },
  {
    ActionType: 'AsrPsexecWmiChildProcessBlocked',
    FileName: 'cmd.exe',
    InitiatingProcessFileName: 'wmiprvse.exe',
    AdditionalFields: { IsAudit: false },
  },
  {
    ActionType: 'AsrRansomwareBlocked',
    FileName: 'Budget.xlsx.locked',
    AdditionalFields: { IsAudit: false },
  },
  { ActionType: 'AsrRansomwareAudited', FileName: 'Budget.xlsx.locked', AdditionalFields: { IsAudit: true } },
  {
    ActionType: 'AsrUntrustedExecutableBlocked',
    FileName: 'update.exe',
    AdditionalFields: { IsAudit: false },
  },
  {
    ActionType: 'AsrObfuscatedScriptBlocked',
    FileName: 'update.ps1',
    InitiatingProcessFileName: 'powershell.exe',
    AdditionalFields: { IsAudit: false },
  },
  {
    ActionType: 'ControlledFolderAccessViolationBlocked',
    FolderPath: 'C:\\Users\\Public\\Documents',
    AdditionalFields: { IsAudit: false },
  },
  {
    ActionType: 'ExploitGuardNetworkProtectionBlocked',
    RemoteUrl: c2,
    AdditionalFields: { ResponseCategory: 'CustomBlockList', IsAudit: false },
  },
  {
    ActionType: 'ExploitGuardNetworkProtectionAudited',
    RemoteUrl: 'cdn-telemetry-sync.xyz',
    AdditionalFields: { ResponseCategory: 'CustomBlockList', IsAudit: true },
  },
  {
    ActionType: 'SmartScreenUrlWarning',
    RemoteUrl: 'https://login-microsoftonline.support/',
    AdditionalFields: { Experience: 'Phishing' },
  },
  {
    ActionType: 'SmartScreenAppWarning',
    FileName: 'invoice.exe',
    AdditionalFields: { Experience: 'Untrusted' },
  },
  { ActionType: 'SmartScreenUserOverride', RemoteUrl: 'https://login-microsoftonline.support/' },
  {
    ActionType: 'BrowserLaunchedToOpenUrl',
    InitiatingProcessFileName: 'winword.exe',
    RemoteUrl: `https://${c2}/invoice/view.php`,
  },
  {
    ActionType: 'BrowserLaunchedToOpenUrl',
    InitiatingProcessFileName: 'outlook.exe',
    RemoteUrl: 'https://login-microsoftonline.support/common/oauth2/authorize',
  },
  {
    ActionType: 'CreateRemoteThreadApiCall',
    FileName: 'lsass.exe',
    InitiatingProcessFileName: 'rundll32.exe',
  },
  {
    ActionType: 'QueueUserApcRemoteApiCall',
    FileName: 'explorer.exe',
    InitiatingProcessFileName: 'powershell.exe',
  },
  {
    ActionType: 'SetThreadContextRemoteApiCall',
    FileName: 'svchost.exe',
    InitiatingProcessFileName: 'rundll32.exe',
  },
  {
    ActionType: 'NtAllocateVirtualMemoryRemoteApiCall',
    FileName: 'notepad.exe',
    InitiatingProcessFileName: 'powershell.exe',
  },
  {
    ActionType: 'NtMapViewOfSectionRemoteApiCall',
    FileName: 'notepad.exe',
    InitiatingProcessFileName: 'rundll32.exe',
  },
  {
    ActionType: 'WriteProcessMemoryApiCall',
    FileName: 'notepad.exe',
    InitiatingProcessFileName: 'rundll32.exe',
  },
  {
    ActionType: 'ReadProcessMemoryApiCall',
    FileName: 'lsass.exe',
    InitiatingProcessFileName: 'procdump.exe',
  },
  {
    ActionType: 'OpenProcessApiCall',
    FileName: 'lsass.exe',
    InitiatingProcessFileName: 'rundll32.exe',
    AdditionalFields: { DesiredAccess: 4112 },
  },
  { ActionType: 'GetAsyncKeyStateApiCall', InitiatingProcessFileName: 'update.exe' },
  { ActionType: 'MemoryRemoteProtect', FileName: 'explorer.exe', InitiatingProcessFileName: 'rundll32.exe' },
  {
    ActionType: 'DpapiAccessed',
    InitiatingProcessFileName: 'rundll32.exe',
    AdditionalFields: { DataDescription: 'Google Chrome' },
  },
  { ActionType: 'ScreenshotTaken', InitiatingProcessFileName: 'update.exe' },
  {
    ActionType: 'ProcessCreatedUsingWmiQuery',
    FileName: 'cmd.exe',
    ProcessCommandLine: 'cmd.exe /c whoami',
    InitiatingProcessFileName: 'wmiprvse.exe',
  },
  {
    ActionType: 'WmiBindEventFilterToConsumer',
    AdditionalFields: {
      Namespace: 'root\\subscription',
      ConsumerName: 'Updater',
      ESSConsumer: 'CommandLineEventConsumer',
      PossibleCause: 'powershell.exe -w hidden -ep bypass -File C:\\Users\\Public\\update.ps1',
    },
  },
  {
    ActionType: 'PowerShellCommand',
    InitiatingProcessFileName: 'powershell.exe',
    AdditionalFields: { Command: 'Invoke-Mimikatz' },
  },
  {
    ActionType: 'PowerShellCommand',
    InitiatingProcessFileName: 'powershell.exe',
    AdditionalFields: { Command: 'Invoke-WebRequest' },
  },
  {
    ActionType: 'PowerShellCommand',
    InitiatingProcessFileName: 'powershell.exe',
    AdditionalFields: { Command: 'Get-ADComputer' },
  },
  {
    ActionType: 'PowerShellCommand',
    InitiatingProcessFileName: 'powershell.exe',
    AdditionalFields: { Command: 'New-Object Net.WebClient' },
  },
  {
    ActionType: 'ScheduledTaskCreated',
    AdditionalFields: {
      TaskName: '\\OneDrive Update',
      TaskContent: '{"Actions":{"Exec":{"Command":"C:\\\\Users\\\\Public\\\\update.exe"}}}',
    },
  },
  {
    ActionType: 'ScheduledTaskDeleted',
    AdditionalFields: { TaskName: '\\Microsoft\\Windows\\Windows Defender\\Windows Defender Scheduled Scan' },
  },
  { ActionType: 'ScheduledTaskUpdated', AdditionalFields: { TaskName: '\\OneDrive Update' } },
  {
    ActionType: 'ServiceInstalled',
    FileName: 'svc.exe',
    FolderPath: 'C:\\Users\\Public\\svc.exe',
    AdditionalFields: { ServiceName: 'UpdaterSvc', ServiceStartType: 2, ServiceAccount: 'LocalSystem' },
  },
  {
    ActionType: 'ServiceInstalled',
    FileName: 'PSEXESVC.exe',
    FolderPath: 'C:\\Windows\\PSEXESVC.exe',
    AdditionalFields: { ServiceName: 'PSEXESVC', ServiceStartType: 3, ServiceAccount: 'LocalSystem' },
  },
  {
    ActionType: 'UsbDriveMounted',
    AdditionalFields: {
      DriveLetter: 'E:',
      ProductName: 'Cruzer Blade',
      Manufacturer: 'SanDisk',
      SerialNumber: '4C530001',
      Volume: 'USB',
    },
  },
  {
    ActionType: 'UsbDriveMount',
    AdditionalFields: { DriveLetter: 'F:', ProductName: 'DataTraveler', Manufacturer: 'Kingston' },
  },
  {
    ActionType: 'PnpDeviceConnected',
    AdditionalFields: {
      ClassName: 'USB',
      DeviceDescription: 'USB Mass Storage Device',
      VendorIds: 'USB\\VID_0781',
      DeviceId: 'USB\\VID_0781&PID_5567\\4C530001',
    },
  },
  {
    ActionType: 'PnpDeviceAllowed',
    AdditionalFields: { ClassName: 'DiskDrive', DeviceDescription: 'SanDisk Cruzer Blade USB Device' },
  },
  {
    ActionType: 'RemovableStorageFileEvent',
    FileName: 'Finance-2026.xlsx',
    FolderPath: 'E:\\Backup\\Finance-2026.xlsx',
    AdditionalFields: { RemovableStorageAccess: 'Write', Policy: 'Audit' },
  },
  { ActionType: 'UserAccountCreated', AccountName: 'svc_backup', AdditionalFields: {} },
  {
    ActionType: 'UserAccountAddedToLocalGroup',
    AccountName: 'svc_backup',
    AdditionalFields: { GroupName: 'Administrators', GroupDomainName: 'BUILTIN', GroupSid: 'S-1-5-32-544' },
  },
  { ActionType: 'UserAccountDeleted', AccountName: 'svc_backup' },
  { ActionType: 'SecurityLogCleared', InitiatingProcessFileName: 'wevtutil.exe' },
  { ActionType: 'AuditPolicyModification', InitiatingProcessFileName: 'auditpol.exe' },
  {
    ActionType: 'TamperingAttempt',
    InitiatingProcessFileName: 'powershell.exe',
    AdditionalFields: {
      Status: 'Blocked',
      Target: 'DisableRealtimeMonitoring',
      TamperingAction: 'RegistryModification',
    },
  },
  { ActionType: 'FirewallInboundConnectionBlocked', RemoteIP: '203.0.113.66', RemotePort: 4444 },
  { ActionType: 'FirewallOutboundConnectionBlocked', RemoteIP: '185.220.101.4', RemotePort: 9001 },
  {
    ActionType: 'NamedPipeEvent',
    AdditionalFields: {
      PipeName: '\\Device\\NamedPipe\\msagent_12',
      FileOperation: 'File created',
      NamedPipeEnd: 'Server',
    },
  },
  {
    ActionType: 'NamedPipeEvent',
    AdditionalFields: {
      PipeName: '\\Device\\NamedPipe\\wkssvc',
      FileOperation: 'File opened',
      NamedPipeEnd: 'Client',
    },
  },
  {
    ActionType: 'NamedPipeEvent',
    AdditionalFields: {
      PipeName: '\\Device\\NamedPipe\\PSEXESVC',
      FileOperation: 'File created',
      NamedPipeEnd: 'Server',
    },
  },
  {
    ActionType: 'LdapSearch',
    InitiatingProcessFileName: 'AdFind.exe',
    AdditionalFields: {
      AttributeList: '["samaccountname","serviceprincipalname"]',
      SearchFilter: '(&(objectCategory=person)(objectClass=user)(servicePrincipalName=*))',
      DistinguishedName: 'DC=contoso,DC=local',
      ScopeOfSearch: 'SubTree',
    },
  },
  {
    ActionType: 'LdapSearch',
    InitiatingProcessFileName: 'powershell.exe',
    AdditionalFields: {
      AttributeList: '["name"]',
      SearchFilter: '(objectClass=trustedDomain)',
      DistinguishedName: 'DC=contoso,DC=local',
      ScopeOfSearch: 'SubTree',
    },
  },
  {
    ActionType: 'DnsQueryResponse',
    AdditionalFields: { DnsQueryString: c2, DnsQueryResult: '[{"Address":"198.51.100.23"}]' },
  },
  {
    ActionType: 'ShellLinkCreateFileEvent',
    FileName: 'invoice.lnk',
    AdditionalFields: {
      ShellLinkCommandLine: 'powershell.exe -w hidden -enc SQBFAFgA',
      ShellLinkIconPath: 'C:\\Windows\\System32\\shell32.dll',
    },
  },
  {
    ActionType: 'OtherAlertRelatedActivity',
    AdditionalFields: { Description: 'Suspicious credential access' },
  },
  {
    ActionType: 'LogonRightsSettingEnabled',
    AdditionalFields: { LogonRight: 'SeRemoteInteractiveLogonRight' },
  },
  {
    ActionType: 'AppControlExecutionAudited',
    FileName: 'update.exe',
    FolderPath: 'C:\\Users\\Public\\update.exe',
  },
  {
    ActionType: 'DirectoryServiceObjectModified',
    AdditionalFields: { AttributeName: 'msDS-KeyCredentialLink' },
  },
  { ActionType: 'RemoteDesktopConnection', RemoteIP: '10.0.0.12', RemotePort: 3389 },
];
