import { COLUMN_DESCRIPTIONS } from './columns.js';

/**
 * The Advanced Hunting schema the analyzer checks queries against, written from
 * reference/microsoft-api-facts.md §7 (Microsoft Learn's table pages). It is deliberately separate
 * from the emulator's tables: the emulator is the independent oracle, so a mistake here must not be
 * mirrored there. DeviceRegistryEvents and the other tables the facts did not read are left out
 * rather than guessed; a query on them is reported as an unknown table.
 */

export type ColumnType = 'datetime' | 'string' | 'long' | 'int' | 'bool' | 'dynamic';

export interface HuntingColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
}

export interface HuntingTable {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly HuntingColumn[];
}

type Spec = readonly (string | readonly [string, ColumnType])[];

const HEADER: Spec = [['Timestamp', 'datetime'], 'DeviceId', 'DeviceName', 'ActionType'];
const TRAILER: Spec = [['ReportId', 'long'], 'AppGuardContainerId', 'AdditionalFields'];
const FILE: Spec = ['FileName', 'FolderPath', 'SHA1', 'SHA256', 'MD5'];
const VERSION_INFO = [
  'CompanyName',
  'ProductName',
  'ProductVersion',
  'InternalFileName',
  'OriginalFileName',
  'FileDescription',
];
const ACCOUNT: Spec = ['AccountDomain', 'AccountName', 'AccountSid'];
/** The initiating process block shared by the Device* event tables. */
const INITIATING: Spec = [
  ...[
    'AccountDomain',
    'AccountName',
    'AccountSid',
    'AccountUpn',
    'AccountObjectId',
    'IntegrityLevel',
    'TokenElevation',
    'SHA1',
    'SHA256',
    'MD5',
    'FileName',
    'FolderPath',
    'CommandLine',
    'ParentFileName',
  ].map((c) => `InitiatingProcess${c}`),
  ...VERSION_INFO.map((c) => `InitiatingProcessVersionInfo${c}`),
  ['InitiatingProcessFileSize', 'long'],
  ['InitiatingProcessId', 'long'],
  ['InitiatingProcessParentId', 'long'],
  ['InitiatingProcessCreationTime', 'datetime'],
  ['InitiatingProcessParentCreationTime', 'datetime'],
  ['InitiatingProcessSessionId', 'long'],
  ['IsInitiatingProcessRemoteSession', 'bool'],
  'InitiatingProcessRemoteSessionDeviceName',
  'InitiatingProcessRemoteSessionIP',
];

function table(name: string, description: string, ...specs: Spec[]): HuntingTable {
  const columns = specs.flat().map((spec): HuntingColumn => {
    const [column, type] = typeof spec === 'string' ? [spec, 'string' as const] : spec;
    return { name: column, type, description: COLUMN_DESCRIPTIONS[column] ?? '' };
  });
  return { name, description, columns };
}

