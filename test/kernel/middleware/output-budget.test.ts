import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ToolError } from '../../../src/kernel/errors.js';
import { outputBudgetMiddleware, sizeBound } from '../../../src/kernel/middleware/output-budget.js';
import { fakeCall, rejection, spyNext, textResult } from '../../helpers/fake-tool-call.js';

const BUDGET = 2048;
const budgeted = outputBudgetMiddleware({ outputBudgetBytes: BUDGET });
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const texts = (result: CallToolResult) => result.content.map((item) => (item as { text: string }).text);

describe('output-budget middleware', () => {
  it('passes results within budget unchanged', async () => {
    const result = textResult('small', { items: [1, 2, 3] });
    const call = fakeCall();
    expect(
      await budgeted(
        call,
        spyNext(async () => result),
      ),
    ).toBe(result);
    expect(call.notes.truncated).toBeUndefined();
  });

  it('cuts long text with a notice saying how much was dropped and how to narrow the request', async () => {
    const call = fakeCall();
    const original = textResult('x'.repeat(10_000));
    const result = await budgeted(
      call,
      spyNext(async () => original),
    );
    expect(size(result)).toBeLessThanOrEqual(BUDGET);
    const [kept, notice] = texts(result);
    expect(kept).toMatch(/^x+$/);
    expect(notice).toMatch(/Output truncated: \d+ of \d+ bytes were dropped/);
    expect(notice).toContain('Narrow the request');
    const dropped = Number(/truncated: (\d+)/.exec(notice ?? '')?.[1]);
    expect(dropped).toBeGreaterThan(10_000 - BUDGET);
    expect(call.notes.truncated).toMatchObject({ originalBytes: size(original) });
  });

  it('stays within budget for text that grows when escaped, without splitting characters', async () => {
    const result = await budgeted(
      fakeCall(),
      spyNext(async () => textResult('"\n\u0001😀'.repeat(2000))),
    );
    expect(size(result)).toBeLessThanOrEqual(BUDGET);
    expect(texts(result)[0]).not.toMatch(/[\ud800-\udbff]$/);
  });

  it('keeps structured content whole and cuts only its text copy', async () => {
    const structured = { rows: Array.from({ length: 40 }, (_, i) => ({ id: i })) };
    const result = await budgeted(
      fakeCall(),
      spyNext(async () => textResult(JSON.stringify(structured).repeat(10), structured)),
    );
    expect(result.structuredContent).toEqual(structured);
    expect(size(result)).toBeLessThanOrEqual(BUDGET);
    expect(texts(result).at(-1)).toContain('Output truncated');
  });

  it('refuses a read result whose structured part alone is over budget, and notes it', async () => {
    const call = fakeCall();
    const structured = { rows: Array.from({ length: 500 }, (_, i) => ({ id: i })) };
    const error = (await rejection(
      budgeted(
        call,
        spyNext(async () => textResult('rows', structured)),
      ),
    )) as ToolError;
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('output budget');
    expect(error.details).toMatchObject({ reason: 'output_too_large', budgetBytes: BUDGET });
    expect(call.notes.truncated).toMatchObject({ structuredOverBudget: true });
  });

  it('still reports an applied write whose result is over budget, without the result', async () => {
    const call = fakeCall({ tool: { tier: 'write' } });
    call.notes.phase = 'executed';
    const structured = { phase: 'executed', result: { log: 'y'.repeat(5000) } };
    const result = await budgeted(
      call,
      spyNext(async () => textResult('done', structured)),
    );
    expect(result.structuredContent).toEqual({ phase: 'executed' });
    expect(texts(result)[0]).toContain('was applied');
  });

  it('drops an oversized image rather than cutting it', async () => {
    const image = { type: 'image' as const, data: 'A'.repeat(5000), mimeType: 'image/png' };
    const result = await budgeted(
      fakeCall(),
      spyNext(async () => ({ content: [{ type: 'text', text: 'a' }, image] })),
    );
    expect(result.content.map((item) => item.type)).toEqual(['text', 'text']);
  });
});

describe('the size bound that spares small results a second serialization', () => {
  it('is never below the exact UTF-8 size of the JSON (escapes, astral and lone surrogates, odd values)', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      stringUnit: 'binary',
    });
    fc.assert(
      fc.property(anything, (value) => {
        const text = JSON.stringify(value);
        if (text === undefined) return;
        expect(sizeBound(value, Number.POSITIVE_INFINITY, 0)).toBeGreaterThanOrEqual(Buffer.byteLength(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives up over the limit, on a cycle, and on values it cannot bound', () => {
    expect(sizeBound({ text: 'x'.repeat(100) }, 50, 0)).toBe(Number.POSITIVE_INFINITY);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(sizeBound(cycle, Number.POSITIVE_INFINITY, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(sizeBound({ n: 1n }, Number.POSITIVE_INFINITY, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('measures a result whose bound is over budget exactly, so one that fits is still passed whole', async () => {
    // ~1,500 bytes of JSON, bounded at over 6 times that: the exact size decides.
    const result = textResult('a'.repeat(1500));
    const call = fakeCall();
    expect(
      await budgeted(
        call,
        spyNext(async () => result),
      ),
    ).toBe(result);
    expect(call.notes.truncated).toBeUndefined();
  });
});
