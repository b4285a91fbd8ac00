import { describe, expect, it } from 'vitest';
import {
  AlertId,
  DnsName,
  FileHash,
  IncidentId,
  IpAddress,
  MachineId,
  ObjectId,
  UserPrincipalName,
} from '../../src/defender/ids.js';

const cases = [
  {
    schema: MachineId,
    good: ['7b1f4967d9728e5aa3c06a9e617a22a4a5a17378'],
    bad: [
      'desktop-01',
      '7b1f4967d9728e5aa3c06a9e617a22a4a5a1737',
      "7b1f4967d9728e5aa3c06a9e617a22a4a5a1737'",
    ],
  },
  { schema: IncidentId, good: ['2972395'], bad: ['12a', '1 or 1 eq 1', '', '-5'] },
  {
    schema: AlertId,
    good: [
      'da637551227677560813_-961444813',
      'fa12345678-aaaa-bbbb-cccc-ddddeeeeffff',
      'aa12345678-aaaa-bbbb-cccc-ddddeeeeffff',
      `ad${'a'.repeat(32)}`,
    ],
    bad: ['da637551227677560813', '../alerts_v2', "da637551227677560813_1' or '1'='1", 'xx12345'],
  },
  { schema: ObjectId, good: ['256db173-9a3c-4a8e-8e5b-2d4d1e0f9a11'], bad: ['adele@contoso.com'] },
  {
    schema: UserPrincipalName,
    good: ['adele@contoso.com', "o'brien@contoso.onmicrosoft.com"],
    bad: ['adele', 'a b@contoso.com', 'a@b/c.com'],
  },
  {
    schema: FileHash,
    good: ['a'.repeat(40), 'B'.repeat(64)],
    bad: ['a'.repeat(39), 'g'.repeat(40), 'a'.repeat(50)],
  },
  { schema: IpAddress, good: ['10.1.2.3', '2001:db8::1'], bad: ['10.1.2', '999.1.1.1', 'localhost'] },
  { schema: DnsName, good: ['desktop-01.contoso.com', 'srv1'], bad: ['-bad.contoso.com', 'a..b', 'a b'] },
];

describe('typed Defender ids', () => {
  for (const { schema, good, bad } of cases) {
    it(`${schema.description?.split(':')[0] ?? 'id'}: accepts the real shape and refuses the rest`, () => {
      for (const value of good) expect(schema.safeParse(value).success, value).toBe(true);
      for (const value of bad) expect(schema.safeParse(value).success, value).toBe(false);
    });
  }

  it('says what shape was expected, without echoing the value', () => {
    const result = MachineId.safeParse('evil-input');
    expect(result.success).toBe(false);
    const message = result.error?.issues[0]?.message ?? '';
    expect(message).toMatch(/40 hexadecimal/);
    expect(message).not.toContain('evil-input');
  });
});
