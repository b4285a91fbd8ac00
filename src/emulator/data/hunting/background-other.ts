import type { Row } from '../../kql/table.js';
import { maybeHostile } from '../hostile.js';
import { publicIp } from '../machines.js';
import { EMAIL_SUBJECTS } from '../names.js';
import { DAY } from '../time.js';
import { userAccount } from './actors.js';
import { type BackgroundContext, DATA_DAYS, rowRngs, rowTime } from './context.js';
import type { RowSource } from './table.js';

const HOSTILE_EVERY = 89;

/**
 * One DeviceInfo report per machine per reporting period: `count` rows cycle over the machines, so
 * every machine reports across the whole window whatever the scale.
 */
export function deviceInfo(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'DeviceInfo');
  const machines = context.machines;
  const periods = Math.max(1, Math.floor(count / Math.max(1, machines.length)));
  const period = (DATA_DAYS * DAY) / periods;
  return {
    count: periods * machines.length,
    row(i, into) {
      const rng = rngOf(i);
      const machine = machines[i % machines.length];
      if (!machine) return;
      const slot = Math.floor(i / machines.length);
      const users = context.usersOf(machine).map((u) => ({
        UserName: u.onPremisesSamAccountName,
        DomainName: context.tenant.netbiosDomain,
        Sid: u.onPremisesSecurityIdentifier,
      }));
      const windows = machine.osPlatform.startsWith('Windows');
      into.Timestamp = Math.floor(context.anchor - DATA_DAYS * DAY + slot * period + rng.next() * period);
      into.DeviceId = machine.id;
      into.DeviceName = machine.computerDnsName;
      into.ClientVersion = machine.agentVersion;
      into.PublicIP = machine.lastExternalIpAddress;
      into.OSArchitecture = machine.osArchitecture;
      into.OSPlatform = machine.osPlatform;
      into.OSBuild = machine.osBuild;
      into.IsAzureADJoined = machine.isAadJoined;
      into.JoinType = machine.isAadJoined ? 'Hybrid Azure AD Join' : 'Domain Joined';
      into.AadDeviceId = machine.aadDeviceId ?? '';
      into.LoggedOnUsers = JSON.stringify(users);
      into.OSVersion = machine.version;
      into.MachineGroup = machine.rbacGroupName;
      into.ReportId = i;
      into.OnboardingStatus = 'Onboarded';
      into.DeviceCategory = 'Endpoint';
      into.DeviceType =
        machine.rbacGroupName === 'Workstations' || machine.rbacGroupName === 'Finance Devices'
          ? 'Workstation'
          : 'Server';
      into.Vendor = windows
        ? rng.pick(['Dell Inc.', 'LENOVO', 'HP'])
        : machine.osPlatform === 'macOS'
          ? 'Apple'
          : 'QEMU';
      into.OSDistribution = machine.osPlatform;
      into.IsInternetFacing = false;
      into.SensorHealthState = machine.healthStatus;
      into.IsExcluded = false;
      into.ExposureLevel = machine.exposureLevel;
      into.AssetValue = machine.deviceValue;
      into.DeviceManualTags = JSON.stringify(machine.machineTags);
      into.ConnectivityType = 'Streamlined';
    },
  };
}

/** One message in PHISH_EVERY belongs to the campaign the incidents tell of: lures from malicious-updates.com. */
export const PHISH_EVERY = 25;
const LURES = [
  [
    'Phish',
    'Invoice overdue - action required',
    'Phish',
    '{"Phish":["URL detonation reputation"]}',
    'Delivered',
  ],
  ['Malware', 'Payment advice INV-2291', 'Trojan:O97M/Qakbot', '{"Malware":["File detonation"]}', 'Blocked'],
  ['Phish', 'Your password expires today', 'Phish', '{"Phish":["Impersonation domain"]}', 'Delivered'],
  ['Spam', 'Exclusive offer', '', '{"Spam":["Mixed analysis detection"]}', 'Junked'],
] as const;

function phishing(into: Row, n: number): void {
  const [threat, subject, name, methods, action] = LURES[n % LURES.length] as (typeof LURES)[number];
  into.SenderFromAddress = 'billing@malicious-updates.com';
  into.SenderMailFromAddress = 'bounce@malicious-updates.com';
  into.SenderFromDomain = 'malicious-updates.com';
  into.SenderMailFromDomain = 'malicious-updates.com';
  into.SenderDisplayName = 'Accounts Payable';
  into.SenderObjectId = '';
  into.SenderIPv4 = '198.51.100.23';
  into.EmailDirection = 'Inbound';
  into.Subject = subject;
  into.ThreatTypes = threat;
  into.ThreatNames = name;
  into.DetectionMethods = methods;
  into.ConfidenceLevel = '{"Phish":"High"}';
  into.DeliveryAction = action;
  into.DeliveryLocation =
    action === 'Delivered' ? 'Inbox/folder' : action === 'Junked' ? 'Junk folder' : 'Quarantine';
  into.AttachmentCount = 1;
  into.UrlCount = 2;
  into.AuthenticationDetails = JSON.stringify({ SPF: 'fail', DKIM: 'none', DMARC: 'fail', CompAuth: 'fail' });
  into.EmailAction = action === 'Delivered' ? '' : 'Move to quarantine';
}

