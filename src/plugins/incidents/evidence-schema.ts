import { z } from 'zod';

/** The output shape of alert evidence grouped by kind (see evidence.ts for how it is built). */

const text = (what: string) => z.string().optional().describe(what);
const alertIds = z.array(z.string()).describe('Alerts this evidence appears in.');
const verdict = text('Defender verdict: malicious, suspicious, noThreatsFound or unknown.');

export const FileSchema = z.object({
  name: text('File name.'),
  path: text('Folder path.'),
  sha1: text('SHA-1.'),
  sha256: text('SHA-256.'),
  size: z.number().optional().describe('Bytes.'),
  publisher: text('Publisher or signer, if signed.'),
});

export const EvidenceGroupsSchema = z.object({
  devices: z.array(
    z.object({
      mdeDeviceId: text('Defender for Endpoint machine id (40 hex): what the device tools take.'),
      dnsName: text('Device DNS name.'),
      azureAdDeviceId: text('Entra device id.'),
      osPlatform: text('Operating system.'),
      healthStatus: text('Sensor health.'),
      riskScore: text('Device risk.'),
      ipAddresses: z.array(z.string()).describe('IP addresses of its interfaces.'),
      loggedOnUsers: z.array(z.string()).describe('DOMAIN\\account of users logged on.'),
      verdict,
      alertIds,
    }),
  ),
  users: z.array(
    z.object({
      upn: text('User principal name: what the user tools take.'),
      objectId: text('Entra object id (GUID).'),
      accountName: text('SAM account name.'),
      domain: text('NetBIOS domain.'),
      sid: text('On-premises security identifier.'),
      displayName: text('Display name.'),
      verdict,
      alertIds,
    }),
  ),
  ips: z.array(z.object({ address: z.string(), country: text('Country code.'), verdict, alertIds })),
  files: z.array(
    FileSchema.extend({
      mdeDeviceId: text('Device it was seen on.'),
      detectionStatus: text('detected, blocked or prevented.'),
      verdict,
      alertIds,
    }),
  ),
  processes: z.array(
    z.object({
      processId: z.number().optional().describe('Process id.'),
      parentProcessId: z.number().optional().describe('Parent process id.'),
      commandLine: text('Command line (untrusted text).'),
      image: FileSchema.optional().describe('The executable.'),
      parentImage: FileSchema.optional().describe("The parent's executable."),
      account: text('Account that ran it (UPN, or DOMAIN\\account).'),
      mdeDeviceId: text('Device it ran on.'),
      created: text('Start time (ISO 8601).'),
      detectionStatus: text('detected, blocked or prevented.'),
      verdict,
      alertIds,
    }),
  ),
  urls: z.array(z.object({ url: z.string(), verdict, alertIds })),
  mailboxes: z.array(
    z.object({
      address: text('Primary SMTP address.'),
      displayName: text('Name.'),
      upn: text('UPN.'),
      alertIds,
    }),
  ),
  emails: z.array(
    z.object({
      subject: text('Subject (untrusted text).'),
      sender: text('P1 sender address.'),
      recipient: text('Recipient address.'),
      senderIp: text('Sending IP.'),
      networkMessageId: text('Network message id.'),
      urls: z.array(z.string()).describe('URLs in the message.'),
      deliveryAction: text('delivered, blocked, ...'),
      alertIds,
    }),
  ),
  registry: z.array(
    z.object({
      hive: text('Hive.'),
      key: text('Key path.'),
      valueName: text('Value name.'),
      value: text('Value data (untrusted text).'),
      valueType: text('Value type.'),
      mdeDeviceId: text('Device.'),
      alertIds,
    }),
  ),
  other: z
    .array(z.object({ kind: z.string(), count: z.number().int() }))
    .describe('Evidence of kinds not grouped above, counted.'),
});
export type EvidenceGroups = z.output<typeof EvidenceGroupsSchema>;
export type Group<K extends keyof EvidenceGroups> = EvidenceGroups[K][number];
