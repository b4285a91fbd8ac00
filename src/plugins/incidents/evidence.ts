import { z } from 'zod';
import type { Alert } from '../../defender/schemas/graph.js';
import { clip, TEXT_MAX } from './records.js';

/**
 * Alert evidence grouped by kind, deduplicated across alerts, each entry naming the alerts it came
 * from: what an analyst reads first (which devices, which accounts, which files) and what the device,
 * user and hunting tools take as arguments (MDE machine id, UPN and object id, hashes, command lines).
 */

type Raw = Record<string, unknown>;

const s = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const n = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const o = (value: unknown): Raw | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

const text = (what: string) => z.string().optional().describe(what);
const alertIds = z.array(z.string()).describe('Alerts this evidence appears in.');
const verdict = text('Defender verdict: malicious, suspicious, noThreatsFound or unknown.');

const FileSchema = z.object({
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
type Group<K extends keyof EvidenceGroups> = EvidenceGroups[K][number];

function fileOf(raw: unknown): z.output<typeof FileSchema> | undefined {
  const f = o(raw);
  if (!f) return undefined;
  return {
    name: s(f.fileName),
    path: s(f.filePath),
    sha1: s(f.sha1),
    sha256: s(f.sha256),
    size: n(f.fileSize),
    publisher: s(f.filePublisher) ?? s(f.signer),
  };
}

function accountOf(raw: unknown): string | undefined {
  const a = o(raw);
  if (!a) return undefined;
  const name = s(a.accountName);
  return s(a.userPrincipalName) ?? (name ? [s(a.domainName), name].filter(Boolean).join('\\') : undefined);
}

/** Entries by identity; an entry seen again only gains the alert id. */
class Collector<T extends { alertIds: string[] }> {
  readonly #byKey = new Map<string, T>();

  add(key: string | undefined, alertId: string, make: () => Omit<T, 'alertIds'>): void {
    const k = key ?? `#${this.#byKey.size}`;
    const existing = this.#byKey.get(k);
    if (existing) {
      if (!existing.alertIds.includes(alertId)) existing.alertIds.push(alertId);
      return;
    }
    this.#byKey.set(k, { ...make(), alertIds: [alertId] } as T);
  }

  values(): T[] {
    return [...this.#byKey.values()];
  }
}

const KIND = /^#?microsoft\.graph\.security\.([A-Za-z]+)$/;

export function groupEvidence(alerts: readonly Alert[]): EvidenceGroups {
  const devices = new Collector<Group<'devices'>>();
  const users = new Collector<Group<'users'>>();
  const ips = new Collector<Group<'ips'>>();
  const files = new Collector<Group<'files'>>();
  const processes = new Collector<Group<'processes'>>();
  const urls = new Collector<Group<'urls'>>();
  const mailboxes = new Collector<Group<'mailboxes'>>();
  const emails = new Collector<Group<'emails'>>();
  const registry = new Collector<Group<'registry'>>();
  const other = new Map<string, number>();

  for (const alert of alerts) {
    const id = alert.id;
    for (const e of (alert.evidence ?? []) as Raw[]) {
      const kind = KIND.exec(s(e['@odata.type']) ?? '')?.[1] ?? 'unknown';
      const v = s(e.verdict);
      switch (kind) {
        case 'deviceEvidence':
          devices.add(s(e.mdeDeviceId) ?? s(e.deviceDnsName), id, () => ({
            mdeDeviceId: s(e.mdeDeviceId),
            dnsName: s(e.deviceDnsName),
            azureAdDeviceId: s(e.azureAdDeviceId),
            osPlatform: s(e.osPlatform),
            healthStatus: s(e.healthStatus),
            riskScore: s(e.riskScore),
            ipAddresses: strings(e.ipInterfaces),
            loggedOnUsers: (Array.isArray(e.loggedOnUsers) ? e.loggedOnUsers : []).flatMap(
              (u) => accountOf(u) ?? [],
            ),
            verdict: v,
          }));
          break;
        case 'userEvidence': {
          const a = o(e.userAccount) ?? {};
          users.add(s(a.azureAdUserId) ?? s(a.userPrincipalName) ?? s(a.userSid), id, () => ({
            upn: s(a.userPrincipalName),
            objectId: s(a.azureAdUserId),
            accountName: s(a.accountName),
            domain: s(a.domainName),
            sid: s(a.userSid),
            displayName: s(a.displayName),
            verdict: v,
          }));
          break;
        }
        case 'ipEvidence':
          if (s(e.ipAddress))
            ips.add(s(e.ipAddress), id, () => ({
              address: s(e.ipAddress) as string,
              country: s(e.countryLetterCode),
              verdict: v,
            }));
          break;
        case 'fileEvidence': {
          const f = fileOf(e.fileDetails);
          files.add(f?.sha256 ?? f?.sha1, id, () => ({
            ...f,
            mdeDeviceId: s(e.mdeDeviceId),
            detectionStatus: s(e.detectionStatus),
            verdict: v,
          }));
          break;
        }
        case 'processEvidence':
          processes.add(`${s(e.mdeDeviceId)}|${n(e.processId)}|${s(e.processCreationDateTime)}`, id, () => ({
            processId: n(e.processId),
            parentProcessId: n(e.parentProcessId),
            commandLine: clip(s(e.processCommandLine), TEXT_MAX),
            image: fileOf(e.imageFile),
            parentImage: fileOf(e.parentProcessImageFile),
            account: accountOf(e.userAccount),
            mdeDeviceId: s(e.mdeDeviceId),
            created: s(e.processCreationDateTime),
            detectionStatus: s(e.detectionStatus),
            verdict: v,
          }));
          break;
        case 'urlEvidence':
          if (s(e.url)) urls.add(s(e.url), id, () => ({ url: s(e.url) as string, verdict: v }));
          break;
        case 'mailboxEvidence':
          mailboxes.add(s(e.primaryAddress), id, () => ({
            address: s(e.primaryAddress),
            displayName: s(e.displayName),
            upn: s(o(e.userAccount)?.userPrincipalName),
          }));
          break;
        case 'analyzedMessageEvidence':
          emails.add(s(e.networkMessageId), id, () => ({
            subject: clip(s(e.subject), TEXT_MAX),
            sender: s(o(e.p1Sender)?.emailAddress),
            recipient: s(e.recipientEmailAddress),
            senderIp: s(e.senderIp),
            networkMessageId: s(e.networkMessageId),
            urls: strings(e.urls),
            deliveryAction: s(e.deliveryAction),
          }));
          break;
        case 'registryKeyEvidence':
        case 'registryValueEvidence':
          registry.add(
            `${s(e.mdeDeviceId)}|${s(e.registryHive)}|${s(e.registryKey)}|${s(e.registryValueName)}`,
            id,
            () => ({
              hive: s(e.registryHive),
              key: s(e.registryKey),
              valueName: s(e.registryValueName),
              value: clip(s(e.registryValue), TEXT_MAX),
              valueType: s(e.registryValueType),
              mdeDeviceId: s(e.mdeDeviceId),
            }),
          );
          break;
        default:
          other.set(kind, (other.get(kind) ?? 0) + 1);
      }
    }
  }
  return {
    devices: devices.values(),
    users: users.values(),
    ips: ips.values(),
    files: files.values(),
    processes: processes.values(),
    urls: urls.values(),
    mailboxes: mailboxes.values(),
    emails: emails.values(),
    registry: registry.values(),
    other: [...other].map(([kind, count]) => ({ kind, count })),
  };
}
