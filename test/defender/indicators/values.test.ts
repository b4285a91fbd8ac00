import { describe, expect, it } from 'vitest';
import {
  addressRoles,
  indicatorTarget,
  isCidr,
  normaliseIndicatorValue,
  rangeHolding,
} from '../../../src/defender/indicators/index.js';
import { isToolError } from '../../../src/kernel/index.js';

const refusal = (type: Parameters<typeof normaliseIndicatorValue>[0], value: string) => {
  try {
    normaliseIndicatorValue(type, value);
  } catch (error) {
    if (isToolError(error)) return error.message;
    throw error;
  }
  return undefined;
};

describe('indicator values, checked the way Defender checks them', () => {
  it('normalises what Defender would store', () => {
    expect(normaliseIndicatorValue('FileSha1', ` ${'AB'.repeat(20)} `)).toBe('ab'.repeat(20));
    expect(normaliseIndicatorValue('DomainName', 'Evil.Example')).toBe('evil.example');
    expect(normaliseIndicatorValue('IpAddress', '2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(normaliseIndicatorValue('Url', 'https://evil.example/A?b=1')).toBe('https://evil.example/A?b=1');
  });

  it('refuses with the code and words of Defender, quoting the value safely', () => {
    expect(refusal('FileSha256', 'x')).toMatch(/^InvalidHashValue: Hash value "x" is invalid/);
    expect(refusal('IpAddress', '10.0.0.0/8')).toMatch(/^InvalidIpAddress: .*CIDR notation is not supported/);
    expect(refusal('DomainName', 'evil..example')).toMatch(/^InvalidDomainName/);
    expect(refusal('Url', 'https://evil example/')).toMatch(/^InvalidUrl/);
    expect(refusal('Url', `https://x.example/${'a'.repeat(200)}`)).toBeUndefined();
    expect(refusal('DomainName', 'a\n"b')).toContain('"a\\n\\"b"');
  });

  it('knows address kinds and CIDR ranges (IPv4 and IPv6)', () => {
    expect(addressRoles('192.168.1.1')).toEqual(['privateAddress']);
    expect(addressRoles('127.0.0.1')).toEqual(['loopback']);
    expect(addressRoles('::1')).toEqual(['loopback']);
    expect(addressRoles('169.254.1.1')).toEqual(['linkLocal']);
    expect(addressRoles('8.8.8.8')).toEqual([]);
    expect(rangeHolding(['198.51.100.0/24', '2001:db8::/32'], '2001:db8::9')).toBe('2001:db8::/32');
    expect(rangeHolding(['198.51.100.0/24'], '198.51.101.1')).toBeUndefined();
    expect(isCidr('10.0.0.0/8')).toBe(true);
    expect(isCidr('10.0.0.0/33')).toBe(false);
    expect(isCidr('10.0.0.0')).toBe(false);
  });

  it('makes a guard target whose names include a URL host and whose roles are its address kind', () => {
    expect(indicatorTarget('Url', 'https://WWW.contoso.com/x')).toMatchObject({
      id: 'https://WWW.contoso.com/x',
      names: ['https://WWW.contoso.com/x', 'www.contoso.com'],
      roles: [],
    });
    expect(indicatorTarget('Url', 'http://[fe80::1]/x').roles).toEqual(['linkLocal']);
  });
});
