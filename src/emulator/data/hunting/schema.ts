import type { KqlType, TableColumn } from '../../kql/table.js';

/**
 * Column lists of the advanced hunting tables the emulator serves, with Microsoft's names and types
 * (facts §7). Written compactly as `name:type` (type letters below; bare name = string).
 */
const TYPES: Record<string, KqlType> = {
  dt: 'datetime',
  s: 'string',
  l: 'long',
  i: 'int',
  b: 'bool',
  dyn: 'dynamic',
};

function columns(spec: string): TableColumn[] {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => {
      const [name, type = 's'] = item.split(':');
      const kql = TYPES[type];
      if (!name || !kql) throw new Error(`bad column spec ${item}`);
      return { name, type: kql };
    });
}

const HEADER = 'Timestamp:dt DeviceId DeviceName ActionType';
const TRAILER = 'ReportId:l AppGuardContainerId AdditionalFields';
const INITIATING = `InitiatingProcessAccountDomain InitiatingProcessAccountName InitiatingProcessAccountSid
  InitiatingProcessAccountUpn InitiatingProcessAccountObjectId InitiatingProcessIntegrityLevel
  InitiatingProcessTokenElevation InitiatingProcessSHA1 InitiatingProcessSHA256 InitiatingProcessMD5
  InitiatingProcessFileName InitiatingProcessFileSize:l InitiatingProcessVersionInfoCompanyName
  InitiatingProcessVersionInfoProductName InitiatingProcessVersionInfoProductVersion
  InitiatingProcessVersionInfoInternalFileName InitiatingProcessVersionInfoOriginalFileName
  InitiatingProcessVersionInfoFileDescription InitiatingProcessId:l InitiatingProcessCommandLine
  InitiatingProcessCreationTime:dt InitiatingProcessFolderPath InitiatingProcessParentId:l
  InitiatingProcessParentFileName InitiatingProcessParentCreationTime:dt InitiatingProcessSessionId:l
  IsInitiatingProcessRemoteSession:b InitiatingProcessRemoteSessionDeviceName InitiatingProcessRemoteSessionIP`;

export const TABLE_COLUMNS = {
  DeviceProcessEvents: columns(`${HEADER} FileName FolderPath SHA1 SHA256 MD5 FileSize:l
    ProcessVersionInfoCompanyName ProcessVersionInfoProductName ProcessVersionInfoProductVersion
    ProcessVersionInfoInternalFileName ProcessVersionInfoOriginalFileName ProcessVersionInfoFileDescription
    ProcessId:l ProcessCommandLine ProcessIntegrityLevel ProcessTokenElevation ProcessCreationTime:dt
    AccountDomain AccountName AccountSid AccountUpn AccountObjectId LogonId:l ${INITIATING}
    InitiatingProcessLogonId:l InitiatingProcessSignerType InitiatingProcessSignatureStatus ${TRAILER}`),
  DeviceNetworkEvents: columns(`${HEADER} RemoteIP RemotePort:i RemoteUrl LocalIP LocalPort:i Protocol
    LocalIPType RemoteIPType ${INITIATING} ${TRAILER}`),
  DeviceFileEvents: columns(`${HEADER} FileName FolderPath SHA1 SHA256 MD5 FileOriginUrl FileOriginReferrerUrl
    FileOriginIP PreviousFolderPath PreviousFileName FileSize:l ${INITIATING} RequestProtocol RequestSourceIP
    RequestSourcePort:i RequestAccountName RequestAccountDomain RequestAccountSid ShareName SensitivityLabel
    SensitivitySubLabel IsAzureInfoProtectionApplied:b ${TRAILER}`),
  DeviceLogonEvents: columns(`${HEADER} LogonType AccountDomain AccountName AccountSid Protocol FailureReason
    IsLocalAdmin:b LogonId:l RemoteDeviceName RemoteIP RemoteIPType RemotePort:i ${INITIATING} ${TRAILER}`),
  DeviceEvents: columns(`${HEADER} FileName FolderPath SHA1 SHA256 MD5 FileSize:l AccountDomain AccountName
    AccountSid RemoteUrl RemoteDeviceName ProcessId:l ProcessCommandLine ProcessCreationTime:dt
    ProcessTokenElevation LogonId:l RegistryKey RegistryValueName RegistryValueData RemoteIP RemotePort:i
    LocalIP LocalPort:i FileOriginUrl FileOriginIP ${INITIATING} InitiatingProcessLogonId:l ${TRAILER}
    CreatedProcessSessionId:l IsProcessRemoteSession:b ProcessRemoteSessionDeviceName ProcessRemoteSessionIP`),
  DeviceInfo: columns(`Timestamp:dt DeviceId DeviceName ClientVersion PublicIP OSArchitecture OSPlatform
    OSBuild:l IsAzureADJoined:b JoinType AadDeviceId LoggedOnUsers RegistryDeviceTag OSVersion MachineGroup
    ReportId:l OnboardingStatus AdditionalFields DeviceCategory DeviceType DeviceSubtype Model Vendor
    OSDistribution OSVersionInfo MergedDeviceIds MergedToDeviceId IsInternetFacing:b SensorHealthState
    IsExcluded:b ExclusionReason ExposureLevel AssetValue DeviceManualTags DeviceDynamicTags ConnectivityType
    HostDeviceId`),
  AlertInfo: columns(
    'Timestamp:dt AlertId Title Category Severity ServiceSource DetectionSource AttackTechniques',
  ),
  AlertEvidence: columns(`Timestamp:dt AlertId Title Categories AttackTechniques ServiceSource DetectionSource
    EntityType EvidenceRole EvidenceDirection FileName FolderPath SHA1 SHA256 FileSize:l ThreatFamily RemoteIP
    RemoteUrl AccountName AccountDomain AccountSid AccountObjectId AccountUpn DeviceId DeviceName LocalIP
    NetworkMessageId EmailSubject Application ApplicationId:i OAuthApplicationId ProcessCommandLine RegistryKey
    RegistryValueName RegistryValueData AdditionalFields Severity CloudResource CloudPlatform ResourceType
    ResourceID SubscriptionId`),
  EmailEvents:
    columns(`Timestamp:dt NetworkMessageId InternetMessageId SenderMailFromAddress SenderFromAddress
    SenderDisplayName SenderObjectId SenderMailFromDomain SenderFromDomain SenderIPv4 SenderIPv6
    RecipientEmailAddress RecipientObjectId Subject EmailClusterId:l EmailDirection DeliveryAction
    DeliveryLocation ThreatTypes ThreatNames DetectionMethods ConfidenceLevel BulkComplaintLevel:i EmailAction
    EmailActionPolicy EmailActionPolicyGuid AuthenticationDetails AttachmentCount:i UrlCount:i EmailLanguage
    Connectors OrgLevelAction OrgLevelPolicy UserLevelAction UserLevelPolicy ReportId AdditionalFields
    LatestDeliveryLocation LatestDeliveryAction`),
  IdentityLogonEvents:
    columns(`Timestamp:dt ActionType Application LogonType Protocol FailureReason AccountName
    AccountDomain AccountUpn AccountSid AccountObjectId AccountDisplayName DeviceName DeviceType OSPlatform
    IPAddress Port:i DestinationDeviceName DestinationIPAddress DestinationPort:i TargetDeviceName
    TargetAccountDisplayName Location Isp ReportId AdditionalFields:dyn`),
} as const satisfies Record<string, TableColumn[]>;

export type TableName = keyof typeof TABLE_COLUMNS;
export const TABLE_NAMES = Object.keys(TABLE_COLUMNS) as TableName[];
