import { maybeHostile } from '../hostile.js';
import { deviceHeader, initiatingProcess, SYSTEM_ACCOUNT, userAccount } from '../hunting/actors.js';
import type { Rng } from '../prng.js';
import { signIn } from '../signins.js';
import { MINUTE } from '../time.js';
import {
  analyzedMessageEvidence,
  deviceEvidence,
  ipEvidence,
  mailboxEvidence,
  urlEvidence,
  userEvidence,
} from './evidence.js';
import { binary } from './scenarios-endpoint.js';
import type { AlertDraft, Scene, StoryRow } from './scene.js';

/** Office 365, Defender for Identity and Entra ID Protection stories. */

/** A phishing mail with a credential-harvesting link, clicked from the victim's machine. */
export function phishing(scene: Scene, rng: Rng, time: number, n: number): AlertDraft {
  const sender = `billing@${scene.attackerDomain}`;
  const subject = maybeHostile(
    scene.hostile,
    n + 10,
    `Invoice ${rng.int(10000, 99999)} overdue - action required`,
  );
  const url = `https://${scene.attackerDomain}/login?u=${rng.hex(10)}`;
  const message = {
    networkMessageId: rng.guid(),
    internetMessageId: `<${rng.hex(20)}@${scene.attackerDomain}>`,
    subject,
    sender,
    senderIp: scene.attackerIp,
    recipient: scene.user.mail,
    url,
    received: time,
  };
  const clicked = time + rng.int(MINUTE, 30 * MINUTE);
  const edge = binary(
    scene.seed,
    'msedge.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application',
    'Microsoft Corporation',
    4_100_000,
  );
  const account = userAccount(scene.tenant, scene.user);
  const ev = { time, verdict: 'malicious' as const };
  return {
    provider: 'mdo',
    title: 'Email messages containing malicious URL removed after delivery',
    description: maybeHostile(
      scene.hostile,
      n + 12,
      `An email from ${sender} with a malicious URL was delivered to ${scene.user.mail} and later removed.`,
    ),
    category: 'InitialAccess',
    mitreTechniques: ['T1566.002'],
    severity: 'medium',
    serviceSource: 'microsoftDefenderForOffice365',
    detectionSource: 'microsoftDefenderForOffice365',
    threatFamilyName: null,
    recommendedActions: 'Reset the recipient password if the link was opened; block the sender domain.',
    firstActivity: time,
    lastActivity: clicked,
    evidence: [
      mailboxEvidence({ ...ev, verdict: 'suspicious', roles: [] }, scene.tenant, scene.user),
      analyzedMessageEvidence({ ...ev, roles: [] }, message),
      urlEvidence({ ...ev, roles: [] }, url),
      userEvidence({ ...ev, verdict: 'suspicious', roles: [] }, scene.tenant, scene.user),
    ],
    rows: [
      {
        table: 'EmailEvents',
        row: {
          Timestamp: time,
          NetworkMessageId: message.networkMessageId,
          InternetMessageId: message.internetMessageId,
          SenderMailFromAddress: sender,
          SenderFromAddress: sender,
          SenderDisplayName: 'Billing Department',
          SenderMailFromDomain: scene.attackerDomain,
          SenderFromDomain: scene.attackerDomain,
          SenderIPv4: scene.attackerIp,
          RecipientEmailAddress: scene.user.mail,
          RecipientObjectId: scene.user.id,
          Subject: subject,
          EmailClusterId: rng.int(1e9, 9e9),
          EmailDirection: 'Inbound',
          DeliveryAction: 'Delivered',
          DeliveryLocation: 'Inbox/folder',
          ThreatTypes: 'Phish',
          DetectionMethods: JSON.stringify({ Phish: ['URL detonation reputation'] }),
          ConfidenceLevel: JSON.stringify({ Phish: 'High' }),
          BulkComplaintLevel: 0,
          AuthenticationDetails: JSON.stringify({
            SPF: 'fail',
            DKIM: 'none',
            DMARC: 'fail',
            CompAuth: 'fail',
          }),
          AttachmentCount: 0,
          UrlCount: 1,
          EmailLanguage: 'en',
          ReportId: `${message.networkMessageId}-${rng.int(1e6, 9e6)}`,
          LatestDeliveryLocation: 'Quarantine',
          LatestDeliveryAction: 'Moved to quarantine',
        },
      },
      {
        table: 'DeviceNetworkEvents',
        row: {
          ...deviceHeader(scene.machine, clicked, 'ConnectionSuccess'),
          RemoteIP: scene.attackerIp,
          RemotePort: 443,
          RemoteUrl: url,
          LocalIP: scene.machine.lastIpAddress,
          LocalPort: rng.int(49152, 65535),
          Protocol: 'Tcp',
          LocalIPType: 'Private',
          RemoteIPType: 'Public',
          ...initiatingProcess(
            {
              binary: edge,
              commandLine: `"msedge.exe" --single-argument ${url}`,
              id: rng.int(1000, 60000),
              created: clicked - 1_000,
              parentFileName: 'OUTLOOK.EXE',
              parentId: rng.int(1000, 60000),
              parentCreated: clicked - 3_600_000,
            },
            account,
          ),
          ReportId: rng.int(1e5, 1e9),
        },
      },
    ],
    files: [],
    signIns: [],
  };
}

