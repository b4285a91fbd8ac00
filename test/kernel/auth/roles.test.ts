import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { mayApprove, roleGrants } from '../../../src/kernel/auth/roles.js';
import { ConfigError } from '../../../src/kernel/errors.js';
import type { Kernel } from '../../../src/kernel/kernel.js';
import type { Principal } from '../../../src/kernel/types.js';
import { confirmAndCall, connect, fixtureKernel } from '../../helpers/kernel-client.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const ROLES = {
  reader: { maxTier: 'read' },
  responder: { maxTier: 'destructive', tools: { exclude: ['delete_all_notes'] } },
  approver: { maxTier: 'read', mayApprove: true },
} as const;

const tempDir = useTempDir();
const kernels: Kernel[] = [];
afterEach(async () => {
  await Promise.all(kernels.splice(0).map((kernel) => kernel.close()));
});

async function teamKernel(audit: Record<string, unknown> = { stderr: false }) {
  const kernel = await fixtureKernel({
    plugins: { './plugins/notes': true },
    policy: { maxTier: 'destructive', approval: { dangerouslySkipHumanApproval: true } },
    auth: { roles: ROLES },
    audit,
  });
  kernels.push(kernel);
  return kernel;
}

function principal(kernel: Kernel, id: string, role: string): Principal {
  return { id, kind: 'http', role: roleGrants(kernel.config.auth).get(role), authMethod: 'api_key' };
}

describe('roles at tools/list and tools/call', () => {
  it('lists per role: the deployment narrowed by maxTier and tools.exclude', async () => {
    const kernel = await teamKernel();
    const names = async (p?: Principal) => {
      const session = await connect(kernel, { session: p === undefined ? {} : { principal: p } });
      const { tools } = await session.client.listTools();
      await session.close();
      return tools.map((tool) => tool.name).sort();
    };
    expect(await names()).toEqual(['add_note', 'delete_all_notes', 'list_notes']);
    expect(await names(principal(kernel, 'rita', 'reader'))).toEqual(['list_notes']);
    expect(await names(principal(kernel, 'rob', 'responder'))).toEqual(['add_note', 'list_notes']);
  });

  it('refuses a call the role withholds, as for an unknown tool, and nothing is done', async () => {
    const kernel = await teamKernel();
    const reader = await connect(kernel, { session: { principal: principal(kernel, 'rita', 'reader') } });
    await expect(reader.client.callTool({ name: 'add_note', arguments: { text: 'x' } })).rejects.toThrow(
      /Unknown tool/,
    );
    const list = (await reader.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
    expect(list.isError).toBeFalsy();
    expect(JSON.stringify(list.structuredContent)).not.toContain('"x"');
    await reader.close();
  });

  it('audit records carry the principal, its role and how it authenticated', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.jsonl');
    const kernel = await teamKernel({ stderr: false, file });
    const rob = await connect(kernel, { session: { principal: principal(kernel, 'rob', 'responder') } });
    await confirmAndCall(rob.client, 'add_note', { text: 'contained host' });
    await rob.close();
    const records = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.principal).toEqual({ id: 'rob', kind: 'http', role: 'responder', auth: 'api_key' });
    }
  });

  it('a role tool name no plugin has stops the start with its key path', async () => {
    const start = fixtureKernel({
      plugins: { './plugins/notes': true },
      auth: { roles: { reader: { maxTier: 'read', tools: { include: ['list_notez'] } } } },
    });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toMatchObject({
      problems: [expect.stringContaining('auth.roles.reader.tools.include.0')],
    });
  });

  it('an API key naming a role that does not exist is a config error', async () => {
    const start = fixtureKernel({
      plugins: { './plugins/notes': true },
      auth: { roles: ROLES, apiKeys: [{ name: 'x', role: 'admin', hash: `sha256:${'0'.repeat(64)}` }] },
    });
    await expect(start).rejects.toThrow(/no role "admin"/);
  });
});

describe('mayApprove', () => {
  it('follows the role; a principal without a role (local operator) may approve', async () => {
    const kernel = await teamKernel();
    expect(mayApprove(principal(kernel, 'ava', 'approver'))).toBe(true);
    expect(mayApprove(principal(kernel, 'rob', 'responder'))).toBe(false);
    expect(mayApprove({ id: 'local', kind: 'local' })).toBe(true);
  });
});
