/**
 * The seeded world's records. Resources are kept in the shape their API returns (Graph camelCase
 * enums, MDE PascalCase enums), so routes serve them as they are and mutations (PATCH, actions)
 * change what every later read sees.
 */

export interface Machine {
  id: string;
  computerDnsName: string;
  firstSeen: string;
  lastSeen: string;
  osPlatform: string;
  osVersion: string | null;
  osProcessor: string;
  version: string;
  osBuild: number;
  lastIpAddress: string;
  lastExternalIpAddress: string;
  agentVersion: string;
  osArchitecture: '32-bit' | '64-bit';
  healthStatus: string;
  deviceValue: 'Normal' | 'Low' | 'High';
  rbacGroupId: number;
  rbacGroupName: string;
  riskScore: string;
  exposureLevel: string;
  isAadJoined: boolean;
  aadDeviceId: string | null;
  machineTags: string[];
  onboardingStatus: string;
  ipAddresses: { ipAddress: string; macAddress: string; type: string; operationalStatus: string }[];
}

export interface User {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  accountEnabled: boolean;
  createdDateTime: string;
  usageLocation: string;
  onPremisesSamAccountName: string;
  onPremisesSecurityIdentifier: string;
  businessPhones: string[];
  mobilePhone: string | null;
  preferredLanguage: string;
  /** Reset to "now" by revokeSignInSessions (and Defender for Identity's revokeAllSessions). */
  signInSessionsValidFromDateTime: string;
  /** True for accounts synchronised from on-premises Active Directory, null for cloud-only ones. */
  onPremisesSyncEnabled: boolean | null;
}

export interface RiskyUser {
  id: string;
  isDeleted: boolean;
  isProcessing: boolean;
  riskLastUpdatedDateTime: string;
  riskLevel: 'low' | 'medium' | 'high' | 'hidden' | 'none';
  riskState: 'none' | 'confirmedSafe' | 'remediated' | 'dismissed' | 'atRisk' | 'confirmedCompromised';
  riskDetail: string;
  userDisplayName: string;
  userPrincipalName: string;
}

export interface SignIn {
  id: string;
  createdDateTime: string;
  userDisplayName: string;
  userPrincipalName: string;
  userId: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  correlationId: string;
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  isInteractive: boolean;
  riskDetail: string;
  riskLevelAggregated: string;
  riskLevelDuringSignIn: string;
  riskState: string;
  riskEventTypes_v2: string[];
  resourceDisplayName: string;
  resourceId: string;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  deviceDetail: {
    deviceId: string;
    displayName: string;
    operatingSystem: string;
    browser: string;
    isCompliant: boolean;
    isManaged: boolean;
    trustType: string;
  };
  location: { city: string; state: string; countryOrRegion: string };
}

export type IdentityProvider = 'entraID' | 'activeDirectory' | 'okta';

export interface IdentityAccount {
  id: string;
  displayName: string;
  domain: string;
  onPremisesSecurityIdentifier: string;
  cloudSecurityIdentifier: string;
  isEnabled: boolean;
  accounts: { identifier: string; identityProvider: IdentityProvider; actions: string[] }[];
}

/** An activated Entra directory role; `memberIds` is served through `/members`, not on the role. */
export interface DirectoryRole {
  id: string;
  displayName: string;
  description: string;
  roleTemplateId: string;
  memberIds: string[];
}

/** A security group; `memberIds` is what `transitiveMemberOf` walks. */
export interface Group {
  id: string;
  displayName: string;
  description: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  memberIds: string[];
}

/** What an identity response action did, as the emulator received it (the tests' oracle). */
export interface IdentityActionRecord {
  at: string;
  /** `invokeAction`, `revokeSignInSessions`, `confirmCompromised` or `dismiss`. */
  api: string;
  /** Identity account id, or the user id for Graph user / Identity Protection calls. */
  target: string;
  action: string;
  identityProvider: IdentityProvider | null;
  /** The appid of the caller. */
  appId: string;
}

export interface Comment {
  comment: string;
  createdByDisplayName: string;
  createdDateTime: string;
}

export type Evidence = Record<string, unknown> & { '@odata.type': string };

export interface Alert {
  '@odata.type': '#microsoft.graph.security.alert';
  id: string;
  providerAlertId: string;
  incidentId: string;
  status: string;
  severity: string;
  classification: string | null;
  determination: string | null;
  serviceSource: string;
  detectionSource: string;
  detectorId: string;
  tenantId: string;
  title: string;
  description: string;
  recommendedActions: string;
  category: string;
  assignedTo: string | null;
  alertWebUrl: string;
  incidentWebUrl: string;
  actorDisplayName: string | null;
  threatDisplayName: string | null;
  threatFamilyName: string | null;
  mitreTechniques: string[];
  createdDateTime: string;
  lastUpdateDateTime: string;
  resolvedDateTime: string | null;
  firstActivityDateTime: string;
  lastActivityDateTime: string;
  comments: Comment[];
  evidence: Evidence[];
  systemTags: string[];
}

export interface Incident {
  '@odata.type': '#microsoft.graph.security.incident';
  id: string;
  incidentWebUrl: string;
  redirectIncidentId: string | null;
  tenantId: string;
  displayName: string;
  createdDateTime: string;
  lastUpdateDateTime: string;
  assignedTo: string | null;
  classification: string;
  determination: string;
  status: string;
  severity: string;
  customTags: string[];
  systemTags: string[];
  description: string;
  comments: Comment[];
}

export type MachineActionType =
  | 'Isolate'
  | 'Unisolate'
  | 'RunAntiVirusScan'
  | 'StopAndQuarantineFile'
  | 'RestrictCodeExecution'
  | 'UnrestrictCodeExecution'
  | 'CollectInvestigationPackage';

export type MachineActionStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'TimeOut' | 'Cancelled';

export interface MachineAction {
  id: string;
  type: MachineActionType;
  scope: string | null;
  requestor: string;
  requestorComment: string;
  externalID: string | null;
  requestSource: string;
  commands: unknown[];
  cancellationRequestor: string | null;
  cancellationComment: string | null;
  cancellationDateTimeUtc: string | null;
  status: MachineActionStatus;
  machineId: string;
  computerDnsName: string;
  creationDateTimeUtc: string;
  lastUpdateDateTimeUtc: string;
  title: string;
  errorHResult: number;
  relatedFileInfo: { fileIdentifier: string; fileIdentifierType: 'Sha1' | 'Sha256' | 'Md5' } | null;
}

/** A file the world knows (malware of the stories plus benign binaries), for `/api/files`. */
export interface KnownFile {
  sha1: string;
  sha256: string;
  md5: string;
  fileName: string;
  folderPath: string;
  size: number;
  filePublisher: string | null;
  signer: string | null;
  issuer: string | null;
  isValidCertificate: boolean;
  determinationType: 'Malware' | 'Clean' | 'Unknown';
  determinationValue: string;
  globalPrevalence: number;
  globalFirstObserved: string;
  globalLastObserved: string;
  /** Devices of this tenant where it was seen, for `/stats`. */
  seenOn: string[];
}
