import { z } from 'zod';
import type { CallOptions } from '../../defender/api-client.js';
import { hostOf, type IndicatorType } from '../../defender/indicators/index.js';
import { kqlString } from '../../defender/kql-string.js';
import type { DefenderForEndpoint } from '../../defender/mde.js';
import { escapeDeep } from '../../defender/present.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { isToolError } from '../../kernel/index.js';

/** What a block would hit, as far as Defender can tell (the preview shows it; nothing depends on it). */
export const BlastRadiusSchema = z.object({
  devices: z
    .number()
    .nullable()
    .describe('Devices that saw the value in the last 30 days; null when unknown.'),
  source: z.string().describe('Where the count comes from.'),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  file: z
    .object({
      signer: z.string().nullable(),
      issuer: z.string().nullable(),
      validCertificate: z.boolean().nullable(),
      globalPrevalence: z.number().nullable(),
      determination: z.string().nullable(),
    })
    .nullable()
    .describe('The file as Defender knows it (SHA-1 and SHA-256 only).'),
  unknown: z.array(z.string()).describe('What could not be read, and why.'),
});
export type BlastRadius = z.output<typeof BlastRadiusSchema>;

const num = (v: unknown) => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/** A bounded hunting query: one summarised row, the last 30 days. */
function huntFor(type: IndicatorType, value: string): string | undefined {
  const window = '| where Timestamp > ago(30d)';
  const tail =
    '| summarize Devices = dcount(DeviceId), FirstSeen = min(Timestamp), LastSeen = max(Timestamp)';
  if (type === 'FileMd5') return `DeviceFileEvents\n${window}\n| where MD5 =~ ${kqlString(value)}\n${tail}`;
  if (type === 'CertificateThumbprint')
    return `DeviceFileCertificateInfo\n${window}\n| where SignerHash =~ ${kqlString(value)}\n${tail}`;
  const host = hostOf(type, value);
  if (type === 'DomainName' || type === 'Url')
    return `DeviceNetworkEvents\n${window}\n| where RemoteUrl has ${kqlString(host ?? value)}\n${tail}`;
  return undefined;
}

/** Why a section could not be read, in our words (ToolError messages carry no upstream text). */
async function section<T>(unknown: string[], what: string, work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (!isToolError(error) || error.code === 'cancelled') throw error;
    unknown.push(`${what}: ${error.code} (${error.message})`);
    return undefined;
  }
}

/**
 * How many devices saw the value in the last 30 days: file or IP statistics for SHA-1, SHA-256 and
 * addresses (their default look-back is 30 days), a one-row hunting query for the rest; the file's
 * signer and prevalence where Defender knows the file. A failed read is reported, never fatal.
 */
export async function blastRadius(
  mde: DefenderForEndpoint,
  tenant: TenantDefinition,
  type: IndicatorType,
  value: string,
  call: CallOptions,
): Promise<BlastRadius> {
  const unknown: string[] = [];
  if (type === 'FileSha1' || type === 'FileSha256') {
    const [file, stats] = await Promise.all([
      section(unknown, 'file', mde.getFile(tenant, value, call)),
      section(unknown, 'file statistics', mde.getFileStats(tenant, value, call)),
    ]);
    return escapeDeep({
      devices: num(stats?.orgPrevalence),
      source: 'file statistics (organisation prevalence, last 30 days)',
      firstSeen: str(stats?.orgFirstSeen),
      lastSeen: str(stats?.orgLastSeen),
      file: file
        ? {
            signer: str(file.signer),
            issuer: str(file.issuer),
            validCertificate: typeof file.isValidCertificate === 'boolean' ? file.isValidCertificate : null,
            globalPrevalence: num(file.globalPrevalence),
            determination: str(file.determinationType),
          }
        : null,
      unknown,
    });
  }
  if (type === 'IpAddress') {
    const stats = await section(unknown, 'IP statistics', mde.getIpStats(tenant, value, call));
    return escapeDeep({
      devices: num(stats?.orgPrevalence),
      source: 'IP statistics (organisation prevalence, last 30 days)',
      firstSeen: str(stats?.orgFirstSeen),
      lastSeen: str(stats?.orgLastSeen),
      file: null,
      unknown,
    });
  }
  const query = huntFor(type, value) ?? '';
  const result = await section(unknown, 'advanced hunting', mde.runAdvancedQuery(tenant, query, call));
  const row = result?.results[0];
  return escapeDeep({
    devices: result ? (num(row?.Devices) ?? 0) : null,
    source: 'advanced hunting (distinct devices, last 30 days)',
    firstSeen: str(row?.FirstSeen),
    lastSeen: str(row?.LastSeen),
    file: null,
    unknown,
  });
}

/** The blast radius as preview warnings, in our words around escaped values. */
export function blastLines(b: BlastRadius): string[] {
  const seen =
    b.devices === null
      ? 'Devices that saw it in the last 30 days: unknown.'
      : `Devices that saw it in the last 30 days: ${b.devices} (${b.source})` +
        (b.lastSeen ? `, last seen ${b.lastSeen}.` : '.');
  const lines = [seen];
  if (b.file)
    lines.push(
      `File: signer ${JSON.stringify(b.file.signer ?? 'unknown')}, certificate ${
        b.file.validCertificate === null ? 'unknown' : b.file.validCertificate ? 'valid' : 'not valid'
      }, global prevalence ${b.file.globalPrevalence ?? 'unknown'}, Defender verdict ${b.file.determination ?? 'unknown'}.`,
    );
  for (const why of b.unknown) lines.push(`Could not read ${why}.`);
  return lines;
}
