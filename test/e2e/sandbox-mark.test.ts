import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_META_KEY, SANDBOX_NOTICE } from '../../src/cli/sandbox/mark.js';
import { tempDir } from '../cli/run-cli.js';
import { type SandboxChild, startSandboxHttp } from './sandbox-child.js';

/**
 * The README promises that every sandbox result says it is emulated data. A preview shows emulated
 * state and an error may name an emulated tenant: they are marked too, not only tool output.
 */
function expectMarked(result: CallToolResult) {
  expect(result._meta?.[SANDBOX_META_KEY]).toBe(true);
  expect(result.content[0]).toEqual({ type: 'text', text: SANDBOX_NOTICE });
}

const textOf = (result: CallToolResult) =>
  result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');

describe('mcp-xdr sandbox marks every result', () => {
  let sandbox: SandboxChild;
  beforeAll(async () => {
    const config = {
      plugins: { hunting: true },
      // Hunting raised to write: every call previews first (the generic preview of a raised tool).
      policy: { maxTier: 'write', tierRaise: { run_hunting_query: 'write' } },
      audit: { stderr: false },
    };
    const file = join(tempDir({ 'mcp-xdr.config.json': JSON.stringify(config) }), 'mcp-xdr.config.json');
    sandbox = await startSandboxHttp(['--config', file]);
  });
  afterAll(async () => {
    await sandbox?.client.close();
    await sandbox?.stop();
  });

  it('marks a preview, and its wording does not repeat the title’s verb', async () => {
    const preview = await sandbox.call('run_hunting_query', { query: 'DeviceInfo | take 1' });
    expect(preview.isError).toBeFalsy();
    expectMarked(preview);
    expect(textOf(preview)).not.toMatch(/Run Run/);
    expect(textOf(preview)).toContain('run_hunting_query ("Run advanced hunting query")');
  });

  it('marks validation errors, refusals and upstream errors', async () => {
    expectMarked(await sandbox.call('run_hunting_query', { query: 7 }));
    expectMarked(await sandbox.call('run_hunting_query', { query: 'DeviceInfo', tenant: 'nowhere' }));
    expectMarked(await sandbox.call('get_hunting_schema', { table: 'NoSuchTable' }));
  });

  it('marks ordinary results as before', async () => {
    expectMarked(await sandbox.call('get_hunting_schema', {}));
  });
});
