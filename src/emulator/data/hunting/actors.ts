import type { Row } from '../../kql/table.js';
import type { BinaryInfo } from '../files.js';
import type { Machine, User } from '../model.js';
import type { TenantInfo } from '../tenant-info.js';

/** The account a process runs as, in the columns' terms. */
export interface Account {
  domain: string;
  name: string;
  sid: string;
  upn: string;
  objectId: string;
}

export const SYSTEM_ACCOUNT: Account = {
  domain: 'nt authority',
  name: 'system',
  sid: 'S-1-5-18',
  upn: '',
  objectId: '',
};

export function userAccount(tenant: TenantInfo, user: User): Account {
  return {
    domain: tenant.netbiosDomain.toLowerCase(),
    name: user.onPremisesSamAccountName,
    sid: user.onPremisesSecurityIdentifier,
    upn: user.userPrincipalName,
    objectId: user.id,
  };
}

/** A running process: its binary plus the instance facts. */
export interface ProcessRun {
  binary: Pick<BinaryInfo, 'fileName' | 'folderPath' | 'sha1' | 'sha256' | 'md5' | 'size' | 'company'>;
  commandLine: string;
  id: number;
  created: number;
  parentFileName: string;
  parentId: number;
  parentCreated: number;
}

export function deviceHeader(machine: Machine, timestamp: number, actionType: string): Row {
  return {
    Timestamp: timestamp,
    DeviceId: machine.id,
    DeviceName: machine.computerDnsName,
    ActionType: actionType,
  };
}

/** The `InitiatingProcess*` block shared by the Device* tables. */
export function initiatingProcess(run: ProcessRun, account: Account): Row {
  const b = run.binary;
  return {
    InitiatingProcessAccountDomain: account.domain,
    InitiatingProcessAccountName: account.name,
    InitiatingProcessAccountSid: account.sid,
    InitiatingProcessAccountUpn: account.upn,
    InitiatingProcessAccountObjectId: account.objectId,
    InitiatingProcessIntegrityLevel: account === SYSTEM_ACCOUNT ? 'System' : 'Medium',
    InitiatingProcessTokenElevation:
      account === SYSTEM_ACCOUNT ? 'TokenElevationTypeDefault' : 'TokenElevationTypeLimited',
    InitiatingProcessSHA1: b.sha1,
    InitiatingProcessSHA256: b.sha256,
    InitiatingProcessMD5: b.md5,
    InitiatingProcessFileName: b.fileName,
    InitiatingProcessFileSize: b.size,
    InitiatingProcessVersionInfoCompanyName: b.company,
    InitiatingProcessVersionInfoOriginalFileName: b.fileName,
    InitiatingProcessId: run.id,
    InitiatingProcessCommandLine: run.commandLine,
    InitiatingProcessCreationTime: run.created,
    InitiatingProcessFolderPath: b.folderPath,
    InitiatingProcessParentId: run.parentId,
    InitiatingProcessParentFileName: run.parentFileName,
    InitiatingProcessParentCreationTime: run.parentCreated,
    InitiatingProcessSessionId: account === SYSTEM_ACCOUNT ? 0 : 1,
    IsInitiatingProcessRemoteSession: false,
  };
}

/** The columns describing a process as the subject of a row (DeviceProcessEvents, DeviceEvents). */
export function subjectProcess(run: ProcessRun, account: Account): Row {
  const b = run.binary;
  return {
    FileName: b.fileName,
    FolderPath: b.folderPath,
    SHA1: b.sha1,
    SHA256: b.sha256,
    MD5: b.md5,
    FileSize: b.size,
    ProcessVersionInfoCompanyName: b.company,
    ProcessVersionInfoOriginalFileName: b.fileName,
    ProcessId: run.id,
    ProcessCommandLine: run.commandLine,
    ProcessIntegrityLevel: account === SYSTEM_ACCOUNT ? 'System' : 'Medium',
    ProcessTokenElevation: 'TokenElevationTypeDefault',
    ProcessCreationTime: run.created,
    AccountDomain: account.domain,
    AccountName: account.name,
    AccountSid: account.sid,
    AccountUpn: account.upn,
    AccountObjectId: account.objectId,
  };
}
