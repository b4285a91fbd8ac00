import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../src/kernel/errors.js';
import { defineTool } from '../../src/kernel/tool-definition.js';
import { Tool } from '../../src/kernel/tools.js';
import type { ToolOptions } from '../../src/kernel/types.js';

const base: ToolOptions = {
  name: 'do_thing',
  title: 'Do thing',
  description: 'Does the thing.',
  input: z.object({ id: z.string().describe('Which thing.') }),
  output: z.object({ ok: z.boolean() }),
  risk: 'read',
  idempotent: true,
};

/** A decorated class with `base` changed by `overrides`; write tiers get a preview(). */
function toolWith(overrides: Partial<ToolOptions> & Record<string, unknown>, withPreview = true) {
  const options = { ...base, ...overrides } as ToolOptions;
  class Candidate {
    async execute() {
      return { ok: true };
    }
  }
  if (withPreview)
    Object.assign(Candidate.prototype, { preview: async () => ({ summary: 's', changes: [] }) });
  Tool(options)(Candidate);
  return Candidate;
}

function problems(candidate: unknown): readonly string[] {
  try {
    defineTool(candidate, 'fixture', 0);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the tool to be refused');
}

describe('tool registration rules', () => {
  it('accepts a well-formed tool and makes its input strict without touching the original', () => {
    const definition = defineTool(toolWith({}), 'fixture', 0);
    expect(definition.input.safeParse({ id: 'a', other: 1 }).success).toBe(false);
    expect(base.input.safeParse({ id: 'a', other: 1 }).success).toBe(true);
    expect(definition.input.shape.id.description).toBe('Which thing.');
  });

  it('rejects unknown keys at every depth', () => {
    const input = z.object({
      filter: z
        .object({ range: z.object({ from: z.string().describe('Start.') }).describe('Range.') })
        .optional()
        .describe('Filter.'),
      items: z.array(z.object({ v: z.number().describe('Value.') })).describe('Items.'),
      choice: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('a').describe('Kind.') }),
          z.object({ kind: z.literal('b').describe('Kind.'), n: z.number().describe('N.') }),
        ])
        .optional()
        .describe('A choice.'),
    });
    const strict = defineTool(toolWith({ input }), 'fixture', 0).input;
    expect(strict.safeParse({ filter: { range: { from: 'x' } }, items: [{ v: 1 }] }).success).toBe(true);
    expect(strict.safeParse({ filter: { range: { from: 'x', to: 'y' } }, items: [] }).success).toBe(false);
    expect(strict.safeParse({ filter: { range: { from: 'x' }, x: 1 }, items: [] }).success).toBe(false);
    expect(strict.safeParse({ items: [{ v: 1, w: 2 }] }).success).toBe(false);
    expect(strict.safeParse({ items: [], choice: { kind: 'b', n: 1, m: 2 } }).success).toBe(false);
  });

  it('names every undescribed field, at any depth', () => {
    const input = z.object({
      top: z.string(),
      nested: z.object({ inner: z.number(), ok: z.number().describe('Fine.') }).describe('Nested.'),
      list: z.array(z.object({ deep: z.boolean() })).describe('List.'),
      optional: z.string().optional(),
    });
    expect(problems(toolWith({ input }))).toEqual([
      'input.top: every field needs .describe()',
      'input.nested.inner: every field needs .describe()',
      'input.list[].deep: every field needs .describe()',
      'input.optional: every field needs .describe()',
    ]);
  });

  it('counts a description on either side of optional/default as described', () => {
    const input = z.object({
      a: z.string().describe('A.').optional(),
      b: z.string().optional().describe('B.'),
      c: z.number().default(1).describe('C.'),
    });
    expect(() => defineTool(toolWith({ input }), 'fixture', 0)).not.toThrow();
  });

  it.each([
    ['Upper', 'name'],
    ['has-dash', 'name'],
    ['9starts_with_digit', 'name'],
    [`a${'b'.repeat(64)}`, 'name'],
  ])('rejects the name %s', (name, field) => {
    expect(problems(toolWith({ name }))[0]).toMatch(new RegExp(`^${field}: `));
  });

  it('requires a risk tier, a title, a description and idempotent', () => {
    expect(problems(toolWith({ risk: undefined }))).toContain(
      'risk: required, one of read, write, destructive',
    );
    expect(problems(toolWith({ risk: 'dangerous' as never }))[0]).toMatch(/^risk: /);
    expect(problems(toolWith({ title: ' ' }))).toContain('title: required');
    expect(problems(toolWith({ description: '' }))).toContain('description: required');
    expect(problems(toolWith({ idempotent: undefined }))).toContain('idempotent: required, true or false');
  });

  it('requires zod objects for input and output', () => {
    expect(problems(toolWith({ input: z.string() as never }))).toContain('input: must be a zod object');
    expect(problems(toolWith({ output: { ok: true } as never }))).toContain('output: must be a zod object');
  });

  it('requires preview() on write and destructive tools, and reserves confirmationToken', () => {
    expect(problems(toolWith({ risk: 'write' }, false))).toContain('preview(): required for write tools');
    expect(problems(toolWith({ risk: 'destructive' }, false))).toContain(
      'preview(): required for destructive tools',
    );
    const input = z.object({ confirmationToken: z.string().describe('Mine.') });
    expect(problems(toolWith({ input }))).toContain('input.confirmationToken: reserved for the kernel');
  });

  it('refuses a class without @Tool and intersections it cannot make strict', () => {
    expect(problems(class Plain {})).toEqual(['tools[0]: decorate the class with @Tool({...})']);
    const input = z.object({
      both: z
        .object({ a: z.string().describe('A.') })
        .and(z.object({ b: z.string().describe('B.') }))
        .describe('Both.'),
    });
    expect(problems(toolWith({ input }))[0]).toMatch(/^input\.both&0: must reject unknown keys/);
  });

  it('refuses schemas that clients cannot get as JSON Schema', () => {
    const input = z.object({ since: z.date().describe('Since.') });
    const output = z.object({ n: z.string().transform(Number) });
    expect(problems(toolWith({ input, output }))).toEqual([
      'input: cannot be expressed as JSON Schema (Date cannot be represented in JSON Schema)',
      'output: cannot be expressed as JSON Schema (Transforms cannot be represented in JSON Schema)',
    ]);
  });
});

describe('a tool’s declared default rate', () => {
  it('is accepted when positive whole numbers, refused otherwise', () => {
    expect(() =>
      defineTool(toolWith({ rateLimit: { perMinute: 10, perHour: 100 } }), 'fixture', 0),
    ).not.toThrow();
    for (const rateLimit of [{ perMinute: 0 }, { perMinute: 1.5 }, { perMinute: 5, perHour: -1 }]) {
      expect(problems(toolWith({ rateLimit }))).toContain(
        'rateLimit: perMinute (and perHour, if given) positive integers',
      );
    }
  });
});
