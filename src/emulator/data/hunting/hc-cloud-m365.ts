import type { Row } from '../../kql/table.js';
import { publicIp } from '../machines.js';
import type { User } from '../model.js';
import type { Activity, Actor } from './hc-activity.js';
import { cloudActivity, GRAPH_APP_ID, MAIL_SYNC_APP } from './hc-cloud-common.js';
import type { RowSource } from './table.js';

/**
 * Microsoft 365 activity Defender for Cloud Apps records that hunts look for: threat detections in
 * mail and files (the phishing campaign's messages), mailbox access by a delegate (impersonation),
 * hard deletions, an external partner's admin account, sign-ins from an outdated OS, Teams
 * reactions and Copilot use, and the Entra ID app-consent chain of the Mail Sync Helper app
 * (consent, mail permission grant, a credential added by another account, a role, then mail read
 * through Graph), the pattern the Nobelium hunts look for.
 */

/** Another user than `who`, from the tenant: the delegate, the second actor. */
function other(a: Actor, who: User): User {
  const users = a.context.users;
  const i = users.indexOf(who);
  return users[(i + 1 + a.occurrence) % users.length] as User;
}

const deepLink = (a: Actor) => `https://security.microsoft.com/emailentity?f=summary&id=${a.rng.guid()}`;

/** Threat verdicts on the campaign's messages: `phish(k)` is the k-th campaign message of EmailEvents. */
function mailThreat(phish: (k: number) => Row): Activity {
  return (a, into) => {
    // Every 4th campaign message is the delivered phish (the lures cycle Phish, Malware, Phish, Spam).
    const message = phish(a.occurrence * 4);
    const recipient = a.context.users.find((u) => u.mail === message.RecipientEmailAddress) ?? a.user;
    cloudActivity(a, into, 'exchange', 'TIMailData-Inline', recipient, {
      NetworkMessageId: message.NetworkMessageId,
      Verdict: 'Phish',
      ThreatsAndDetectionTech: ['Phish: URL detonation reputation'],
      PhishConfidenceLevel: 'High',
      P1Sender: message.SenderMailFromAddress,
      Subject: message.Subject,
      EventDeepLink: deepLink(a),
    });
    into.ObjectName = String(message.Subject ?? '');
    into.ObjectType = 'Email';
  };
}

const m365: readonly Activity[] = [
  (a, into) => {
    cloudActivity(a, into, 'sharepoint', 'FileMalwareDetected', a.user, {
      SourceFileName: 'Invoice-2291.docm',
      SiteUrl: `https://${a.context.tenant.key}.sharepoint.com/sites/finance/`,
      VirusVendor: 'Microsoft',
      VirusInfo: 'TrojanDownloader:O97M/Qakbot',
    });
    into.ObjectName = 'Invoice-2291.docm';
    into.ObjectType = 'File';
  },
  (a, into) => {
    cloudActivity(a, into, 'oneDrive', 'AtpDetection', a.user, {
      DetectionMethod: 'File detonation',
      DetectionType: 'Inline',
      FileData: { FileName: 'invoice.iso', FilePath: '/Documents/invoice.iso', FileVerdict: 'Malicious' },
      EventDeepLink: deepLink(a),
    });
    into.ObjectName = 'invoice.iso';
  },
  (a, into) => {
    // A delegate (an assistant) reading a manager's mailbox: recorded as impersonation.
    const owner = a.user;
    const delegate = other(a, owner);
    cloudActivity(a, into, 'exchange', 'MailItemsAccessed', delegate, {
      MailboxOwnerUPN: owner.userPrincipalName,
      LogonType: 1,
      OperationProperties: [{ Name: 'MailAccessType', Value: 'Bind' }],
    });
    into.IsImpersonated = true;
  },
  (a, into) => {
    cloudActivity(a, into, 'exchange', 'HardDelete', a.user, {
      AffectedItems: [
        { ParentFolder: { Path: '\\Inbox', Name: 'Inbox' }, Subject: 'Payment advice INV-2291' },
      ],
    });
  },
  (a, into) => {
    // An external partner's (managed service provider's) admin account working in the tenant.
    cloudActivity(a, into, 'exchange', 'Set-Mailbox', a.admin, {
      Parameters: [{ Name: 'Identity', Value: a.user.mail }],
    });
    into.AccountId = 'admin@fabrikam-msp.example';
    into.AccountObjectId = '7d1e3b52-94c6-4f0a-b8e2-51c0d6a9f4e7';
    into.AccountDisplayName = 'Fabrikam MSP Admin';
    into.IsExternalUser = true;
    into.IPAddress = '203.0.113.77';
  },
  (a, into) => {
    // An old laptop still signing in: Defender for Cloud Apps tags its user agent.
    cloudActivity(a, into, 'sharepoint', 'FileDownloaded', a.user);
    into.UserAgent = 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; Trident/7.0; rv:11.0) like Gecko';
    into.UserAgentTags = ['Outdated operating system', 'Outdated browser'];
    into.ObjectName = 'Budget.xlsx';
  },
  (a, into) => {
    // The same account from an anonymising proxy abroad.
    cloudActivity(a, into, 'exchange', 'MailItemsAccessed', a.user);
    into.IsAnonymousProxy = true;
    into.IPAddress = publicIp(a.rng);
    into.CountryCode = 'NL';
    into.City = 'Amsterdam';
    into.IPTags = ['Anonymous proxy', 'Tor'];
  },
  (a, into) => {
    const reaction = ['like', 'heart', 'laugh'][a.occurrence % 3];
    cloudActivity(a, into, 'teams', 'ReactedToMessage', a.user, { MessageReactionType: reaction });
  },
  (a, into) => {
    cloudActivity(a, into, 'copilot', 'CopilotInteraction', a.user, {
      CopilotEventData: { AppHost: 'Teams', ModelTransparencyDetails: [{ ModelName: 'gpt-4o' }] },
    });
  },
];

