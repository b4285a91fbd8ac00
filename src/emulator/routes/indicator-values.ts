import { isIP } from 'node:net';

/**
 * How Defender checks an indicator's value by type, with the error codes and words of its common
 * errors page (MicrosoftDocs/defender-docs, defender-endpoint/api/common-errors.md). Written apart
 * from our client's checks on purpose: the emulator is the oracle they are tested against.
 */
export type ValueCheck = { ok: true; value: string } | { ok: false; code: string; message: string };

const HEX: Record<string, number> = { FileSha1: 40, FileSha256: 64, FileMd5: 32, CertificateThumbprint: 40 };
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function isHostName(host: string): boolean {
  const labels = host.split('.');
  return (
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => HOST_LABEL.test(l)) &&
    /^[a-z]{2,63}$|^xn--/i.test(labels.at(-1) ?? '')
  );
}

export function checkIndicatorValue(type: string, value: string): ValueCheck {
  const hex = HEX[type];
  if (hex !== undefined) {
    return new RegExp(`^[0-9a-f]{${hex}}$`, 'i').test(value)
      ? { ok: true, value: value.toLowerCase() }
      : { ok: false, code: 'InvalidHashValue', message: `Hash value ${value} is invalid.` };
  }
  if (type === 'IpAddress') {
    // CIDR notation isn't supported (post-ti-indicator.md).
    return isIP(value) !== 0
      ? { ok: true, value }
      : { ok: false, code: 'InvalidIpAddress', message: `IP address ${value} is invalid.` };
  }
  if (type === 'DomainName') {
    return isHostName(value)
      ? { ok: true, value: value.toLowerCase() }
      : { ok: false, code: 'InvalidDomainName', message: `Domain name ${value} is invalid.` };
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const host = url?.hostname.replace(/^\[|\]$/g, '') ?? '';
  return url && /^https?:$/.test(url.protocol) && (isHostName(host) || isIP(host) !== 0)
    ? { ok: true, value }
    : { ok: false, code: 'InvalidUrl', message: `URL ${value} is invalid.` };
}
