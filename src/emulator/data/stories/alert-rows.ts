import type { Row } from '../../kql/table.js';
import type { Alert, Evidence } from '../model.js';
import { parseIso } from '../time.js';
import type { StoryRow } from './scene.js';

/** AlertInfo and AlertEvidence rows: the hunting view of the Graph alerts, built from the same objects. */

const TECHNIQUE_NAMES: Record<string, string> = {
  'T1059.001': 'PowerShell',
  T1027: 'Obfuscated Files or Information',
  T1105: 'Ingress Tool Transfer',
  'T1204.002': 'Malicious File',
  'T1547.001': 'Registry Run Keys / Startup Folder',
  T1112: 'Modify Registry',
  'T1566.002': 'Spearphishing Link',
  'T1110.003': 'Password Spraying',
  'T1078.004': 'Cloud Accounts',
};

/** Advanced hunting names services and detectors as display strings, not Graph enums. */
const SERVICE_NAMES: Record<string, string> = {
  microsoftDefenderForEndpoint: 'Microsoft Defender for Endpoint',
  microsoftDefenderForOffice365: 'Microsoft Defender for Office 365',
  microsoftDefenderForIdentity: 'Microsoft Defender for Identity',
  azureAdIdentityProtection: 'AAD Identity Protection',
};
const DETECTOR_NAMES: Record<string, string> = {
  microsoftDefenderForEndpoint: 'EDR',
  antivirus: 'Antivirus',
  microsoftDefenderForOffice365: 'Microsoft Defender for Office 365',
  microsoftDefenderForIdentity: 'Microsoft Defender for Identity',
  azureAdIdentityProtection: 'AAD Identity Protection',
};

function titleCase(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function techniques(alert: Alert): string {
  return JSON.stringify(alert.mitreTechniques.map((t) => `${TECHNIQUE_NAMES[t] ?? t} (${t})`));
}

export function alertInfoRow(alert: Alert): StoryRow {
  return {
    table: 'AlertInfo',
    row: {
      Timestamp: parseIso(alert.createdDateTime),
      AlertId: alert.id,
      Title: alert.title,
      Category: alert.category,
      Severity: titleCase(alert.severity),
      ServiceSource: SERVICE_NAMES[alert.serviceSource] ?? alert.serviceSource,
      DetectionSource: DETECTOR_NAMES[alert.detectionSource] ?? alert.detectionSource,
      AttackTechniques: techniques(alert),
    },
  };
}

type AccountBlock = {
  accountName: string;
  domainName: string;
  userSid: string;
  azureAdUserId: string;
  userPrincipalName: string;
};

function accountColumns(account: unknown): Row {
  const a = account as AccountBlock | undefined;
  if (!a) return {};
  return {
    AccountName: a.accountName,
    AccountDomain: a.domainName,
    AccountSid: a.userSid,
    AccountObjectId: a.azureAdUserId,
    AccountUpn: a.userPrincipalName,
  };
}

type FileBlock = { sha1: string; sha256: string; fileName: string; filePath: string; fileSize: number };

function fileColumns(file: unknown): Row {
  const f = file as FileBlock | undefined;
  if (!f) return {};
  return {
    FileName: f.fileName,
    FolderPath: `${f.filePath}\\${f.fileName}`,
    SHA1: f.sha1,
    SHA256: f.sha256,
    FileSize: f.fileSize,
  };
}

/** Entity type and columns of one evidence item. */
function evidenceColumns(e: Evidence): Row {
  const kind = e['@odata.type'].replace('#microsoft.graph.security.', '');
  switch (kind) {
    case 'deviceEvidence':
      return {
        EntityType: 'Machine',
        EvidenceRole: 'Impacted',
        DeviceId: e.mdeDeviceId,
        DeviceName: e.deviceDnsName,
        LocalIP: (e.ipInterfaces as string[])[0] ?? '',
      };
    case 'userEvidence':
      return { EntityType: 'User', EvidenceRole: 'Impacted', ...accountColumns(e.userAccount) };
    case 'mailboxEvidence':
      return {
        EntityType: 'Mailbox',
        EvidenceRole: 'Impacted',
        AccountUpn: e.primaryAddress,
        ...accountColumns(e.userAccount),
      };
    case 'ipEvidence':
      return { EntityType: 'Ip', EvidenceRole: 'Related', RemoteIP: e.ipAddress };
    case 'urlEvidence':
      return { EntityType: 'Url', EvidenceRole: 'Related', RemoteUrl: e.url };
    case 'fileEvidence':
      return {
        EntityType: 'File',
        EvidenceRole: 'Related',
        DeviceId: e.mdeDeviceId,
        ...fileColumns(e.fileDetails),
      };
    case 'processEvidence':
      return {
        EntityType: 'Process',
        EvidenceRole: 'Related',
        DeviceId: e.mdeDeviceId,
        ProcessCommandLine: e.processCommandLine,
        ...fileColumns(e.imageFile),
        ...accountColumns(e.userAccount),
      };
    case 'analyzedMessageEvidence':
      return {
        EntityType: 'MailMessage',
        EvidenceRole: 'Related',
        NetworkMessageId: e.networkMessageId,
        EmailSubject: e.subject,
      };
    case 'registryKeyEvidence':
      return { EntityType: 'RegistryKey', EvidenceRole: 'Related', RegistryKey: e.registryKey };
    case 'registryValueEvidence':
      return {
        EntityType: 'RegistryValue',
        EvidenceRole: 'Related',
        DeviceId: e.mdeDeviceId,
        RegistryKey: e.registryKey,
        RegistryValueName: e.registryValueName,
        RegistryValueData: e.registryValue,
      };
    default:
      return { EntityType: kind, EvidenceRole: 'Related' };
  }
}

export function alertEvidenceRows(alert: Alert): StoryRow[] {
  const common = {
    Timestamp: parseIso(alert.createdDateTime),
    AlertId: alert.id,
    Title: alert.title,
    Categories: JSON.stringify([alert.category]),
    AttackTechniques: techniques(alert),
    ServiceSource: SERVICE_NAMES[alert.serviceSource] ?? alert.serviceSource,
    DetectionSource: DETECTOR_NAMES[alert.detectionSource] ?? alert.detectionSource,
    Severity: titleCase(alert.severity),
  };
  return alert.evidence.map((e) => ({ table: 'AlertEvidence', row: { ...common, ...evidenceColumns(e) } }));
}