/** Defender for Cloud's alerts and their suppression, as the Azure activity in CloudAppEvents records them. */
const azure: readonly Activity[] = [
  (a, into) => {
    cloudActivity(a, into, 'azure', 'DefenseEvasion', a.admin, {
      AlertDisplayName: 'Antimalware disabled in your virtual machine',
      AlertSeverity: 'Medium',
      AlertUri: `https://portal.azure.com/#blade/Microsoft_Azure_Security/AlertBlade/alertId/${a.rng.guid()}`,
    });
  },
  (a, into) => {
    cloudActivity(a, into, 'azure', 'Write AlertsSuppressionRules', a.admin);
    into.ObjectName = 'Suppress antimalware alerts on build agents';
    into.ObjectType = 'Suppression rule';
  },
];

/** Attack disruption's service identity, as it appears on the accounts it disables. */
const ATTACK_DISRUPTION_ID = '60ca1954-583c-4d1f-86de-39d835f3e452';

const entra: readonly Activity[] = [
  (a, into) => {
    cloudActivity(a, into, 'office365', 'Disable account.', a.admin, { ObjectId: a.user.userPrincipalName });
    into.AccountId = ATTACK_DISRUPTION_ID;
    into.AccountObjectId = ATTACK_DISRUPTION_ID;
    into.AccountDisplayName = 'Microsoft Defender attack disruption';
    into.AccountType = 'Application';
  },
  (a, into) => {
    const departed = `contractor${a.occurrence + 1}@${a.context.tenant.domain}`;
    cloudActivity(a, into, 'office365', 'Hard Delete user.', a.admin, { ObjectId: departed });
  },
];

/** The app-consent chain: `step` minutes after the occurrence's base time, in order. */
function appStep(step: number, fill: (a: Actor, into: Row) => void): Activity {
  return (a, into) => {
    fill(a, into);
    into.Timestamp = a.base - 15 * 60_000 + step * 30_000;
  };
}

const spTargets = [
  { ID: `ServicePrincipal_${MAIL_SYNC_APP.servicePrincipalId}`, Type: 2 },
  { ID: MAIL_SYNC_APP.servicePrincipalId, Type: 2 },
  { ID: 'ServicePrincipal', Type: 2 },
  { ID: MAIL_SYNC_APP.name, Type: 1 },
  { ID: MAIL_SYNC_APP.appId, Type: 2 },
];
const spObject = {
  Type: 'Service principal',
  Id: MAIL_SYNC_APP.servicePrincipalId,
  Name: MAIL_SYNC_APP.name,
};

