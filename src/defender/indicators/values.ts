import { BlockList, isIP } from 'node:net';
import { ToolError } from '../../kernel/errors.js';
import type { GuardTarget } from '../../kernel/guards/targets.js';

/** Defender for Endpoint indicator types and actions (MicrosoftDocs/defender-docs, api/ti-indicator.md). */
export const INDICATOR_TYPES = [
  'FileSha1',
  'FileSha256',
  'FileMd5',
  'CertificateThumbprint',
  'IpAddress',
  'DomainName',
  'Url',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export const INDICATOR_ACTIONS = [
  'Allowed',
  'Audit',
  'Warn',
  'Alert',
  'Block',
  'AlertAndBlock',
  'BlockAndRemediate',
] as const;
export type IndicatorAction = (typeof INDICATOR_ACTIONS)[number];

/** The actions that stop something from running or connecting: the destructive ones. */
export const BLOCKING_ACTIONS: readonly IndicatorAction[] = ['Block', 'AlertAndBlock', 'BlockAndRemediate'];
export const isBlocking = (action: string) => (BLOCKING_ACTIONS as readonly string[]).includes(action);

const HASH_LENGTH: Partial<Record<IndicatorType, number>> = {
  FileSha1: 40,
  FileSha256: 64,
  FileMd5: 32,
  // A certificate thumbprint is the SHA-1 of the certificate.
  CertificateThumbprint: 40,
};

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A caller's value, quoted and cut short for an error message (it may be anything). */
const shown = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

function invalid(code: string, message: string, hint: string): ToolError {
  return new ToolError('validation_error', `${code}: ${message} Nothing was sent.`, {
    hint,
    details: { upstreamCode: code, reason: 'invalid_indicator_value' },
  });
}

export function isDomainName(value: string): boolean {
  if (value.length > 253 || value.endsWith('.')) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TLD.test(labels.at(-1) ?? '');
}

/**
 * The value in the form Defender stores, after checking it the way Defender would (the same error
 * codes and words as its common errors page), so a bad value never costs a call. Hashes and domains
 * are lowercased; an IP is written back canonically; a URL keeps its path as given.
 */
export function normaliseIndicatorValue(type: IndicatorType, raw: string): string {
  const value = raw.trim();
  const length = HASH_LENGTH[type];
  if (length !== undefined) {
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value)) {
      throw invalid(
        'InvalidHashValue',
        `Hash value ${shown(value)} is invalid: a ${type} is ${length} hexadecimal characters.`,
        'Copy the hash again from the file page or enrich_file.',
      );
    }
    return value.toLowerCase();
  }
  if (type === 'IpAddress') {
    if (value.includes('/') || isIP(value) === 0) {
      throw invalid(
        'InvalidIpAddress',
        `IP address ${shown(value)} is invalid${value.includes('/') ? ': CIDR notation is not supported' : ''}.`,
        'Give one IPv4 or IPv6 address; a range needs one indicator per address (or a firewall rule).',
      );
    }
    return isIP(value) === 6 ? new URL(`http://[${value}]/`).hostname.slice(1, -1) : value;
  }
  if (type === 'DomainName') {
    const domain = value.toLowerCase();
    if (!isDomainName(domain)) {
      throw invalid(
        'InvalidDomainName',
        `Domain name ${shown(value)} is invalid.`,
        'Give a bare domain such as "malicious.example" (no scheme, path or port); use Url for a full address.',
      );
    }
    return domain;
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const host = url?.hostname.replace(/^\[|\]$/g, '') ?? '';
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    value.length > 2048 ||
    /\s/.test(value) ||
    !(isDomainName(host) || isIP(host) !== 0)
  ) {
    throw invalid(
      'InvalidUrl',
      `URL ${shown(value)} is invalid.`,
      'Give a full http or https address such as "https://malicious.example/path".',
    );
  }
  return value;
}

/** What kind of address an IP is, as guard roles: refused for blocks by the default never-block list. */
export const ADDRESS_ROLES = {
  private: 'privateAddress',
  loopback: 'loopback',
  linkLocal: 'linkLocal',
} as const;

function subnets(entries: readonly [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const list = new BlockList();
  for (const [net, prefix, family] of entries) list.addSubnet(net, prefix, family);
  return list;
}

const KINDS: readonly [string, BlockList][] = [
  [
    ADDRESS_ROLES.private,
    subnets([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
    ]),
  ],
  [
    ADDRESS_ROLES.loopback,
    subnets([
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ]),
  ],
  [
    ADDRESS_ROLES.linkLocal,
    subnets([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
];

const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** The guard roles of an address (private, loopback, link-local), none for a public one. */
export function addressRoles(ip: string): string[] {
  return KINDS.filter(([, list]) => list.check(ip, family(ip))).map(([role]) => role);
}

/** The first CIDR range (`10.0.0.0/8`, `2001:db8::/32`) that holds `ip`, or undefined. */
export function rangeHolding(ranges: readonly string[], ip: string): string | undefined {
  return ranges.find((range) => {
    const [net = '', prefix = ''] = range.split('/');
    if (isIP(net) === 0 || isIP(net) !== isIP(ip)) return false;
    const list = new BlockList();
    list.addSubnet(net, Number(prefix), family(net));
    return list.check(ip, family(ip));
  });
}

export function isCidr(range: string): boolean {
  const [net = '', prefix, extra] = range.split('/');
  const bits = isIP(net) === 4 ? 32 : isIP(net) === 6 ? 128 : -1;
  return extra === undefined && prefix !== undefined && /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits;
}

/** The host an indicator points at (domain, URL host, IP), for name patterns and address kinds. */
export function hostOf(type: IndicatorType, value: string): string | undefined {
  if (type === 'DomainName' || type === 'IpAddress') return value;
  if (type === 'Url') return new URL(value).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return undefined;
}

/**
 * The guard target of an indicator: its normalised value is the id and a name (its host too, so a
 * domain pattern covers URLs on that domain); an address's kind is a role.
 */
export function indicatorTarget(type: IndicatorType, value: string): GuardTarget {
  const host = hostOf(type, value);
  const ip = host !== undefined && isIP(host) !== 0 ? host : undefined;
  return {
    id: value,
    label: `${type} ${JSON.stringify(value)}`,
    names: host !== undefined && host !== value ? [value, host] : [value],
    roles: ip ? addressRoles(ip) : [],
  };
}
