import { describe, expect, it } from 'vitest';
import { f, literal } from '../../src/defender/odata-filter.js';

describe('OData filter builder', () => {
  it('doubles quotes so a UPN with a quote stays one literal', () => {
    expect(f.eq('userPrincipalName', "o'brien@contoso.com").toString()).toBe(
      "userPrincipalName eq 'o''brien@contoso.com'",
    );
  });
  it('an injection attempt stays inside the literal', () => {
    const attack = "x' or startswith(subject,'";
    const text = f.eq('assignedTo', attack).toString();
    expect(text).toBe("assignedTo eq 'x'' or startswith(subject,'''");
    // Un-doubling the quotes of the single literal gives back the input exactly.
    const body = text.slice("assignedTo eq '".length, -1);
    expect(body.replace(/''/g, "'")).toBe(attack);
    expect(body.replace(/''/g, '')).not.toContain("'");
  });
  it('validates property names', () => {
    expect(() => f.eq('status eq 1 or x', 'a')).toThrow('Invalid OData property name');
    expect(f.eq('userAccount/upn', 'a').toString()).toBe("userAccount/upn eq 'a'");
  });
  it('renders numbers, booleans, null and dates; rejects NaN and bad dates', () => {
    expect(literal(5)).toBe('5');
    expect(literal(true)).toBe('true');
    expect(literal(null)).toBe('null');
    expect(literal(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal(new Date('nope'))).toThrow();
  });
  it('combines with and/or, parenthesised, skipping undefined parts', () => {
    const filter = f.and(
      f.eq('status', 'active'),
      undefined,
      f.or(f.eq('severity', 'high'), f.eq('severity', 'medium')),
    );
    expect(filter?.toString()).toBe(
      "(status eq 'active') and ((severity eq 'high') or (severity eq 'medium'))",
    );
    expect(f.and(undefined)).toBeUndefined();
    expect(f.and(f.eq('a', 1))?.toString()).toBe('a eq 1');
  });
  it('in, startsWith and any escape every value', () => {
    expect(f.in('id', ["a'b", 'c']).toString()).toBe("id in ('a''b','c')");
    expect(f.startsWith('displayName', "it's").toString()).toBe("startswith(displayName,'it''s')");
    expect(f.anyEq('machineTags', "t'").toString()).toBe("machineTags/any(x: x eq 't''')");
    expect(() => f.in('id', [])).toThrow();
  });
});
