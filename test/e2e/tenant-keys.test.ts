import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { startXdr, type XdrHarness } from '../helpers/xdr-harness.js';

/**
 * Everything the kernel keys by tenant (rate limits, audit records, confirmation tokens) uses the
 * tenant the call resolves to, through a real client, the Defender layer and the emulator: spelling
 * the same tenant differently (omitted, its key, "*") is one budget, one record, one binding.
 */
const tempDir = useTempDir('mcp-xdr-tenant-keys-');
const QUERY = 'DeviceInfo | take 1';
const errorCode = (result: CallToolResult) =>
  (result._meta?.['mcp-xdr/error'] as { code?: string } | undefined)?.code;

const open: XdrHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((xdr) => xdr.close()));
});

async function start(
  config: Record<string, unknown>,
  capabilities?: Parameters<typeof startXdr>[0]['capabilities'],
): Promise<XdrHarness> {
  const xdr = await startXdr({ plugins: { hunting: true }, config, capabilities });
  open.push(xdr);
  return xdr;
}

const huntsOn = (xdr: XdrHarness, tenant: string) =>
  xdr.emulator.control.counters.requests({ tenant, route: 'POST /v1.0/security/runHuntingQuery' });

function auditRecords(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('tenant-keyed policy uses the resolved tenant', () => {
  it('one rate budget for the default tenant however it is spelled: omitted, its key, "*"', async () => {
    const xdr = await start({ policy: { rateLimits: { tools: { run_hunting_query: { perMinute: 2 } } } } });
    expect((await xdr.call('run_hunting_query', { query: QUERY })).isError).toBeFalsy();
    expect((await xdr.call('run_hunting_query', { query: QUERY, tenant: 'contoso' })).isError).toBeFalsy();
    const third = await xdr.call('run_hunting_query', { query: QUERY, tenant: '*' });
    expect(errorCode(third)).toBe('rate_limited');
    expect(huntsOn(xdr, 'contoso')).toBe(2);
  });

  it('a fan-out counts once against every tenant it reaches', async () => {
    const xdr = await start({ policy: { rateLimits: { tools: { run_hunting_query: { perMinute: 2 } } } } });
    expect((await xdr.call('run_hunting_query', { query: QUERY, tenant: '*' })).isError).toBeFalsy();
    const afterFanOut = huntsOn(xdr, 'fabrikam');
    expect((await xdr.call('run_hunting_query', { query: QUERY, tenant: 'fabrikam' })).isError).toBeFalsy();
    const third = await xdr.call('run_hunting_query', { query: QUERY, tenant: 'fabrikam' });
    expect(errorCode(third)).toBe('rate_limited');
    expect(huntsOn(xdr, 'fabrikam')).toBe(afterFanOut + 1);
  });

  it('audit records name the resolved tenant, and the tenants a fan-out reached', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const xdr = await start({ audit: { stderr: false, file } });
    await xdr.call('run_hunting_query', { query: QUERY });
    await xdr.call('run_hunting_query', { query: QUERY, tenant: '*' });
    await xdr.call('run_hunting_query', { query: QUERY, tenant: 'nope' });
    const [omitted, fanOut, unknown] = auditRecords(file);
    expect(omitted).toMatchObject({ tool: 'run_hunting_query', tenant: 'contoso', outcome: 'ok' });
    expect(omitted).not.toHaveProperty('tenants');
    expect(fanOut).toMatchObject({ tenant: '*', outcome: 'ok' });
    expect(fanOut?.tenants).toEqual(expect.arrayContaining(['contoso', 'fabrikam']));
    expect(unknown).toMatchObject({ tenant: null, outcome: 'refused', errorCode: 'validation_error' });
  });

  it('a confirmation token is bound to the tenant it previewed, not to the spelling of the argument', async () => {
    // Two replicas sharing the signing key, whose configs disagree on the default tenant (a config
    // changed between preview and confirmation): "tenant omitted" reaches different customers.
    process.env.MCP_XDR_CONFIRMATION_SECRET = 'a-shared-secret-of-at-least-thirty-two-characters';
    try {
      const policy = { maxTier: 'write', tierRaise: { run_hunting_query: 'write' } };
      const first = await start({ policy });
      const other = await start({ policy });
      const { tenants } = other.kernel.config as unknown as { tenants: Record<string, unknown> };
      const second = await start({ policy, tenants: { ...tenants, default: 'fabrikam' } });
      const preview = await first.call('run_hunting_query', { query: QUERY });
      const token = (preview.structuredContent as { confirmation: { token: string } }).confirmation.token;
      const elsewhere = await second.call('run_hunting_query', { query: QUERY, confirmationToken: token });
      expect(errorCode(elsewhere)).toBe('confirmation_required');
      expect(elsewhere.content[0]).toMatchObject({ text: expect.stringContaining('a different tenant') });
      expect(huntsOn(second, 'fabrikam')).toBe(0);
      const here = await first.call('run_hunting_query', { query: QUERY, confirmationToken: token });
      expect(here.isError).toBeFalsy();
      expect(huntsOn(first, 'contoso')).toBe(1);
    } finally {
      delete process.env.MCP_XDR_CONFIRMATION_SECRET;
    }
  });

  it('the approval form names the tenant the call resolved to, not "the default tenant"', async () => {
    const policy = {
      maxTier: 'destructive',
      tierRaise: { run_hunting_query: 'destructive' },
    };
    const xdr = await start({ policy }, { elicitation: { form: {} } });
    const messages: string[] = [];
    xdr.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      messages.push(String(request.params.message));
      return { action: 'decline' };
    });
    const preview = await xdr.call('run_hunting_query', { query: QUERY });
    const token = (preview.structuredContent as { confirmation: { token: string } }).confirmation.token;
    const declined = await xdr.call('run_hunting_query', { query: QUERY, confirmationToken: token });
    expect(errorCode(declined)).toBe('approval_denied');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('on tenant contoso?');
    expect(messages[0]).not.toContain('default tenant');
    expect(huntsOn(xdr, 'contoso')).toBe(0);
  });
});