/** Password spraying from a compromised workstation against Active Directory (Defender for Identity). */
export function bruteForce(scene: Scene, rng: Rng, time: number, _n: number): AlertDraft {
  const attempts = rng.int(5, 9);
  const rows: StoryRow[] = [];
  const svchost = binary(scene.seed, 'lsass.exe', 'C:\\Windows\\System32', 'Microsoft Corporation', 59_000);
  for (let k = 0; k < attempts; k++) {
    const at = time + k * rng.int(1_000, 5_000);
    rows.push({
      table: 'IdentityLogonEvents',
      row: {
        Timestamp: at,
        ActionType: 'LogonFailed',
        Application: 'Active Directory',
        LogonType: 'Credentials Validation',
        Protocol: 'Ldap',
        FailureReason: 'WrongPassword',
        AccountName: scene.user.onPremisesSamAccountName,
        AccountDomain: scene.tenant.dnsSuffix,
        AccountUpn: scene.user.userPrincipalName,
        AccountSid: scene.user.onPremisesSecurityIdentifier,
        AccountObjectId: scene.user.id,
        AccountDisplayName: scene.user.displayName,
        DeviceName: scene.machine.computerDnsName.split('.')[0]?.toUpperCase() ?? '',
        DeviceType: 'Desktop',
        OSPlatform: scene.machine.osPlatform,
        IPAddress: scene.machine.lastIpAddress,
        Port: rng.int(49152, 65535),
        DestinationDeviceName: `DC01.${scene.tenant.dnsSuffix}`,
        DestinationIPAddress: '10.0.0.10',
        DestinationPort: 389,
        ReportId: `${rng.hex(8)}-${k}`,
        AdditionalFields: { Count: 1 },
      },
    });
  }
  rows.push({
    table: 'DeviceLogonEvents',
    row: {
      ...deviceHeader(scene.machine, time, 'LogonFailed'),
      LogonType: 'Network',
      AccountDomain: scene.tenant.netbiosDomain.toLowerCase(),
      AccountName: scene.user.onPremisesSamAccountName,
      AccountSid: scene.user.onPremisesSecurityIdentifier,
      Protocol: 'NTLM',
      FailureReason: 'InvalidUserNameOrPassword',
      IsLocalAdmin: false,
      RemoteIP: scene.machine.lastIpAddress,
      RemoteIPType: 'Private',
      ...initiatingProcess(
        {
          binary: svchost,
          commandLine: 'lsass.exe',
          id: 700,
          created: time - 86_400_000,
          parentFileName: 'wininit.exe',
          parentId: 560,
          parentCreated: time - 86_400_000,
        },
        SYSTEM_ACCOUNT,
      ),
      ReportId: rng.int(1e5, 1e9),
    },
  });
  const ev = { time, verdict: 'suspicious' as const };
  return {
    provider: 'mdi',
    title: 'Suspected brute-force attack (LDAP)',
    description: `${attempts} failed LDAP authentications for ${scene.user.userPrincipalName} came from ${scene.machine.computerDnsName}.`,
    category: 'CredentialAccess',
    mitreTechniques: ['T1110.003'],
    severity: 'medium',
    serviceSource: 'microsoftDefenderForIdentity',
    detectionSource: 'microsoftDefenderForIdentity',
    threatFamilyName: null,
    recommendedActions: 'Investigate the source computer and reset passwords of targeted accounts.',
    firstActivity: time,
    lastActivity: time + attempts * 5_000,
    evidence: [
      deviceEvidence({ ...ev, roles: ['attacker'] }, scene.tenant, scene.machine, scene.loggedOn),
      userEvidence({ ...ev, roles: ['attacked'] }, scene.tenant, scene.user),
      ipEvidence({ ...ev, roles: ['source'] }, scene.machine.lastIpAddress, null),
    ],
    rows,
    files: [],
    signIns: [],
  };
}

/** An Entra sign-in from the attacker's address: risky user, risky sign-in, identity logon row. */
export function riskySignIn(scene: Scene, rng: Rng, time: number, _n: number): AlertDraft {
  const entry = signIn(rng, scene.user, {
    time,
    ipAddress: scene.attackerIp,
    location: { ...scene.attackerCountry },
    success: true,
    risk: 'high',
    riskEventTypes: ['unfamiliarFeatures', 'anonymizedIPAddress'],
  });
  const ev = { time, verdict: 'suspicious' as const };
  return {
    provider: 'aadip',
    title: 'Unfamiliar sign-in properties',
    description: `${scene.user.userPrincipalName} signed in from ${scene.attackerIp} (${scene.attackerCountry.city}), unusual for this user.`,
    category: 'InitialAccess',
    mitreTechniques: ['T1078.004'],
    severity: 'high',
    serviceSource: 'azureAdIdentityProtection',
    detectionSource: 'azureAdIdentityProtection',
    threatFamilyName: null,
    recommendedActions: 'Confirm with the user; if not them, revoke sessions and require a password reset.',
    firstActivity: time,
    lastActivity: time,
    evidence: [
      userEvidence({ ...ev, roles: ['compromised'] }, scene.tenant, scene.user),
      ipEvidence({ ...ev, roles: ['attacker'] }, scene.attackerIp, scene.attackerCountry.countryOrRegion),
    ],
    rows: [
      {
        table: 'IdentityLogonEvents',
        row: {
          Timestamp: time,
          ActionType: 'LogonSuccess',
          Application: 'Microsoft 365',
          LogonType: 'Login:login',
          AccountName: scene.user.onPremisesSamAccountName,
          AccountDomain: scene.tenant.domain,
          AccountUpn: scene.user.userPrincipalName,
          AccountObjectId: scene.user.id,
          AccountDisplayName: scene.user.displayName,
          IPAddress: scene.attackerIp,
          Location: scene.attackerCountry.countryOrRegion,
          ISP: 'Anonymous VPN',
          ReportId: entry.correlationId,
          AdditionalFields: { RiskLevel: 'High' },
        },
      },
    ],
    files: [],
    signIns: [entry],
  };
}
