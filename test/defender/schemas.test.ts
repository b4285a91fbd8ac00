import { describe, expect, it } from 'vitest';
import { HuntingResultSchema, page } from '../../src/defender/schemas/common.js';
import { IncidentSchema, InvokeActionResultSchema } from '../../src/defender/schemas/graph.js';
import { MachineActionSchema } from '../../src/defender/schemas/mde.js';

describe('response schemas', () => {
  it('parse enums case-insensitively into their canonical spelling', () => {
    const i = IncidentSchema.parse({
      id: '1',
      status: 'Active',
      severity: 'MEDIUM',
      classification: 'TruePositive',
      determination: 'MultiStagedAttack',
    });
    expect(i).toMatchObject({
      status: 'active',
      severity: 'medium',
      classification: 'truePositive',
      determination: 'multiStagedAttack',
    });
    expect(MachineActionSchema.parse({ id: 'a', status: 'succeeded', type: 'isolate' })).toMatchObject({
      status: 'Succeeded',
      type: 'Isolate',
    });
  });
  it('keep unknown enum members and unknown fields instead of failing', () => {
    const i = IncidentSchema.parse({
      id: '1',
      status: 'someNewStatus',
      brandNewField: { x: 1 },
      comments: null,
    });
    expect(i.status).toBe('someNewStatus');
    expect((i as Record<string, unknown>).brandNewField).toEqual({ x: 1 });
  });
  it('still reject a wrong type where it matters', () => {
    expect(IncidentSchema.safeParse({ id: 5 }).success).toBe(false);
    expect(page(IncidentSchema).safeParse({ value: 'nope' }).success).toBe(false);
  });
  it('hunting results parse in Graph and MDE casing', () => {
    const graph = HuntingResultSchema.parse({
      schema: [{ name: 'A', type: 'String' }],
      results: [{ A: 'x' }],
    });
    const mde = HuntingResultSchema.parse({
      Schema: [{ Name: 'A', Type: 'String' }],
      Results: [{ A: 'x' }],
      Stats: {},
    });
    expect(mde.schema).toEqual(graph.schema);
    expect(mde.results).toEqual(graph.results);
  });
  it('hunting rows must be objects, and are kept as they came (not cloned)', () => {
    const row = { A: 'x' };
    expect(HuntingResultSchema.parse({ schema: [], results: [row] }).results[0]).toBe(row);
    for (const bad of [['x'], [null], [[1]]]) {
      expect(HuntingResultSchema.safeParse({ schema: [], results: bad }).success).toBe(false);
    }
  });
  it('invokeAction result with or without the documented value wrapper', () => {
    const flat = InvokeActionResultSchema.parse({
      accountId: 'a',
      action: 'Disable',
      identityProvider: 'ActiveDirectory',
      correlationId: 'c',
    });
    const wrapped = InvokeActionResultSchema.parse({
      value: { accountId: 'a', action: 'disable', provider: 'activeDirectory', correlationId: 'c' },
    });
    expect(flat).toMatchObject({ action: 'disable', identityProvider: 'activeDirectory' });
    expect(wrapped).toMatchObject({ action: 'disable', provider: 'activeDirectory' });
  });
});
