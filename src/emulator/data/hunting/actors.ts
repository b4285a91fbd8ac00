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

/*
 * The writers below fill `into` (default: a new row) instead of returning objects to spread: spreading
 * dozens of properties per row made generation ten times slower, and a million rows must stay cheap.
 */

export function deviceHeader(machine: Machine, timestamp: number, actionType: string, into: Row = {}): Row {
  into.Timestamp = timestamp;
  into.DeviceId = machine.id;
  into.DeviceName = machine.computerDnsName;
  into.ActionType = actionType;
  return into;
}

/** The `InitiatingProcess*` block shared by the Device* tables. */
export function initiatingProcess(run: ProcessRun, account: Account, into: Row = {}): Row {
  const b = run.binary;
  const system = account === SYSTEM_ACCOUNT;
  into.InitiatingProcessAccountDomain = account.domain;
  into.InitiatingProcessAccountName = account.name;
  into.InitiatingProcessAccountSid = account.sid;
  into.InitiatingProcessAccountUpn = account.upn;
  into.InitiatingProcessAccountObjectId = account.objectId;
  into.InitiatingProcessIntegrityLevel = system ? 'System' : 'Medium';
  into.InitiatingProcessTokenElevation = system ? 'TokenElevationTypeDefault' : 'TokenElevationTypeLimited';
  into.InitiatingProcessSHA1 = b.sha1;
  into.InitiatingProcessSHA256 = b.sha256;
  into.InitiatingProcessMD5 = b.md5;
  into.InitiatingProcessFileName = b.fileName;
  into.InitiatingProcessFileSize = b.size;
  into.InitiatingProcessVersionInfoCompanyName = b.company;
  into.InitiatingProcessVersionInfoOriginalFileName = b.fileName;
  into.InitiatingProcessId = run.id;
  into.InitiatingProcessCommandLine = run.commandLine;
  into.InitiatingProcessCreationTime = run.created;
  into.InitiatingProcessFolderPath = b.folderPath;
  into.InitiatingProcessParentId = run.parentId;
  into.InitiatingProcessParentFileName = run.parentFileName;
  into.InitiatingProcessParentCreationTime = run.parentCreated;
  into.InitiatingProcessSessionId = system ? 0 : 1;
  into.IsInitiatingProcessRemoteSession = false;
  return into;
}

/** The columns describing a process as the subject of a row (DeviceProcessEvents, DeviceEvents). */
export function subjectProcess(run: ProcessRun, account: Account, into: Row = {}): Row {
  const b = run.binary;
  const system = account === SYSTEM_ACCOUNT;
  into.FileName = b.fileName;
  into.FolderPath = b.folderPath;
  into.SHA1 = b.sha1;
  into.SHA256 = b.sha256;
  into.MD5 = b.md5;
  into.FileSize = b.size;
  into.ProcessVersionInfoCompanyName = b.company;
  into.ProcessVersionInfoOriginalFileName = b.fileName;
  into.ProcessId = run.id;
  into.ProcessCommandLine = run.commandLine;
  into.ProcessIntegrityLevel = system ? 'System' : 'Medium';
  into.ProcessTokenElevation = 'TokenElevationTypeDefault';
  into.ProcessCreationTime = run.created;
  into.AccountDomain = account.domain;
  into.AccountName = account.name;
  into.AccountSid = account.sid;
  into.AccountUpn = account.upn;
  into.AccountObjectId = account.objectId;
  return into;
}
