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
      Object.assign(into, {
        Timestamp: Math.floor(context.anchor - DATA_DAYS * DAY + slot * period + rng.next() * period),
        DeviceId: machine.id,
        DeviceName: machine.computerDnsName,
        ClientVersion: machine.agentVersion,
        PublicIP: machine.lastExternalIpAddress,
        OSArchitecture: machine.osArchitecture,
        OSPlatform: machine.osPlatform,
        OSBuild: machine.osBuild,
        IsAzureADJoined: machine.isAadJoined,
        JoinType: machine.isAadJoined ? 'Hybrid Azure AD Join' : 'Domain Joined',
        AadDeviceId: machine.aadDeviceId ?? '',
        LoggedOnUsers: JSON.stringify(users),
        OSVersion: machine.version,
        MachineGroup: machine.rbacGroupName,
        ReportId: i,
        OnboardingStatus: 'Onboarded',
        DeviceCategory: 'Endpoint',
        DeviceType:
          machine.rbacGroupName === 'Workstations' || machine.rbacGroupName === 'Finance Devices'
            ? 'Workstation'
            : 'Server',
        Vendor: windows
          ? rng.pick(['Dell Inc.', 'LENOVO', 'HP'])
          : machine.osPlatform === 'macOS'
            ? 'Apple'
            : 'QEMU',
        OSDistribution: machine.osPlatform,
        IsInternetFacing: false,
        SensorHealthState: machine.healthStatus,
        IsExcluded: false,
        ExposureLevel: machine.exposureLevel,
        AssetValue: machine.deviceValue,
        DeviceManualTags: JSON.stringify(machine.machineTags),
        ConnectivityType: 'Streamlined',
      });
    },
  };
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
      Object.assign(into, {
        Timestamp: time,
        NetworkMessageId: rng.guid(),
        InternetMessageId: `<${rng.hex(24)}@${senderDomain}>`,
        SenderMailFromAddress: senderAddress,
        SenderFromAddress: senderAddress,
        SenderDisplayName: sender?.displayName ?? senderAddress.split('@')[0],
        SenderObjectId: sender?.id ?? '',
        SenderMailFromDomain: senderDomain,
        SenderFromDomain: senderDomain,
        SenderIPv4: internal ? '' : publicIp(rng),
        RecipientEmailAddress: recipient.mail,
        RecipientObjectId: recipient.id,
        Subject:
          context.hostile && i % HOSTILE_EVERY === 0
            ? maybeHostile(true, (i / HOSTILE_EVERY) * 2, subject)
            : subject,
        EmailClusterId: rng.int(1e9, 9e9),
        EmailDirection: internal ? 'Intra-org' : 'Inbound',
        DeliveryAction: rng.chance(0.95) ? 'Delivered' : 'Junked',
        DeliveryLocation: 'Inbox/folder',
        BulkComplaintLevel: rng.int(0, 3),
        AuthenticationDetails: JSON.stringify({ SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' }),
        AttachmentCount: rng.int(0, 2),
        UrlCount: rng.int(0, 4),
        EmailLanguage: 'en',
        ReportId: `${rng.guid()}-${i}`,
        LatestDeliveryLocation: 'Inbox/folder',
        LatestDeliveryAction: 'Delivered',
      });
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
      Object.assign(into, {
        Timestamp: time,
        ActionType: success ? 'LogonSuccess' : 'LogonFailed',
        Application: onPrem ? 'Active Directory' : 'Microsoft 365',
        LogonType: onPrem
          ? rng.pick(['Resource Access', 'Credentials Validation', 'Interactive Logon'])
          : 'Login:login',
        Protocol: onPrem ? rng.pick(['Kerberos', 'Ntlm']) : '',
        FailureReason: success ? '' : 'WrongPassword',
        AccountName: account.name,
        AccountDomain: onPrem ? context.tenant.dnsSuffix : context.tenant.domain,
        AccountUpn: account.upn,
        AccountSid: account.sid,
        AccountObjectId: account.objectId,
        AccountDisplayName: user.displayName,
        DeviceName: machine.computerDnsName.split('.')[0]?.toUpperCase() ?? '',
        DeviceType: 'Desktop',
        OSPlatform: machine.osPlatform,
        IPAddress: onPrem ? machine.lastIpAddress : machine.lastExternalIpAddress,
        Port: rng.int(49152, 65535),
        DestinationDeviceName: onPrem ? `DC01.${context.tenant.dnsSuffix}` : '',
        DestinationIPAddress: onPrem ? '10.0.0.10' : '',
        DestinationPort: onPrem ? 88 : null,
        Location: onPrem ? '' : user.usageLocation,
        Isp: onPrem ? '' : 'Contoso ISP',
        ReportId: `${rng.hex(8)}-${i}`,
        AdditionalFields: {},
      });
    },
  };
}