const appChain: readonly Activity[] = [
  appStep(0, (a, into) => {
    cloudActivity(a, into, 'office365', 'Consent to application.', a.admin, {
      Target: spTargets,
      ModifiedProperties: [
        { Name: 'ConsentContext.IsAdminConsent', NewValue: 'True', OldValue: '' },
        { Name: 'ConsentContext.IsAppOnly', NewValue: 'False', OldValue: '' },
        { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'True', OldValue: '' },
        { Name: 'ConsentContext.Tags', NewValue: '', OldValue: '' },
        {
          Name: 'ConsentAction.Permissions',
          NewValue: `=> [[Id: x, ClientId: ${MAIL_SYNC_APP.servicePrincipalId}, Scope: Mail.Read Mail.ReadWrite offline_access]]`,
          OldValue: '',
        },
      ],
    });
    into.ActivityObjects = [{ Type: 'User', Name: a.admin.displayName }, spObject];
  }),
  appStep(1, (a, into) => {
    cloudActivity(a, into, 'office365', 'Add delegated permission grant.', a.admin, {
      Target: spTargets,
      ExtendedProperties: [
        { Name: 'additionalDetails', Value: '{"User-Agent":"Mozilla/5.0 (Windows NT 10.0)"}' },
      ],
      ModifiedProperties: [
        {
          Name: 'DelegatedPermissionGrant.Scope',
          NewValue: 'Mail.Read Mail.ReadWrite offline_access',
          OldValue: '',
        },
      ],
    });
    into.ActivityObjects = [{ Type: 'User', Name: a.admin.displayName }, spObject];
  }),
  appStep(20, (a, into) => {
    // The credential comes from another account than the consent's: what the hunts flag.
    const actor = other(a, a.admin);
    const key = a.rng.guid();
    cloudActivity(a, into, 'office365', 'Add service principal credentials.', actor, {
      Target: spTargets,
      Actor: [
        { ID: actor.userPrincipalName, Type: 5 },
        { ID: actor.id, Type: 2 },
      ],
      ModifiedProperties: [
        {
          Name: 'KeyDescription',
          NewValue: `[KeyIdentifier=${key},KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=MailSync]`,
          OldValue: '[]',
        },
      ],
    });
    into.ActivityObjects = [{ Type: 'User', Name: actor.displayName }, spObject];
  }),
  appStep(22, (a, into) => {
    cloudActivity(a, into, 'office365', 'Add member to role.', other(a, a.admin), {
      Target: spTargets,
      ModifiedProperties: [
        { Name: 'Role.ObjectID', NewValue: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', OldValue: '' },
        { Name: 'Role.DisplayName', NewValue: 'Application Administrator', OldValue: '' },
        { Name: 'Role.TemplateId', NewValue: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', OldValue: '' },
      ],
    });
  }),
  appStep(24, (a, into) => {
    cloudActivity(a, into, 'exchange', 'MailItemsAccessed', a.user, {
      AppId: GRAPH_APP_ID,
      ClientAppId: MAIL_SYNC_APP.appId,
      MailboxOwnerUPN: a.user.userPrincipalName,
      OperationProperties: [
        { Name: 'MailAccessType', Value: 'Sync' },
        { Name: 'IsThrottled', Value: 'True' },
      ],
    });
    into.OAuthAppId = MAIL_SYNC_APP.appId;
    into.UserAgent = 'Mail Sync Helper/2.1';
  }),
];

/** Every M365 activity; mail verdicts point at the campaign's messages in `mail`, every `phishEvery`-th row. */
export function m365Activities(mail: RowSource, phishEvery: number): readonly Activity[] {
  const phish = (k: number): Row => {
    const row: Row = {};
    mail.row((k * phishEvery) % Math.max(1, mail.count), row);
    return row;
  };
  return [...m365, mailThreat(phish), ...azure, ...entra, ...appChain];
}
