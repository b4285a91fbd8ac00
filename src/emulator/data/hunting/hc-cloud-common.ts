import type { Row } from '../../kql/table.js';
import type { User } from '../model.js';
import type { Actor } from './hc-activity.js';

/**
 * What every CloudAppEvents row of the hc-* activities shares: the app, the acting account, where
 * it came from, and the audit record (RawEventData) in the Office 365 Management Activity shape.
 */

/** Applications as CloudAppEvents names them, with their Defender for Cloud Apps ids. */
export const APPS = {
  office365: ['Office 365', 11161],
  exchange: ['Microsoft Exchange Online', 20893],
  sharepoint: ['Microsoft SharePoint Online', 20892],
  oneDrive: ['Microsoft OneDrive for Business', 15600],
  teams: ['Microsoft Teams', 11394],
  azure: ['Microsoft Azure', 12260],
  // Defender XDR's own audit records and Copilot have no catalogued app id: left null.
  defender: ['Microsoft 365 Defender', null],
  copilot: ['Microsoft 365 Copilot', null],
} as const satisfies Record<string, readonly [string, number | null]>;

export type App = keyof typeof APPS;

/** The Office 365 audit record's workload for each app. */
const WORKLOADS: Record<App, string> = {
  office365: 'AzureActiveDirectory',
  exchange: 'Exchange',
  sharepoint: 'SharePoint',
  oneDrive: 'OneDrive',
  teams: 'MicrosoftTeams',
  azure: 'Azure',
  defender: 'Microsoft365Defender',
  copilot: 'Copilot',
};

/** The corporate egress address, as the routine CloudAppEvents rows have it. */
const OFFICE_IP = '198.51.100.10';
const EDGE_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';

/** The Mail Sync Helper OAuth app (OAuthAppInfo), which reads mail through Graph after its consent. */
export const MAIL_SYNC_APP = {
  name: 'Mail Sync Helper',
  appId: '5b7c1f0e-3d2a-4e8b-9c61-0f4d2a7e9b13',
  servicePrincipalId: 'a3f9e2c4-71b8-4d05-8e6a-2c9d14b7f0e8',
};
/** Microsoft Graph's application id: what Graph API access is recorded against. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The columns and audit record of one activity by `who` in `app`; `raw` adds the operation's own fields. */
export function cloudActivity(
  a: Actor,
  into: Row,
  app: App,
  actionType: string,
  who: User,
  raw: Record<string, unknown> = {},
): void {
  const [name, id] = APPS[app];
  const admin = who === a.admin;
  into.ActionType = actionType;
  into.Application = name;
  into.ApplicationId = id;
  into.AccountObjectId = who.id;
  into.AccountId = who.id;
  into.AccountDisplayName = who.displayName;
  into.AccountType = admin ? 'Admin' : 'Regular';
  into.IsAdminOperation = admin;
  into.IsExternalUser = false;
  into.IsImpersonated = false;
  into.IsAnonymousProxy = false;
  into.IPAddress = OFFICE_IP;
  into.CountryCode = 'US';
  into.City = 'Redmond';
  into.Isp = 'Contoso ISP';
  into.UserAgent = EDGE_UA;
  into.OSPlatform = 'Windows';
  into.DeviceType = 'Desktop';
  into.ActivityType = admin ? 'Edit' : 'Basic';
  into.ReportId = `hc-${a.index}`;
  into.AuditSource = 'Defender for Cloud Apps access control';
  into.AdditionalFields = {};
  into.ActivityObjects = [];
  into.RawEventData = {
    CreationTime: new Date(a.time).toISOString().slice(0, 19),
    Id: a.rng.guid(),
    Operation: actionType,
    OrganizationId: a.context.tenant.tenantId,
    RecordType: app === 'defender' ? 'Microsoft365Defender' : 'AzureActiveDirectory',
    ResultStatus: app === 'office365' ? 'Success' : 'Succeeded',
    UserId: who.userPrincipalName,
    ClientIP: OFFICE_IP,
    Workload: WORKLOADS[app],
    ...raw,
  };
}
