import { z } from 'zod';
import { looseEnum, opt, str, strArray } from './common.js';

/** Defender for Endpoint shapes (facts §2): PascalCase enums, camelCase fields. */
export const MachineActionType = looseEnum([
  'RunAntiVirusScan',
  'Offboard',
  'LiveResponse',
  'CollectInvestigationPackage',
  'Isolate',
  'Unisolate',
  'StopAndQuarantineFile',
  'RestrictCodeExecution',
  'UnrestrictCodeExecution',
]);
export const MachineActionStatus = looseEnum([
  'Pending',
  'InProgress',
  'Succeeded',
  'Failed',
  'TimeOut',
  'Cancelled',
]);

export const MachineSchema = z.looseObject({
  id: z.string(),
  computerDnsName: str,
  firstSeen: str,
  lastSeen: str,
  osPlatform: str,
  version: str,
  osBuild: opt(z.union([z.number(), z.string()])),
  lastIpAddress: str,
  lastExternalIpAddress: str,
  healthStatus: opt(
    looseEnum([
      'Active',
      'Inactive',
      'ImpairedCommunication',
      'NoSensorData',
      'NoSensorDataImpairedCommunication',
      'Unknown',
    ]),
  ),
  onboardingStatus: opt(looseEnum(['Onboarded', 'CanBeOnboarded', 'Unsupported', 'InsufficientInfo'])),
  rbacGroupName: str,
  rbacGroupId: opt(z.union([z.number(), z.string()])),
  riskScore: opt(looseEnum(['None', 'Informational', 'Low', 'Medium', 'High'])),
  exposureLevel: opt(looseEnum(['None', 'Low', 'Medium', 'High'])),
  deviceValue: opt(looseEnum(['Normal', 'Low', 'High'])),
  aadDeviceId: str,
  isAadJoined: opt(z.boolean()),
  machineTags: strArray,
  osArchitecture: str,
});

export const MachineActionSchema = z.looseObject({
  id: z.string(),
  type: opt(MachineActionType),
  scope: str,
  requestor: str,
  requestorComment: str,
  status: opt(MachineActionStatus),
  machineId: str,
  computerDnsName: str,
  creationDateTimeUtc: str,
  lastUpdateDateTimeUtc: str,
  lastUpdateTimeUtc: str,
  cancellationRequestor: str,
  cancellationComment: str,
  cancellationDateTimeUtc: str,
  title: str,
  relatedFileInfo: opt(z.looseObject({ fileIdentifier: str, fileIdentifierType: str })),
});

export const FileSchema = z.looseObject({
  sha1: str,
  sha256: str,
  md5: str,
  globalPrevalence: opt(z.number()),
  globalFirstObserved: str,
  globalLastObserved: str,
  size: opt(z.number()),
  fileType: str,
  isPeFile: opt(z.boolean()),
  filePublisher: str,
  fileProductName: str,
  signer: str,
  issuer: str,
  signerHash: str,
  isValidCertificate: opt(z.boolean()),
  determinationType: str,
  determinationValue: str,
});

export const IpStatsSchema = z.looseObject({
  ipAddress: str,
  orgPrevalence: opt(z.union([z.number(), z.string()])),
  orgFirstSeen: str,
  orgLastSeen: str,
});

export type Machine = z.output<typeof MachineSchema>;
export type MachineAction = z.output<typeof MachineActionSchema>;
export type DefenderFile = z.output<typeof FileSchema>;
export type IpStats = z.output<typeof IpStatsSchema>;

/** An alert as `/api/machines/{id}/alerts` returns it (the MDE alert shape: PascalCase enums). */
/** `GET /api/machines/{id}/vulnerabilities` (Defender Vulnerability Management `PublicVulnerabilityDto`). */
export const VulnerabilitySchema = z.looseObject({
  id: z.string(),
  name: str,
  description: str,
  severity: opt(looseEnum(['Low', 'Medium', 'High', 'Critical'])),
  cvssV3: opt(z.number()),
  exposedMachines: opt(z.number()),
  publishedOn: str,
  updatedOn: str,
  publicExploit: opt(z.boolean()),
  exploitVerified: opt(z.boolean()),
  exploitInKit: opt(z.boolean()),
});
export type Vulnerability = z.output<typeof VulnerabilitySchema>;

export const MdeAlertSchema = z.looseObject({
  id: z.string(),
  incidentId: opt(z.union([z.number(), z.string()])),
  title: str,
  description: str,
  severity: str,
  status: str,
  classification: str,
  determination: str,
  category: str,
  detectionSource: str,
  threatFamilyName: str,
  alertCreationTime: str,
  firstEventTime: str,
  lastEventTime: str,
  lastUpdateTime: str,
  machineId: str,
  computerDnsName: str,
  mitreTechniques: strArray,
});

/** A user seen on a machine (`/api/machines/{id}/logonusers`). */
export const LogonUserSchema = z.looseObject({
  id: str,
  accountName: str,
  accountDomain: str,
  accountSid: str,
  firstSeen: str,
  lastSeen: str,
  logonTypes: str,
  isDomainAdmin: opt(z.boolean()),
  isOnlyNetworkUser: opt(z.boolean()),
});

/** Organisation-level statistics of a file (`/api/files/{id}/stats`); prevalences arrive as strings. */
export const FileStatsSchema = z.looseObject({
  sha1: str,
  orgPrevalence: opt(z.union([z.number(), z.string()])),
  orgFirstSeen: str,
  orgLastSeen: str,
  globalPrevalence: opt(z.union([z.number(), z.string()])),
  globalFirstObserved: str,
  globalLastObserved: str,
  topFileNames: strArray,
});

export type MdeAlert = z.output<typeof MdeAlertSchema>;
export type LogonUser = z.output<typeof LogonUserSchema>;
export type FileStats = z.output<typeof FileStatsSchema>;
