import type { Machine } from '../model.js';
import type { Activity, Actor } from './hc-activity.js';
import { cloudActivity } from './hc-cloud-common.js';

/**
 * The Defender XDR portal's own audit trail in CloudAppEvents: the tenant's administrator isolating
 * and releasing a machine during an investigation, collecting a file with Live Response, running
 * scans, editing custom detections, exclusions and roles, changing advanced features. Hunts for
 * defense evasion by a rogue admin read exactly these records.
 */

/** The machine an investigation acts on: the same one for an occurrence's isolate, collect and release. */
function investigated(a: Actor): Machine {
  return a.context.machines[(a.occurrence * 7) % a.context.machines.length] as Machine;
}

function deviceAction(actionType: string, scope: string, comment: string): Activity {
  return (a, into) => {
    const machine = investigated(a);
    cloudActivity(a, into, 'defender', actionType, a.admin, {
      DeviceName: machine.computerDnsName,
      DeviceId: machine.id,
      ActionScope: scope,
      ActionComment: comment,
    });
    into.ObjectName = machine.computerDnsName;
    into.ObjectType = 'Device';
  };
}

const RULE = {
  RuleName: 'Encoded PowerShell from Office apps',
  Query:
    'DeviceProcessEvents | where InitiatingProcessFileName in~ ("winword.exe","excel.exe") | where ProcessCommandLine has "-enc"',
  AlertTitle: 'Encoded PowerShell launched by an Office application',
  AlertCategory: 'Execution',
  AlertSeverity: 'High',
  MitreTechniques: ['T1059.001'],
  RuleFrequency: '1h',
};

function customDetection(actionType: string, extra: Record<string, unknown> = {}): Activity {
  return (a, into) => {
    cloudActivity(a, into, 'defender', actionType, a.admin, {
      ...RULE,
      RuleId: `${1000 + (a.occurrence % 3)}`,
      ...extra,
    });
    into.ObjectName = RULE.RuleName;
    into.ObjectType = 'Custom detection rule';
  };
}

function advancedFeature(setting: string, value: string): Activity {
  return (a, into) => {
    cloudActivity(a, into, 'defender', 'SetAdvancedFeatures', a.admin, {
      SettingName: setting,
      SettingsOldValue: value === 'True' ? 'False' : 'True',
      SettingsNewValue: value,
    });
    into.ObjectName = setting;
  };
}

export const DEFENDER_PORTAL: readonly Activity[] = [
  deviceAction('IsolateDevice', 'Full', 'Isolated while investigating encoded PowerShell and LSASS access'),
  deviceAction('RunAntiVirusScan', 'Full', 'Full scan after isolation'),
  deviceAction('ReleaseFromIsolation', 'Full', 'Released: machine cleaned, credentials reset'),
  (a, into) => {
    const machine = investigated(a);
    const file = a.context.binaries[a.occurrence % a.context.binaries.length];
    cloudActivity(a, into, 'defender', 'LiveResponseGetFile', a.admin, {
      DeviceName: machine.computerDnsName,
      FileName: file?.fileName ?? '',
      FilePath: file?.folderPath ?? '',
      FileSHA256: file?.sha256 ?? '',
      FileSize: file?.size ?? 0,
    });
    into.ObjectName = file?.fileName ?? '';
    into.ObjectType = 'File';
  },
  (a, into) => {
    cloudActivity(a, into, 'defender', 'DownloadOffboardingPkg', a.admin, {
      OsPlatform: 'Windows10',
      DeploymentMethod: 'Group Policy',
    });
  },
  advancedFeature('Live Response unsigned script execution', 'True'),
  advancedFeature('Allow or block file', 'False'),
  customDetection('CreateCustomDetection', { IsEnabled: 'true' }),
  customDetection('EditCustomDetection', { IsEnabled: 'true' }),
  customDetection('ChangeCustomDetectionRuleStatus', { IsEnabled: 'false' }),
  customDetection('DeleteCustomDetection'),
  (a, into) => {
    cloudActivity(a, into, 'defender', 'ExclusionConfigurationAdded', a.admin, {
      ResultDescription: 'Added an automation folder exclusion: C:\\Tools\\Deploy',
    });
  },
  (a, into) => {
    const dc = `DC01.${a.context.tenant.dnsSuffix}`;
    cloudActivity(a, into, 'defender', 'SensorDeleted', a.admin, {
      ResultDescription: `Sensor ${dc} was deleted`,
    });
    into.ObjectName = dc;
  },
  (a, into) => {
    cloudActivity(a, into, 'defender', 'SentinelDisconnectWorkspace', a.admin, {
      WorkspaceName: `${a.context.tenant.key}-sentinel`,
    });
  },
  (a, into) => {
    cloudActivity(a, into, 'defender', 'EditRole', a.admin, {
      RoleName: 'Security Operations - Tier 1',
      RolePermissions: 'Security data basics (read), Alerts (manage), Response (manage)',
      AssignedGroups: 'SOC Analysts',
    });
    into.ObjectName = 'Security Operations - Tier 1';
    into.ObjectType = 'Role';
  },
];
