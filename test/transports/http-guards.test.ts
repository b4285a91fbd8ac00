import { describe, expect, it } from 'vitest';
import { buildHostPolicy, checkHeaders, isLoopbackHost } from '../../src/kernel/transports/http-guards.js';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
    'accepts %s',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.evil.com', 'example.com', '::2', ''])(
    'refuses %s',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe('Host and Origin allow-lists', () => {
  const policy = buildHostPolicy(
    { host: '127.0.0.1', port: 3000 },
    {
      allowedHosts: ['mcp.internal', 'proxy.internal:8443'],
      allowedOrigins: ['https://Console.example.com/'],
    },
  );

  it.each([
    '127.0.0.1:3000',
    'localhost:3000',
    'LOCALHOST:3000',
    '[::1]:3000',
    'mcp.internal:3000',
    'proxy.internal:8443',
  ])('accepts Host %s', (host) => expect(checkHeaders(policy, { host })).toBeUndefined());

  it.each([
    undefined,
    '127.0.0.1',
    '127.0.0.1:3001',
    'evil.example.com:3000',
    'mcp.internal:80',
    'localhost.evil:3000',
  ])('refuses Host %s', (host) => expect(checkHeaders(policy, { host })).toBe('Host header not allowed'));

  it.each([
    'http://localhost:3000',
    'https://127.0.0.1:3000',
    'http://[::1]:3000',
    'https://console.example.com',
  ])('accepts Origin %s', (origin) =>
    expect(checkHeaders(policy, { host: 'localhost:3000', origin })).toBeUndefined(),
  );

  it.each(['http://evil.example.com', 'http://localhost:3001', 'null', 'http://console.example.com'])(
    'refuses Origin %s',
    (origin) =>
      expect(checkHeaders(policy, { host: 'localhost:3000', origin })).toBe('Origin header not allowed'),
  );

  it('binds the policy to an IPv6 loopback address with brackets', () => {
    const v6 = buildHostPolicy({ host: '::1', port: 8080 }, { allowedHosts: [], allowedOrigins: [] });
    expect(checkHeaders(v6, { host: '[::1]:8080' })).toBeUndefined();
    expect(checkHeaders(v6, { host: '::1:8080' })).toBe('Host header not allowed');
  });
});