export function emailEvents(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'EmailEvents');
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const time = rowTime(context, rng, i, count);
      const recipient = rng.pick(context.users);
      const internal = rng.chance(0.4);
      const sender = internal ? rng.pick(context.users) : undefined;
      const senderAddress =
        sender?.mail ??
        `${rng.pick(['news', 'billing', 'info', 'noreply'])}@${rng.pick(['partner.example', 'vendor.test', 'newsletter.example'])}`;
      const senderDomain = senderAddress.split('@')[1] ?? '';
      const subject = rng.pick(EMAIL_SUBJECTS);
      into.Timestamp = time;
      into.NetworkMessageId = rng.guid();
      into.InternetMessageId = `<${rng.hex(24)}@${senderDomain}>`;
      into.SenderMailFromAddress = senderAddress;
      into.SenderFromAddress = senderAddress;
      into.SenderDisplayName = sender?.displayName ?? senderAddress.split('@')[0];
      into.SenderObjectId = sender?.id ?? '';
      into.SenderMailFromDomain = senderDomain;
      into.SenderFromDomain = senderDomain;
      into.SenderIPv4 = internal ? '' : publicIp(rng);
      into.RecipientEmailAddress = recipient.mail;
      into.RecipientObjectId = recipient.id;
      into.Subject =
        context.hostile && i % HOSTILE_EVERY === 0
          ? maybeHostile(true, (i / HOSTILE_EVERY) * 2, subject)
          : subject;
      into.EmailClusterId = rng.int(1e9, 9e9);
      into.EmailDirection = internal ? 'Intra-org' : 'Inbound';
      into.DeliveryAction = rng.chance(0.95) ? 'Delivered' : 'Junked';
      into.DeliveryLocation = 'Inbox/folder';
      into.BulkComplaintLevel = rng.int(0, 3);
      into.AuthenticationDetails = JSON.stringify({
        SPF: 'pass',
        DKIM: 'pass',
        DMARC: 'pass',
        CompAuth: 'pass',
      });
      into.AttachmentCount = rng.int(0, 2);
      into.UrlCount = rng.int(0, 4);
      into.EmailLanguage = 'en';
      into.ReportId = `${rng.guid()}-${i}`;
      into.LatestDeliveryLocation = 'Inbox/folder';
      into.LatestDeliveryAction = 'Delivered';
      if (i % PHISH_EVERY === 0) phishing(into, i / PHISH_EVERY);
    },
  };
}

export function identityLogonEvents(context: BackgroundContext, count: number): RowSource {
  const rngOf = rowRngs(context, 'IdentityLogonEvents');
  return {
    count,
    row(i, into) {
      const rng = rngOf(i);
      const time = rowTime(context, rng, i, count);
      const machine = rng.pick(context.machines);
      const user = rng.pick(context.usersOf(machine).length ? context.usersOf(machine) : context.users);
      const account = userAccount(context.tenant, user);
      const onPrem = rng.chance(0.6);
      const success = rng.chance(0.92);
      into.Timestamp = time;
      into.ActionType = success ? 'LogonSuccess' : 'LogonFailed';
      into.Application = onPrem ? 'Active Directory' : 'Microsoft 365';
      into.LogonType = onPrem
        ? rng.pick(['Resource Access', 'Credentials Validation', 'Interactive Logon'])
        : 'Login:login';
      into.Protocol = onPrem ? rng.pick(['Kerberos', 'Ntlm']) : '';
      into.FailureReason = success ? '' : 'WrongPassword';
      into.AccountName = account.name;
      into.AccountDomain = onPrem ? context.tenant.dnsSuffix : context.tenant.domain;
      into.AccountUpn = account.upn;
      into.AccountSid = account.sid;
      into.AccountObjectId = account.objectId;
      into.AccountDisplayName = user.displayName;
      into.DeviceName = machine.computerDnsName.split('.')[0]?.toUpperCase() ?? '';
      into.DeviceType = 'Desktop';
      into.OSPlatform = machine.osPlatform;
      into.IPAddress = onPrem ? machine.lastIpAddress : machine.lastExternalIpAddress;
      into.Port = rng.int(49152, 65535);
      into.DestinationDeviceName = onPrem ? `DC01.${context.tenant.dnsSuffix}` : '';
      into.DestinationIPAddress = onPrem ? '10.0.0.10' : '';
      into.DestinationPort = onPrem ? 88 : null;
      into.Location = onPrem ? '' : user.usageLocation;
      into.ISP = onPrem ? '' : 'Contoso ISP';
      into.ReportId = `${rng.hex(8)}-${i}`;
      into.AdditionalFields = {};
    },
  };
}
