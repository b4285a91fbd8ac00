import { container, inject } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readToolOptions, Tool } from '../../src/kernel/tools.js';
import type { ToolContext } from '../../src/kernel/types.js';

const GREETING = Symbol('greeting');
const options = {
  name: 'greet',
  title: 'Greet',
  description: 'Says hello.',
  input: z.object({ who: z.string().describe('Whom to greet.') }),
  output: z.object({ text: z.string() }),
  risk: 'read',
  idempotent: true,
} as const;

@Tool(options)
class Greet {
  constructor(@inject(GREETING) private readonly greeting: string) {}
  async execute(input: { who: string }, _ctx: ToolContext) {
    return { text: `${this.greeting} ${input.who}` };
  }
}

class Undecorated {
  async execute() {
    return {};
  }
}

class Subclass extends Greet {}

describe('@Tool', () => {
  it('stores the options on the class', () => {
    expect(readToolOptions(Greet)).toBe(options);
  });

  it('reads nothing from an undecorated class, a subclass or a non-class', () => {
    expect(readToolOptions(Undecorated)).toBeUndefined();
    expect(readToolOptions(Subclass)).toBeUndefined();
    expect(readToolOptions({ name: 'greet' })).toBeUndefined();
  });

  it('makes the class resolvable by explicit tokens without decorator metadata', async () => {
    const child = container.createChildContainer();
    child.register(GREETING, { useValue: 'hello' });
    const tool = child.resolve(Greet);
    await expect(tool.execute({ who: 'ada' }, {} as ToolContext)).resolves.toEqual({ text: 'hello ada' });
  });
});