export const HUNTING_TABLES: readonly HuntingTable[] = [
  table(
    'DeviceProcessEvents',
    'Process creation and related events on devices.',
    HEADER,
    FILE,
    [['FileSize', 'long']],
    VERSION_INFO.map((c) => `ProcessVersionInfo${c}`),
    [['ProcessId', 'long'], 'ProcessCommandLine', 'ProcessIntegrityLevel', 'ProcessTokenElevation'],
    [['ProcessCreationTime', 'datetime']],
    ACCOUNT,
    ['AccountUpn', 'AccountObjectId', ['LogonId', 'long']],
    INITIATING,
    [['InitiatingProcessLogonId', 'long'], 'InitiatingProcessSignerType', 'InitiatingProcessSignatureStatus'],
    TRAILER,
  ),
  table(
    'DeviceNetworkEvents',
    'Network connections and related events on devices.',
    HEADER,
    ['RemoteIP', ['RemotePort', 'int'], 'RemoteUrl', 'LocalIP', ['LocalPort', 'int'], 'Protocol'],
    ['LocalIPType', 'RemoteIPType'],
    INITIATING,
    TRAILER,
  ),
  table(
    'DeviceFileEvents',
    'File creation, modification and other file system events on devices.',
    HEADER,
    FILE,
    ['FileOriginUrl', 'FileOriginReferrerUrl', 'FileOriginIP', 'PreviousFolderPath', 'PreviousFileName'],
    [['FileSize', 'long']],
    INITIATING,
    ['RequestProtocol', 'RequestSourceIP', ['RequestSourcePort', 'int']],
    ['RequestAccountName', 'RequestAccountDomain', 'RequestAccountSid', 'ShareName'],
    ['SensitivityLabel', 'SensitivitySubLabel', ['IsAzureInfoProtectionApplied', 'bool']],
    TRAILER,
  ),
  table(
    'DeviceLogonEvents',
    'Sign-ins and other authentication events on devices.',
    HEADER,
    ['LogonType'],
    ACCOUNT,
    ['Protocol', 'FailureReason', ['IsLocalAdmin', 'bool'], ['LogonId', 'long']],
    ['RemoteDeviceName', 'RemoteIP', 'RemoteIPType', ['RemotePort', 'int']],
    INITIATING,
    TRAILER,
  ),
  table(
    'DeviceEvents',
    'Other device events: security controls (antivirus, exploit protection), registry, and more.',
    HEADER,
    FILE,
    [['FileSize', 'long']],
    ACCOUNT,
    ['RemoteUrl', 'RemoteDeviceName', ['ProcessId', 'long'], 'ProcessCommandLine'],
    [['ProcessCreationTime', 'datetime'], 'ProcessTokenElevation', ['LogonId', 'long']],
    ['RegistryKey', 'RegistryValueName', 'RegistryValueData'],
    ['RemoteIP', ['RemotePort', 'int'], 'LocalIP', ['LocalPort', 'int'], 'FileOriginUrl', 'FileOriginIP'],
    INITIATING,
    [['InitiatingProcessLogonId', 'long']],
    TRAILER,
    [
      ['CreatedProcessSessionId', 'long'],
      ['IsProcessRemoteSession', 'bool'],
    ],
    ['ProcessRemoteSessionDeviceName', 'ProcessRemoteSessionIP'],
  ),
  table(
    'DeviceInfo',
    'Machine information: operating system, join state, exposure, tags (reported hourly and on change).',
    [['Timestamp', 'datetime'], 'DeviceId', 'DeviceName', 'ClientVersion', 'PublicIP'],
    ['OSArchitecture', 'OSPlatform', ['OSBuild', 'long'], ['IsAzureADJoined', 'bool'], 'JoinType'],
    ['AadDeviceId', 'LoggedOnUsers', 'RegistryDeviceTag', 'OSVersion', 'MachineGroup', ['ReportId', 'long']],
    ['OnboardingStatus', 'AdditionalFields', 'DeviceCategory', 'DeviceType', 'DeviceSubtype', 'Model'],
    ['Vendor', 'OSDistribution', 'OSVersionInfo', 'MergedDeviceIds', 'MergedToDeviceId'],
    [['IsInternetFacing', 'bool'], 'SensorHealthState', ['IsExcluded', 'bool'], 'ExclusionReason'],
    ['ExposureLevel', 'AssetValue', 'DeviceManualTags', 'DeviceDynamicTags', 'ConnectivityType'],
    ['HostDeviceId'],
  ),
  table(
    'AlertInfo',
    'Alerts from Defender for Endpoint, Office 365, Identity, Cloud Apps and others, one row per alert.',
    [['Timestamp', 'datetime'], 'AlertId', 'Title', 'Category', 'Severity', 'ServiceSource'],
    ['DetectionSource', 'AttackTechniques'],
  ),
  table(
    'AlertEvidence',
    'Files, IPs, URLs, users, devices and other entities associated with alerts.',
    [['Timestamp', 'datetime'], 'AlertId', 'Title', 'Categories', 'AttackTechniques', 'ServiceSource'],
    ['DetectionSource', 'EntityType', 'EvidenceRole', 'EvidenceDirection', 'FileName', 'FolderPath'],
    ['SHA1', 'SHA256', ['FileSize', 'long'], 'ThreatFamily', 'RemoteIP', 'RemoteUrl'],
    ACCOUNT,
    ['AccountObjectId', 'AccountUpn', 'DeviceId', 'DeviceName', 'LocalIP', 'NetworkMessageId'],
    ['EmailSubject', 'Application', ['ApplicationId', 'int'], 'OAuthApplicationId', 'ProcessCommandLine'],
    ['RegistryKey', 'RegistryValueName', 'RegistryValueData', 'AdditionalFields', 'Severity'],
    ['CloudResource', 'CloudPlatform', 'ResourceType', 'ResourceID', 'SubscriptionId'],
  ),
  table(
    'EmailEvents',
    'Emails sent and received in Microsoft 365: delivery, filtering verdicts, authentication.',
    [['Timestamp', 'datetime'], 'NetworkMessageId', 'InternetMessageId', 'SenderMailFromAddress'],
    ['SenderFromAddress', 'SenderDisplayName', 'SenderObjectId', 'SenderMailFromDomain'],
    ['SenderFromDomain', 'SenderIPv4', 'SenderIPv6', 'RecipientEmailAddress', 'RecipientObjectId'],
    ['Subject', ['EmailClusterId', 'long'], 'EmailDirection', 'DeliveryAction', 'DeliveryLocation'],
    ['ThreatTypes', 'ThreatNames', 'DetectionMethods', 'ConfidenceLevel', ['BulkComplaintLevel', 'int']],
    ['EmailAction', 'EmailActionPolicy', 'EmailActionPolicyGuid', 'AuthenticationDetails'],
    [['AttachmentCount', 'int'], ['UrlCount', 'int'], 'EmailLanguage', 'Connectors', 'OrgLevelAction'],
    ['OrgLevelPolicy', 'UserLevelAction', 'UserLevelPolicy', 'ReportId', 'AdditionalFields'],
    ['LatestDeliveryLocation', 'LatestDeliveryAction'],
  ),
  table(
    'IdentityLogonEvents',
    'Authentication activity seen by Defender for Identity (on-premises AD) and Defender for Cloud Apps.',
    [['Timestamp', 'datetime'], 'ActionType', 'Application', 'LogonType', 'Protocol', 'FailureReason'],
    ['AccountName', 'AccountDomain', 'AccountUpn', 'AccountSid', 'AccountObjectId', 'AccountDisplayName'],
    ['DeviceName', 'DeviceType', 'OSPlatform', 'IPAddress', ['Port', 'int'], 'DestinationDeviceName'],
    ['DestinationIPAddress', ['DestinationPort', 'int'], 'TargetDeviceName', 'TargetAccountDisplayName'],
    ['Location', 'Isp', 'ReportId', ['AdditionalFields', 'dynamic']],
  ),
];

const BY_NAME = new Map(HUNTING_TABLES.map((t) => [t.name.toLowerCase(), t]));

/** A table by name (case-insensitive, as the model may write it). */
export function huntingTable(name: string): HuntingTable | undefined {
  return BY_NAME.get(name.toLowerCase());
}
