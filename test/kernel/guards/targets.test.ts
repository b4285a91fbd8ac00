import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  assertNotProtected,
  forEachTarget,
  type GuardTarget,
  ProtectedTargetsSchema,
  protectedTargetsOption,
  protectionOf,
  ToolError,
} from '../../../src/kernel/index.js';

const rules = ProtectedTargetsSchema.parse({
  ids: ['AAAA'],
  namePatterns: ['dc-*', 'break?glass@contoso.com'],
  tags: ['Tier0'],
  roles: ['domainController', 'Global Administrator'],
  groups: ['Break glass'],
});

const target = (over: Partial<GuardTarget>): GuardTarget => ({ id: 'x', label: 'the target', ...over });

describe('protected targets', () => {
  it('names the rule that matched, case-insensitively, for ids, globs, tags, roles and groups', () => {
    expect(protectionOf(rules, target({ id: 'aaaa' }))).toBe('protected id "AAAA"');
    expect(protectionOf(rules, target({ names: ['DC-01.contoso.com'] }))).toBe(
      'protected name pattern "dc-*"',
    );
    expect(protectionOf(rules, target({ names: ['breakXglass@contoso.com'] }))).toContain('break?glass');
    expect(protectionOf(rules, target({ tags: ['tier0'] }))).toBe('protected tag "Tier0"');
    expect(protectionOf(rules, target({ roles: ['global administrator'] }))).toContain(
      'Global Administrator',
    );
    expect(protectionOf(rules, target({ groups: ['BREAK GLASS'] }))).toBe('protected group "Break glass"');
  });

  it('does not treat glob metacharacters or partial names as matches', () => {
    expect(protectionOf(rules, target({ names: ['xdc-01'] }))).toBeUndefined();
    expect(protectionOf(rules, target({ names: ['break.glass@contosoXcom'] }))).toBeUndefined();
    expect(protectionOf(rules, target({ tags: ['Tier0-lab'], roles: ['server'] }))).toBeUndefined();
  });

  it('refuses with forbidden, the rule and the target id, before anything else happens', () => {
    let error: unknown;
    try {
      assertNotProtected(rules, target({ id: 'm1', roles: ['domainController'] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolError);
    expect(error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'protected_target', target: 'm1', rule: 'protected role "domainController"' },
    });
  });

  it('an option block keeps the plugin defaults unless the operator sets it', () => {
    const Options = z.object({
      protected: protectedTargetsOption({ roles: ['domainController'] }, 'Devices.'),
    });
    expect(Options.parse({}).protected.roles).toEqual(['domainController']);
    expect(Options.parse({ protected: { tags: ['Tier0'] } }).protected).toMatchObject({
      roles: [],
      tags: ['Tier0'],
    });
    expect(() => Options.parse({ protected: { tag: ['typo'] } })).toThrow();
  });
});

describe('forEachTarget', () => {
  it('records a ToolError per target and goes on; a non-ToolError stops the call', async () => {
    const targets = ['a', 'b', 'c'].map((id) => target({ id }));
    const outcomes = await forEachTarget(targets, async (t) => {
      if (t.id === 'b') throw new ToolError('upstream_error', 'b failed');
      return t.id.toUpperCase();
    });
    expect(outcomes.map((o) => (o.ok ? o.result : o.error.code))).toEqual(['A', 'upstream_error', 'C']);
    await expect(
      forEachTarget(targets, async () => {
        throw new TypeError('bug');
      }),
    ).rejects.toThrow('bug');
  });
});
