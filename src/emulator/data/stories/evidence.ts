import type { Evidence, Machine, User } from '../model.js';
import type { TenantInfo } from '../tenant-info.js';
import { iso7 } from '../time.js';

/** Builders of alert evidence in Graph's shape (facts §1.7): camelCase members and enums. */

const TYPE = '#microsoft.graph.security.';

export type Verdict = 'unknown' | 'suspicious' | 'malicious' | 'noThreatsFound';

interface EvidenceBase {
  time: number;
  verdict: Verdict;
  roles?: string[];
  detailedRoles?: string[];
  remediationStatus?: 'none' | 'remediated' | 'prevented' | 'blocked' | 'notFound';
}

/** MDE's PascalCase enum value as Graph spells it (`ImpairedCommunication` -> `impairedCommunication`). */
export function camelEnum(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}

function base(type: string, b: EvidenceBase): Evidence {
  return {
    '@odata.type': `${TYPE}${type}`,
    createdDateTime: iso7(b.time),
    verdict: b.verdict,
    remediationStatus: b.remediationStatus ?? 'none',
    remediationStatusDetails: null,
    roles: b.roles ?? [],
    detailedRoles: b.detailedRoles ?? [],
    tags: [],
  };
}

export function userAccountOf(tenant: TenantInfo, user: User) {
  return {
    accountName: user.onPremisesSamAccountName,
    domainName: tenant.netbiosDomain,
    userSid: user.onPremisesSecurityIdentifier,
    azureAdUserId: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
  };
}

export function deviceEvidence(
  b: EvidenceBase,
  tenant: TenantInfo,
  machine: Machine,
  loggedOn: readonly User[],
): Evidence {
  return {
    ...base('deviceEvidence', b),
    firstSeenDateTime: machine.firstSeen,
    mdeDeviceId: machine.id,
    azureAdDeviceId: machine.aadDeviceId,
    deviceDnsName: machine.computerDnsName,
    osPlatform: machine.osPlatform,
    osBuild: machine.osBuild,
    version: machine.version,
    healthStatus: camelEnum(machine.healthStatus),
    riskScore: camelEnum(machine.riskScore),
    rbacGroupId: machine.rbacGroupId,
    rbacGroupName: machine.rbacGroupName,
    onboardingStatus: 'onboarded',
    defenderAvStatus: 'updated',
    ipInterfaces: machine.ipAddresses.map((ip) => ip.ipAddress),
    loggedOnUsers: loggedOn.map((u) => ({
      accountName: u.onPremisesSamAccountName,
      domainName: tenant.netbiosDomain,
    })),
    vmMetadata: null,
  };
}

export function userEvidence(b: EvidenceBase, tenant: TenantInfo, user: User): Evidence {
  return { ...base('userEvidence', b), userAccount: userAccountOf(tenant, user) };
}

export function ipEvidence(b: EvidenceBase, ipAddress: string, countryLetterCode: string | null): Evidence {
  return { ...base('ipEvidence', b), ipAddress, countryLetterCode };
}

export function urlEvidence(b: EvidenceBase, url: string): Evidence {
  return { ...base('urlEvidence', b), url };
}

export interface FileFacts {
  sha1: string;
  sha256: string;
  fileName: string;
  /** Full path including the file name. */
  folderPath: string;
  size: number;
  company?: string | null;
}

export function fileDetails(f: FileFacts) {
  const cut = f.folderPath.lastIndexOf('\\');
  return {
    sha1: f.sha1,
    sha256: f.sha256,
    fileName: f.fileName,
    filePath: cut > 0 ? f.folderPath.slice(0, cut) : f.folderPath,
    fileSize: f.size,
    filePublisher: f.company ?? null,
    signer: f.company ?? null,
    issuer: f.company ? `${f.company} Code Signing PCA 2011` : null,
  };
}

export type DetectionStatus = 'detected' | 'blocked' | 'prevented';

export function fileEvidence(
  b: EvidenceBase,
  machine: Machine,
  file: FileFacts,
  detectionStatus: DetectionStatus,
): Evidence {
  return {
    ...base('fileEvidence', b),
    detectionStatus,
    mdeDeviceId: machine.id,
    fileDetails: fileDetails(file),
  };
}

export interface ProcessFacts {
  processId: number;
  parentProcessId: number;
  commandLine: string;
  created: number;
  parentCreated: number;
  image: FileFacts;
  parentImage: FileFacts;
}

export function processEvidence(
  b: EvidenceBase,
  tenant: TenantInfo,
  machine: Machine,
  user: User,
  p: ProcessFacts,
  detectionStatus: DetectionStatus,
): Evidence {
  return {
    ...base('processEvidence', b),
    processId: p.processId,
    parentProcessId: p.parentProcessId,
    processCommandLine: p.commandLine,
    processCreationDateTime: iso7(p.created),
    parentProcessCreationDateTime: iso7(p.parentCreated),
    detectionStatus,
    mdeDeviceId: machine.id,
    imageFile: fileDetails(p.image),
    parentProcessImageFile: fileDetails(p.parentImage),
    userAccount: userAccountOf(tenant, user),
  };
}

export function mailboxEvidence(b: EvidenceBase, tenant: TenantInfo, user: User): Evidence {
  return {
    ...base('mailboxEvidence', b),
    displayName: user.displayName,
    primaryAddress: user.mail,
    userAccount: userAccountOf(tenant, user),
  };
}

export interface MessageFacts {
  networkMessageId: string;
  internetMessageId: string;
  subject: string;
  sender: string;
  senderIp: string;
  recipient: string;
  url: string;
  received: number;
}

export function analyzedMessageEvidence(b: EvidenceBase, m: MessageFacts): Evidence {
  const domain = m.sender.split('@')[1] ?? '';
  return {
    ...base('analyzedMessageEvidence', b),
    networkMessageId: m.networkMessageId,
    internetMessageId: m.internetMessageId,
    subject: m.subject,
    recipientEmailAddress: m.recipient,
    senderIp: m.senderIp,
    p1Sender: { emailAddress: m.sender, displayName: null, domainName: domain },
    p2Sender: { emailAddress: m.sender, displayName: null, domainName: domain },
    deliveryAction: 'delivered',
    deliveryLocation: 'inbox',
    antiSpamDirection: 'Inbound',
    language: 'en',
    threats: ['Phish'],
    threatDetectionMethods: ['URL detonation reputation'],
    urlCount: 1,
    attachmentsCount: 0,
    urls: [m.url],
    receivedDateTime: iso7(m.received),
  };
}

export interface RegistryFacts {
  hive: 'HKEY_LOCAL_MACHINE' | 'HKEY_CURRENT_USER';
  key: string;
  valueName: string;
  valueData: string;
  valueType: string;
}

export function registryKeyEvidence(b: EvidenceBase, r: RegistryFacts): Evidence {
  return { ...base('registryKeyEvidence', b), registryKey: r.key, registryHive: r.hive };
}

export function registryValueEvidence(b: EvidenceBase, machine: Machine, r: RegistryFacts): Evidence {
  return {
    ...base('registryValueEvidence', b),
    mdeDeviceId: machine.id,
    registryKey: r.key,
    registryHive: r.hive,
    registryValue: r.valueData,
    registryValueName: r.valueName,
    registryValueType: r.valueType,
  };
}
