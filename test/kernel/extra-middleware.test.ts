import { describe, expect, it } from 'vitest';
import type { ToolMiddleware } from '../../src/kernel/types.js';
import { connect, fixtureKernel } from '../helpers/kernel-client.js';

const NOTES = { './plugins/notes': true };

describe('createKernel extraMiddleware', () => {
  it('runs innermost: after validation and the policy, around the tool, and may change its result', async () => {
    const seen: { tool: string; args: unknown }[] = [];
    const mark: ToolMiddleware = async (call, next) => {
      seen.push({ tool: call.tool.name, args: call.args });
      const result = await next();
      return { ...result, _meta: { ...result._meta, marked: true } };
    };
    const kernel = await fixtureKernel(
      {
        plugins: NOTES,
        policy: { maxTier: 'write', rateLimits: { tools: { list_notes: { perMinute: 1 } } } },
      },
      { extraMiddleware: [mark] },
    );
    const { client, close } = await connect(kernel);
    try {
      const listed = await client.callTool({ name: 'list_notes', arguments: { tag: 'x' } });
      expect(listed.isError).toBeFalsy();
      expect(listed._meta).toMatchObject({ marked: true });
      // Validation ran first: the middleware saw the parsed arguments with their defaults.
      expect(seen).toEqual([{ tool: 'list_notes', args: { tag: 'x', limit: 10 } }]);

      // Refused by the policy (rate limit) or by validation: the tool's surroundings never ran.
      const limited = await client.callTool({ name: 'list_notes', arguments: {} });
      expect(limited.isError).toBe(true);
      const invalid = await client.callTool({ name: 'add_note', arguments: { text: 7 } });
      expect(invalid.isError).toBe(true);
      // A write call without a token only previews: the tool does not run, so neither does the middleware.
      const preview = await client.callTool({ name: 'add_note', arguments: { text: 'hello' } });
      expect(preview.isError).toBeFalsy();
      expect(preview._meta?.marked).toBeUndefined();
      expect(seen).toHaveLength(1);
    } finally {
      await close();
      await kernel.close();
    }
  });

  it('composes several in order, the first outermost', async () => {
    const order: string[] = [];
    const step =
      (name: string): ToolMiddleware =>
      async (_call, next) => {
        order.push(`${name} in`);
        const result = await next();
        order.push(`${name} out`);
        return result;
      };
    const kernel = await fixtureKernel({ plugins: NOTES }, { extraMiddleware: [step('a'), step('b')] });
    const { client, close } = await connect(kernel);
    try {
      await client.callTool({ name: 'list_notes', arguments: {} });
      expect(order).toEqual(['a in', 'b in', 'b out', 'a out']);
    } finally {
      await close();
      await kernel.close();
    }
  });
});
