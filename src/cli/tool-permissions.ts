import type { ToolPermissionNeed } from '../defender/check-online.js';

type Need = Omit<ToolPermissionNeed, 'tool'>;

// Each need: any one of these application permissions (a ReadWrite role covers the Read one).
const incidentsRead: Need = {
  resource: 'graph',
  permissions: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
};
const alertsRead: Need = {
  resource: 'graph',
  permissions: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
};
const incidentsWrite: Need = { resource: 'graph', permissions: ['SecurityIncident.ReadWrite.All'] };
const alertsWrite: Need = { resource: 'graph', permissions: ['SecurityAlert.ReadWrite.All'] };
const huntingRead: Need = { resource: 'graph', permissions: ['ThreatHunting.Read.All'] };
const usersRead: Need = {
  resource: 'graph',
  permissions: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};
const riskyUsersRead: Need = {
  resource: 'graph',
  permissions: ['IdentityRiskyUser.Read.All', 'IdentityRiskyUser.ReadWrite.All'],
};
const signInsRead: Need = { resource: 'graph', permissions: ['AuditLog.Read.All'] };
const identityAccountsRead: Need = {
  resource: 'graph',
  permissions: ['SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All'],
};
const membershipsRead: Need[] = [
  { resource: 'graph', permissions: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'] },
  { resource: 'graph', permissions: ['RoleManagement.Read.Directory', 'Directory.Read.All'] },
];
const identityActions: Need = { resource: 'graph', permissions: ['SecurityIdentitiesActions.ReadWrite.All'] };
const revokeSessions: Need = {
  resource: 'graph',
  permissions: ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const riskyUsersWrite: Need = { resource: 'graph', permissions: ['IdentityRiskyUser.ReadWrite.All'] };
/** What every identity tool reads for its preview (the account across providers, risk, roles, sign-ins). */
const accountRead: Need[] = [
  usersRead,
  identityAccountsRead,
  riskyUsersRead,
  signInsRead,
  ...membershipsRead,
];
const machinesRead: Need = { resource: 'mde', permissions: ['Machine.Read.All', 'Machine.ReadWrite.All'] };
const machineAlertsRead: Need = { resource: 'mde', permissions: ['Alert.Read.All', 'Alert.ReadWrite.All'] };
const logonUsersRead: Need = { resource: 'mde', permissions: ['User.Read.All', 'User.ReadWrite.All'] };
const ipsRead: Need = { resource: 'mde', permissions: ['Ip.Read.All'] };
const filesRead: Need = { resource: 'mde', permissions: ['File.Read.All'] };
// Machine actions: the role each action needs (facts §2.2); reading them back needs machinesRead.
const machineAction = (permission: string): Need => ({ resource: 'mde', permissions: [permission] });
const isolate = machineAction('Machine.Isolate');
// Indicators: Ti.ReadWrite sees and deletes only what its app submitted; Ti.ReadWrite.All all of them.
const indicatorsReadWrite: Need = { resource: 'mde', permissions: ['Ti.ReadWrite.All', 'Ti.ReadWrite'] };
const huntingMde: Need = { resource: 'mde', permissions: ['AdvancedQuery.Read.All'] };
const vulnerabilitiesRead: Need = { resource: 'mde', permissions: ['Vulnerability.Read.All'] };

/**
 * The Microsoft application permissions each built-in tool needs, for `mcp-xdr check --online`.
 * Kept here, beside the command that reads it, until tools declare their own; a test checks that
 * every built-in tool has an entry, so a new tool cannot be forgotten.
 */
export const BUILTIN_TOOL_PERMISSIONS: Readonly<Record<string, readonly Need[]>> = {
  list_incidents: [incidentsRead],
  get_incident: [incidentsRead],
  list_alerts: [alertsRead],
  get_alert: [alertsRead],
  update_incident: [incidentsWrite],
  update_incidents: [incidentsWrite],
  add_incident_comment: [incidentsWrite],
  update_alert: [alertsWrite],
  add_alert_comment: [alertsWrite],
  run_hunting_query: [huntingRead],
  // Served from the schema the server knows: no upstream call.
  get_hunting_schema: [],
  enrich_device: [machinesRead, machineAlertsRead, logonUsersRead, vulnerabilitiesRead],
  enrich_user: [usersRead, riskyUsersRead, signInsRead, identityAccountsRead, alertsRead],
  enrich_ip: [ipsRead, machinesRead, alertsRead],
  enrich_file: [filesRead, alertsRead],
  find_devices: [machinesRead],
  get_device_actions: [machinesRead],
  isolate_device: [machinesRead, isolate],
  isolate_devices: [machinesRead, isolate],
  release_device: [machinesRead, isolate],
  run_av_scan: [machinesRead, machineAction('Machine.Scan')],
  quarantine_file: [machinesRead, machineAction('Machine.StopAndQuarantine')],
  restrict_app_execution: [machinesRead, machineAction('Machine.RestrictExecution')],
  remove_app_restriction: [machinesRead, machineAction('Machine.RestrictExecution')],
  collect_investigation_package: [machinesRead, machineAction('Machine.CollectForensics')],
  // The emulator (like the Python server it replaces) lets a machine reader fetch the link.
  get_investigation_package: [
    machinesRead,
    { resource: 'mde', permissions: ['Machine.CollectForensics', 'Machine.Read.All'] },
  ],
  disable_account: [...accountRead, identityActions],
  enable_account: [...accountRead, identityActions],
  force_password_reset: [...accountRead, identityActions],
  revoke_sessions: [...accountRead, revokeSessions, identityActions],
  confirm_user_compromised: [...accountRead, riskyUsersWrite],
  dismiss_user_risk: [...accountRead, riskyUsersWrite],
  list_indicators: [indicatorsReadWrite],
  // The preview's blast radius: file or IP statistics, or a bounded advanced hunting query.
  submit_indicator: [indicatorsReadWrite, filesRead, ipsRead, huntingMde],
  delete_indicator: [indicatorsReadWrite],
};

/** The needs of the enabled tools; tools without an entry (third-party plugins) are listed apart. */
export function permissionNeeds(tools: readonly string[]): {
  needs: ToolPermissionNeed[];
  unknown: string[];
} {
  const needs: ToolPermissionNeed[] = [];
  const unknown: string[] = [];
  for (const tool of tools) {
    const known = BUILTIN_TOOL_PERMISSIONS[tool];
    if (known === undefined) unknown.push(tool);
    else needs.push(...known.map((need) => ({ tool, ...need })));
  }
  return { needs, unknown };
}
