import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Tool, type ToolContext } from '../../src/kernel/index.js';
import { readToolOptions } from '../../src/kernel/tool-decorator.js';

/**
 * Type-level checks, enforced by `npm run typecheck` (tsc over test/): `@Tool` ties `execute` to its
 * schemas. Each `@ts-expect-error` below fails the type check if the mismatch under it compiles.
 */
const Input = z.object({
  machineId: z.string().describe('Device id.'),
  top: z.number().default(10).describe('How many.'),
});
const Output = z.object({ count: z.number().describe('How many were found.') });
const common = {
  title: 'T',
  description: 'D',
  input: Input,
  output: Output,
  risk: 'read',
  idempotent: true,
} as const;

@Tool({ name: 'agrees', ...common })
class Agrees {
  // The parsed input: `top` is a number (its default applied), not optional.
  async execute(input: { machineId: string; top: number }, _ctx: ToolContext) {
    return { count: input.top };
  }
}

// @ts-expect-error execute's parameter disagrees with the input schema (machineId is a string)
@Tool({ name: 'wrong_input', ...common })
class WrongInput {
  async execute(input: { machineId: number }) {
    return { count: input.machineId };
  }
}

// @ts-expect-error execute's result disagrees with the output schema (count is a number)
@Tool({ name: 'wrong_output', ...common })
class WrongOutput {
  async execute() {
    return { count: 'many' };
  }
}

describe('@Tool typing', () => {
  it('still records the options of every class (the checks above are at compile time)', () => {
    expect([Agrees, WrongInput, WrongOutput].map((c) => readToolOptions(c)?.name)).toEqual([
      'agrees',
      'wrong_input',
      'wrong_output',
    ]);
  });
});
