import type { z } from 'zod';
import type { Alert } from '../../defender/schemas/graph.js';
import type { EvidenceGroups, FileSchema, Group } from './evidence-schema.js';
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

/** Entries by identity; an entry seen again only gains the alert id; one without identity is dropped. */
class Collector<T extends { alertIds: string[] }> {
  readonly #byKey = new Map<string, T>();

  /** `make` runs only for a new key, so it may rely on the key being present. */
  add(key: string | undefined, alertId: string, make: () => Omit<T, 'alertIds'>): void {
    if (key === undefined) return;
    const existing = this.#byKey.get(key);
    if (existing) {
      if (!existing.alertIds.includes(alertId)) existing.alertIds.push(alertId);
      return;
    }
    this.#byKey.set(key, { ...make(), alertIds: [alertId] } as T);
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
          const who = s(a.azureAdUserId) ?? s(a.userPrincipalName) ?? s(a.userSid) ?? s(a.accountName);
          users.add(who, id, () => ({
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
        case 'ipEvidence': {
          const address = s(e.ipAddress);
          ips.add(address, id, () => ({
            address: address as string,
            country: s(e.countryLetterCode),
            verdict: v,
          }));
          break;
        }
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
          urls.add(s(e.url), id, () => ({ url: s(e.url) as string, verdict: v }));
          break;
        case 'mailboxEvidence':
          mailboxes.add(s(e.primaryAddress), id, () => ({
            address: s(e.primaryAddress),
            displayName: s(e.displayName),
            upn: s(o(e.userAccount)?.userPrincipalName),
          }));
          break;
        case 'analyzedMessageEvidence':
          emails.add(s(e.networkMessageId) ?? s(e.internetMessageId), id, () => ({
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
