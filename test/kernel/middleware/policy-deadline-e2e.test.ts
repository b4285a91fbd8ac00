import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createKernel } from '../../../src/kernel/kernel.js';
import { silentLogger } from '../../../src/kernel/logger.js';
import { connect } from '../../helpers/kernel-client.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { abortedRequests } from './e2e-plugins/stall/index.js';

const tempDir = useTempDir('mcp-xdr-deadline-e2e-');

async function stallKernel(auditFile: string) {
  return createKernel({
    config: {
      plugins: { './stall': true },
      policy: { timeouts: { tools: { stall: 50 } } },
      audit: { stderr: false, file: auditFile },
    },
    configDir: join(import.meta.dirname, 'e2e-plugins'),
    logger: silentLogger,
  });
}

async function auditRecords(file: string, count: number): Promise<Record<string, unknown>[]> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    if (lines.length >= count) return lines.map((line) => JSON.parse(line));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} audit records in ${file}`);
}

describe('deadlines and cancellation through a real SDK client', () => {
  it('ends a call at its deadline even though the tool ignores its signal', async () => {
    const auditFile = join(tempDir(), 'audit.jsonl');
    const kernel = await stallKernel(auditFile);
    const session = await connect(kernel);
    try {
      // 60 s is past the test timeout: only the deadline can end this call in time.
      const result = (await session.client.callTool({
        name: 'stall',
        arguments: { ms: 60_000 },
      })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(result._meta?.['mcp-xdr/error']).toMatchObject({ code: 'timeout' });
      expect((await auditRecords(auditFile, 1))[0]).toMatchObject({ outcome: 'error', errorCode: 'timeout' });
    } finally {
      await session.close();
      await kernel.close();
    }
  });

  it('aborts the tool’s signal and ends the call when the client cancels', async () => {
    const auditFile = join(tempDir(), 'audit.jsonl');
    const kernel = await stallKernel(auditFile);
    const session = await connect(kernel);
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort('user pressed stop'), 10);
      const pending = session.client.callTool({ name: 'stall', arguments: { ms: 40 } }, undefined, {
        signal: controller.signal,
      });
      await expect(pending).rejects.toThrow();
      const [record] = await auditRecords(auditFile, 1);
      expect(record).toMatchObject({ tool: 'stall', outcome: 'cancelled', errorCode: 'cancelled' });
      expect(abortedRequests.length).toBeGreaterThan(0);
    } finally {
      await session.close();
      await kernel.close();
    }
  });
});
