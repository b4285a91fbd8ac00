import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { startXdr, type XdrHarness } from '../helpers/xdr-harness.js';

/**
 * A withheld tool stays invisible to the client (answered as a name that does not exist), and so do
 * the prompts that tell the model to call it; the operator still finds the attempt in the audit log.
 */
const tempDir = useTempDir('mcp-xdr-withheld-');
let xdr: XdrHarness | undefined;
afterEach(async () => {
  await xdr?.close();
  xdr = undefined;
});

const HUNTS = [
  'hunt_encoded_powershell',
  'hunt_rare_parent_child',
  'hunt_failed_then_successful_logons',
  'hunt_outbound_rare_ips',
  'hunt_phishing_by_sender_domain',
];

describe('a withheld tool', () => {
  it('withholds the prompts that name it, answers "Unknown tool", and is audited as refused', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    xdr = await startXdr({
      plugins: { hunting: { tools: { exclude: ['run_hunting_query'] } } },
      config: { audit: { stderr: false, file } },
    });
    // The plugin has no other prompt: the server offers no prompts at all.
    expect(xdr.client.getServerCapabilities()?.prompts).toBeUndefined();
    // The schema resources name no tool: they stay.
    const { resources } = await xdr.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('mcp-xdr://hunting/schema');

    const withheld = xdr.call('run_hunting_query', { query: 'DeviceInfo | take 1' });
    await expect(withheld).rejects.toThrow(/Unknown tool/);
    const missing = xdr.call('no_such_tool', {});
    await expect(missing).rejects.toThrow(/Unknown tool/);
    // Same answer for both: the client learns nothing about what is installed.
    const [a, b] = await Promise.all([withheld.catch(String), missing.catch(String)]);
    expect(a).toBe(b);

    const records = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      tool: 'run_hunting_query',
      outcome: 'refused',
      errorCode: 'forbidden',
    });
    expect(String(records[0]?.error)).toContain('tools.exclude');
    expect(xdr.emulator.control.counters.requests({ route: 'POST /v1.0/security/runHuntingQuery' })).toBe(0);
  });

  it('keeps the prompts while both tools they name are enabled', async () => {
    xdr = await startXdr({ plugins: { hunting: true } });
    const { prompts } = await xdr.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(HUNTS));
  });
});
