import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { changesOnly, compose, composeByTier } from '../../src/kernel/pipeline.js';
import type { ToolCall, ToolMiddleware } from '../../src/kernel/types.js';
import { fakeCall, textResult } from '../helpers/fake-tool-call.js';

const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;

/** A middleware that records entering and leaving, and tags the result on the way out. */
function traced(name: string, trace: string[]): ToolMiddleware {
  return async (_call, next) => {
    trace.push(`${name}>`);
    const result = await next();
    trace.push(`<${name}`);
    return textResult(`${name}(${text(result)})`);
  };
}

describe('compose', () => {
  it('runs middlewares as an onion around the handler, first outermost', async () => {
    const trace: string[] = [];
    const run = compose([traced('a', trace), traced('b', trace)], async () => {
      trace.push('tool');
      return textResult('x');
    });
    expect(text(await run(fakeCall()))).toBe('a(b(x))');
    expect(trace).toEqual(['a>', 'b>', 'tool', '<b', '<a']);
  });

  it('lets a middleware answer without calling next (the tool does not run)', async () => {
    let ran = false;
    const refuse: ToolMiddleware = async () => textResult('refused');
    const run = compose([refuse], async () => {
      ran = true;
      return textResult('x');
    });
    expect(text(await run(fakeCall()))).toBe('refused');
    expect(ran).toBe(false);
  });

  it('fails when a middleware calls next() twice, so the tool never runs twice', async () => {
    let runs = 0;
    const twice: ToolMiddleware = async (_call, next) => {
      await next();
      return next();
    };
    const run = compose([twice], async () => {
      runs += 1;
      return textResult('x');
    });
    await expect(run(fakeCall())).rejects.toThrow('next() called multiple times');
    expect(runs).toBe(1);
  });

  it('propagates errors outward, where an outer middleware can see them', async () => {
    const seen: unknown[] = [];
    const outer: ToolMiddleware = async (_call, next) => {
      try {
        return await next();
      } catch (error) {
        seen.push(error);
        throw error;
      }
    };
    const syncThrow: ToolMiddleware = () => {
      throw new Error('sync');
    };
    await expect(compose([outer, syncThrow], async () => textResult('x'))(fakeCall())).rejects.toThrow(
      'sync',
    );
    expect(seen).toHaveLength(1);
  });

  it('shares one call object: what a middleware sets, the next ones and the tool see', async () => {
    const setArgs: ToolMiddleware = async (call, next) => {
      call.args = { id: 7 };
      call.notes.by = 'setArgs';
      return next();
    };
    let seen: ToolCall | undefined;
    await compose([setArgs], async (call) => {
      seen = call;
      return textResult('x');
    })(fakeCall({ unvalidated: true }));
    expect(seen?.args).toEqual({ id: 7 });
    expect(seen?.notes).toEqual({ by: 'setArgs' });
  });

  it('can be run again: each run has its own next() bookkeeping', async () => {
    const run = compose([async (_call, next) => next()], async () => textResult('x'));
    await run(fakeCall());
    await expect(run(fakeCall())).resolves.toBeDefined();
  });
});

describe('composeByTier', () => {
  const chain = (trace: string[]) =>
    composeByTier(
      [traced('audit', trace), changesOnly(traced('confirm', trace)), traced('limit', trace)],
      async () => {
        trace.push('tool');
        return textResult('x');
      },
    );

  it('runs every step, in order, for a write call', async () => {
    const trace: string[] = [];
    const result = await chain(trace)(fakeCall({ tool: { tier: 'write' } }));
    expect(text(result)).toBe('audit(confirm(limit(x)))');
    expect(trace).toEqual(['audit>', 'confirm>', 'limit>', 'tool', '<limit', '<confirm', '<audit']);
  });

  it('leaves the steps that act on changes only out of a read call, the others in their order', async () => {
    const trace: string[] = [];
    const result = await chain(trace)(fakeCall({ tool: { tier: 'read' } }));
    expect(text(result)).toBe('audit(limit(x))');
    expect(trace).toEqual(['audit>', 'limit>', 'tool', '<limit', '<audit']);
  });

  it('turns a step that throws instead of rejecting into a rejection the outer steps see', async () => {
    const seen: unknown[] = [];
    const outer: ToolMiddleware = async (_call, next) =>
      next().catch((error: unknown) => {
        seen.push(error);
        return textResult('caught');
      });
    const throwing = (() => {
      throw new Error('sync');
    }) as unknown as ToolMiddleware;
    const run = composeByTier([outer, throwing], async () => textResult('x'));
    expect(text(await run(fakeCall()))).toBe('caught');
    expect(seen).toEqual([new Error('sync')]);
  });
});
