import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { tokenOf } from '../devices/support.js';

type Step = { tool: string; args?: Record<string, unknown> };
const IDENTITY_TOOLS = ['revoke_sessions', 'disable_account', 'confirm_user_compromised'];

async function stepsOf(xdr: XdrHarness): Promise<Step[]> {
  const tenant = xdr.emulator.world.tenant('contoso');
  const upn = `cloud.only@${tenant?.domain}`;
  const result = await xdr.call('enrich_user', { upn });
  return (result.structuredContent as { nextSteps: Step[] }).nextSteps;
}

describe('enrich_user suggests the identity tools only when the deployment offers them', () => {
  let write: XdrHarness;
  let destructive: XdrHarness;
  beforeAll(async () => {
    [write, destructive] = await Promise.all([
      startXdr({ plugins: { enrichment: true, identity: true }, config: { policy: { maxTier: 'write' } } }),
      startXdr({
        plugins: { enrichment: true, identity: true },
        config: { policy: { maxTier: 'destructive' } },
      }),
    ]);
  }, 60_000);
  afterAll(async () => Promise.all([write?.close(), destructive?.close()]));

  it('names each enabled identity tool with arguments its preview accepts', async () => {
    const steps = (await stepsOf(destructive)).filter((s) => IDENTITY_TOOLS.includes(s.tool));
    expect(steps.map((s) => s.tool).sort()).toEqual([...IDENTITY_TOOLS].sort());
    for (const step of steps) expect(tokenOf(await destructive.call(step.tool, step.args))).toBeDefined();
  });

  it('never names a tool above the ceiling (write: no disable, no revoke)', async () => {
    const tools = (await stepsOf(write)).map((s) => s.tool);
    expect(tools).toContain('confirm_user_compromised');
    expect(tools).not.toContain('disable_account');
    expect(tools).not.toContain('revoke_sessions');
  });
});
