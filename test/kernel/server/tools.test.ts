import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../../src/kernel/kernel.js';
import type { Logger } from '../../../src/kernel/logger.js';
import { INTERNAL_MESSAGE } from '../../fixtures/plugins/faults/index.js';
import { type Connected, confirmAndCall, connect, fixtureKernel } from '../../helpers/kernel-client.js';

function text(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

const errorMeta = (result: CallToolResult) => result._meta?.['mcp-xdr/error'];

describe('tools through a real SDK client', () => {
  let kernel: Kernel;
  let session: Connected;
  const logged: Record<string, unknown>[] = [];
  const warned: Record<string, unknown>[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (data) => void warned.push(data),
    error: (data) => void logged.push(data),
  };

  beforeEach(async () => {
    logged.length = 0;
    warned.length = 0;
    kernel = await fixtureKernel(
      {
        plugins: { './plugins/notes': { options: { maxNotes: 2 } }, './plugins/faults': true },
        policy: { maxTier: 'write' },
      },
      { logger },
    );
    session = await connect(kernel);
  });
  afterEach(async () => {
    await session.close();
    await kernel.close();
  });

  it('lists only enabled tools, with annotations and _meta derived from the tier', async () => {
    const { tools } = await session.client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual([
      'add_note',
      'fail_internally',
      'fail_politely',
      'list_notes',
      'return_wrong_shape',
    ]);
    expect(byName.get('list_notes')?.annotations).toEqual({
      title: 'List notes',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(byName.get('add_note')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(byName.get('add_note')?._meta).toEqual({ 'mcp-xdr/tier': 'write', 'mcp-xdr/plugin': 'notes' });
    expect(byName.get('fail_politely')?.annotations?.openWorldHint).toBe(true);
  });

  it('lists strict JSON Schemas; write tools get confirmationToken and the preview/executed envelope', async () => {
    const { tools } = await session.client.listTools();
    const list = tools.find((tool) => tool.name === 'list_notes');
    const add = tools.find((tool) => tool.name === 'add_note');
    expect(list?.inputSchema).toMatchObject({
      additionalProperties: false,
      properties: { filter: { additionalProperties: false } },
    });
    expect(list?.inputSchema.properties).not.toHaveProperty('confirmationToken');
    expect(add?.inputSchema.properties).toHaveProperty('confirmationToken');
    expect(add?.inputSchema.required).toEqual(['text']);
    expect(add?.outputSchema?.properties).toHaveProperty('phase');
    expect(add?.outputSchema?.properties).toHaveProperty('preview');
  });

  it('calls a read tool: structuredContent plus the tool’s own text', async () => {
    const result = (await session.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ notes: [] });
    expect(text(result)).toBe('No notes.');
  });

  it('previews a write tool first, then runs it with the token removed and wraps its result as executed', async () => {
    const preview = (await session.client.callTool({
      name: 'add_note',
      arguments: { text: 'hello' },
    })) as CallToolResult;
    expect(preview.structuredContent).toMatchObject({
      phase: 'preview',
      preview: { summary: 'Add a note with 0 tag(s).' },
    });
    const result = await confirmAndCall(session.client, 'add_note', { text: 'hello' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ phase: 'executed', result: { id: 1 } });
    const list = (await session.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
    expect(list.structuredContent).toEqual({ notes: [{ id: 1, text: 'hello', tags: [] }] });
  });

  it('refuses a withheld tool and an unknown tool with the same error', async () => {
    const withheld = await session.client
      .callTool({ name: 'delete_all_notes', arguments: {} })
      .catch((e) => e);
    const unknown = await session.client.callTool({ name: 'no_such_tool', arguments: {} }).catch((e) => e);
    expect(withheld).toBeInstanceOf(Error);
    expect(unknown).toBeInstanceOf(Error);
    expect(withheld.message).toBe(unknown.message);
    expect(withheld.code).toBe(unknown.code);
    // The operator's log still records both attempts.
    expect(warned.filter((w) => w.tool !== undefined).map((w) => w.tool)).toEqual([
      'delete_all_notes',
      'no_such_tool',
    ]);
  });

  it('answers invalid input with validation_error naming the fields, never the values', async () => {
    const result = (await session.client.callTool({
      name: 'list_notes',
      arguments: { limit: 'SECRET-VALUE-1', filter: { contains: 'x', extra: 'SECRET-VALUE-2' }, bogus: 1 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(errorMeta(result)).toMatchObject({ code: 'validation_error' });
    expect(text(result)).toMatch(/^validation_error: /);
    expect(text(result)).toContain('limit');
    expect(text(result)).toContain('filter.extra');
    expect(text(result)).toContain('bogus');
    expect(text(result)).not.toContain('SECRET-VALUE');
  });

  it('rejects confirmationToken on a read tool as an unknown field', async () => {
    const result = (await session.client.callTool({
      name: 'list_notes',
      arguments: { confirmationToken: 'x' },
    })) as CallToolResult;
    expect(errorMeta(result)).toMatchObject({ code: 'validation_error' });
  });

  it('turns a ToolError into isError with code, retryAfter and hint', async () => {
    const result = (await session.client.callTool({
      name: 'fail_politely',
      arguments: {},
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('rate_limited: Too many calls. (Wait 7 s.)');
    expect(errorMeta(result)).toEqual({ code: 'rate_limited', retryAfter: 7, hint: 'Wait 7 s.' });
  });

  it('turns any other error into internal_error with a correlation id and no leak', async () => {
    const result = (await session.client.callTool({
      name: 'fail_internally',
      arguments: {},
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    const meta = errorMeta(result) as { code: string; correlationId: string };
    expect(meta.code).toBe('internal_error');
    expect(text(result)).toContain(meta.correlationId);
    expect(JSON.stringify(result)).not.toContain('sk0123456789abcdef');
    expect(JSON.stringify(result)).not.toContain('internal/db.ts');
    // The operator's log has the detail, with the secret redacted.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ callId: meta.correlationId, tool: 'fail_internally' });
    expect(String(logged[0]?.error)).toContain('/srv/internal/db.ts');
    expect(String(logged[0]?.error)).not.toContain('sk0123456789abcdef');
    expect(INTERNAL_MESSAGE).toContain('sk0123456789abcdef');
  });

  it('treats output that breaks the tool’s own schema as an internal error', async () => {
    const result = (await session.client.callTool({
      name: 'return_wrong_shape',
      arguments: {},
    })) as CallToolResult;
    expect(errorMeta(result)).toMatchObject({ code: 'internal_error' });
  });

  it('gives every session its own server', async () => {
    const other = await connect(kernel);
    try {
      const [a, b] = await Promise.all([session.client.listTools(), other.client.listTools()]);
      expect(a.tools.map((t) => t.name)).toEqual(b.tools.map((t) => t.name));
    } finally {
      await other.close();
    }
  });

  it('serves the enabled plugins’ prompts and resources', async () => {
    const prompt = await session.client.getPrompt({ name: 'summarize_notes', arguments: { tag: 'x' } });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Summarize the notes tagged x.' });
    const resource = await session.client.readResource({ uri: 'notes://readme' });
    expect(resource.contents[0]).toMatchObject({ text: 'Notes live in memory.', mimeType: 'text/plain' });
  });
});

describe('a read tool the operator raised to write', () => {
  it('runs in two phases with a generic preview, and answers in the write envelope', async () => {
    const kernel = await fixtureKernel({
      plugins: { './plugins/notes': true },
      policy: { maxTier: 'write', tierRaise: { list_notes: 'write' } },
    });
    const session = await connect(kernel);
    try {
      const first = (await session.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
      expect(first.structuredContent).toMatchObject({
        phase: 'preview',
        preview: {
          summary:
            'Confirm before list_notes ("List notes") runs: the operator raised it to the write tier, so it needs confirmation.',
          changes: [],
        },
      });
      const done = await confirmAndCall(session.client, 'list_notes', {});
      expect(done.structuredContent).toEqual({ phase: 'executed', result: { notes: [] } });
    } finally {
      await session.close();
      await kernel.close();
    }
  });
});
