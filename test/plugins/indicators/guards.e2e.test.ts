import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, previewAndRun, resultOf, type Started, startIndicators, textOf } from './support.js';

const OWN_TOOL = 'b'.repeat(64);
const block = (indicatorType: string, value: string, more: Record<string, unknown> = {}) => ({
  indicatorType,
  value,
  action: 'Block',
  title: 'Block it',
  description: 'guard test',
  ...more,
});

/** The operator's never-block list, expiration rules and limits, each refused before any call. */
describe('indicator guards: never-block list, value checks, expiration, cooldown and cap', () => {
  let s: Started;
  /** Every request that reached the indicator, file, IP or hunting routes of contoso. */
  const calls = () => s.h.emulator.control.counters.requests({ tenant: 'contoso' });
  beforeAll(async () => {
    s = await startIndicators({
      protected: {
        ids: [OWN_TOOL],
        namePatterns: ['contoso.com', '*.contoso.com'],
        roles: ['privateAddress'],
      },
      protectedRanges: ['192.0.2.0/24', '2001:db8::/32'],
      cooldownSeconds: 300,
      hourlyCap: 2,
      maxExpirationDays: 60,
    });
  }, 60_000);
  afterAll(() => s.h.close());

  it.each([
    ['FileSha256', OWN_TOOL.toUpperCase(), 'protected id'],
    ['Url', 'https://intranet.contoso.com/login', 'protected name pattern "*.contoso.com"'],
    ['DomainName', 'contoso.com', 'protected name pattern "contoso.com"'],
    ['IpAddress', '192.0.2.44', 'protected address range "192.0.2.0/24"'],
    ['IpAddress', '2001:DB8::5', 'protected address range "2001:db8::/32"'],
    ['Url', 'http://192.0.2.9/payload', 'protected address range "192.0.2.0/24"'],
  ])('refuses a block of %s %s (%s) before any call', async (indicatorType, value, rule) => {
    const before = calls();
    const r = await s.h.call(
      'submit_indicator',
      block(indicatorType, value, { action: 'BlockAndRemediate' }),
    );
    expect(errorOf(r).code).toBe('forbidden');
    expect(textOf(r)).toContain(rule);
    expect(calls()).toBe(before);
  });

  it('lets an allow through for a value it never blocks', async () => {
    const r = await s.h.call('submit_indicator', block('DomainName', 'contoso.com', { action: 'Allowed' }));
    expect(r.isError, textOf(r)).toBeFalsy();
  });

  it.each([
    [
      'FileSha1',
      'abc123',
      'InvalidHashValue',
      /Hash value "abc123" is invalid: a FileSha1 is 40 hexadecimal/,
    ],
    ['FileMd5', 'z'.repeat(32), 'InvalidHashValue', /Hash value/],
    ['CertificateThumbprint', 'a'.repeat(64), 'InvalidHashValue', /a CertificateThumbprint is 40/],
    ['IpAddress', '203.0.113.0/24', 'InvalidIpAddress', /CIDR notation is not supported/],
    ['IpAddress', '999.1.1.1', 'InvalidIpAddress', /IP address "999.1.1.1" is invalid/],
    ['DomainName', 'https://evil.example/x', 'InvalidDomainName', /Domain name .* is invalid/],
    ['DomainName', 'localhost', 'InvalidDomainName', /Domain name "localhost" is invalid/],
    ['Url', 'javascript:alert(1)', 'InvalidUrl', /URL .* is invalid/],
    ['Url', 'evil.example/x', 'InvalidUrl', /URL .* is invalid/],
  ])(
    "refuses a bad %s value %s with Defender's %s before any call",
    async (indicatorType, value, upstream, message) => {
      const before = calls();
      const r = await s.h.call('submit_indicator', block(indicatorType, value, { action: 'Audit' }));
      expect(errorOf(r).code).toBe('validation_error');
      expect(textOf(r)).toMatch(message);
      expect(textOf(r)).toContain(`${upstream}: `);
      expect(calls()).toBe(before);
    },
  );

  it('applies the expiration rules: a maximum, no permanent block, permanent non-blocking indicators', async () => {
    const before = calls();
    const long = await s.h.call(
      'submit_indicator',
      block('DomainName', 'long.example', { expiresInDays: 61 }),
    );
    expect(textOf(long)).toMatch(/over this deployment's maximum of 60 days/);
    const forever = await s.h.call(
      'submit_indicator',
      block('DomainName', 'forever.example', { permanent: true }),
    );
    expect(textOf(forever)).toMatch(/must expire: this deployment does not allow permanent blocks/);
    const both = await s.h.call(
      'submit_indicator',
      block('DomainName', 'both.example', { permanent: true, expiresInDays: 3 }),
    );
    expect(errorOf(both).code).toBe('validation_error');
    expect(calls()).toBe(before);
    const allow = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('FileSha1', 'c'.repeat(40), { action: 'Allowed', permanent: true }),
    );
    expect(textOf(allow.preview)).toMatch(/expires never/);
    expect(allow.run.isError, textOf(allow.run)).toBeFalsy();
    expect(s.contoso.indicators.find('FileSha1', 'c'.repeat(40))?.expirationTime).toBeNull();
    const short = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('DomainName', 'short.example', { expiresInDays: 7 }),
    );
    expect(short.run.isError, textOf(short.run)).toBeFalsy();
    const days =
      (Date.parse(s.contoso.indicators.find('DomainName', 'short.example')?.expirationTime ?? '') -
        Date.now()) /
      86_400_000;
    expect(Math.round(days)).toBe(7);
  });

  it('refuses deleting a value within its cooldown (block then delete flapping)', async () => {
    const before = s.received().length;
    const r = await s.h.call('delete_indicator', { indicatorType: 'DomainName', value: 'short.example' });
    expect(errorOf(r).code).toBe('rate_limited');
    expect(errorOf(r).retryAfter).toBeGreaterThan(0);
    expect(s.received().length).toBe(before);
  });

  it('refuses a block past the hourly cap, and sends nothing', async () => {
    // short.example was block 1 of 2 this hour.
    const second = await previewAndRun(s.h.client, 'submit_indicator', block('DomainName', 'second.example'));
    expect(second.run.isError, textOf(second.run)).toBeFalsy();
    const before = s.received().length;
    const third = await s.h.call('submit_indicator', block('DomainName', 'third.example'));
    expect(errorOf(third).code).toBe('rate_limited');
    expect(textOf(third)).toMatch(/hourly cap of 2 indicator block actions/);
    expect(s.received().length).toBe(before);
    // Non-blocking submissions are not capped.
    const audit = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('DomainName', 'third.example', { action: 'Audit' }),
    );
    expect(resultOf<{ outcome: string }>(audit.run).outcome).toBe('created');
  });
});
