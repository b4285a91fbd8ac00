import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../src/emulator/data/model.js';
import { KILL_SWITCH_API_PATH } from '../../src/kernel/approvals/console-routes.js';
import { KILL_SWITCH_KEY, KillSwitch } from '../../src/kernel/approvals/kill-switch.js';
import type { StateStore } from '../../src/kernel/state/store.js';
import { STATE_STORE } from '../../src/kernel/tokens.js';
import { type ApprovalStack, requestApproval, startApprovalStack } from '../helpers/approval-stack.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { connect } from '../helpers/kernel-client.js';
import { actionsSince, errorOf, textOf, tokenOf, workstations } from '../plugins/devices/support.js';

/**
 * The kill switch and the approval binding against the emulator (its machine actions are the
 * oracle), without a browser: the console's JSON API flips the switch as `mcp-xdr kill-switch` does.
 */
describe('kill switch and approval binding', () => {
  let stack: ApprovalStack;
  let pool: Machine[];
  const take = () => pool.shift() as Machine;
  const now = () => stack.h.emulator.world.clock.now() - 1;
  const flip = async (on: boolean) => {
    const response = await fetch(new URL(KILL_SWITCH_API_PATH, stack.consoleUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.keys.approver}`, 'content-type': 'application/json' },
      body: JSON.stringify({ on, reason: on ? 'incident' : 'all clear' }),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    stack = await startApprovalStack();
    pool = workstations(stack.contoso);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses calls waiting for their approval when the switch goes on, lets reads in flight finish, and never half-runs a write', async () => {
    // A client that can elicit: its forms stay open until the gate opens.
    const elicitor = await connect(stack.h.kernel, { capabilities: { elicitation: { form: {} } } });
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let formsShown = 0;
    elicitor.client.setRequestHandler(ElicitRequestSchema, async () => {
      formsShown += 1;
      await gate;
      return { action: 'accept', content: { approve: true } };
    });
    const call = async (name: string, args: Record<string, unknown>) =>
      (await elicitor.client.callTool({ name, arguments: args })) as CallToolResult;
    /** Preview, then confirm; a refused preview is the answer. */
    const confirmed = async (name: string, args: Record<string, unknown>) => {
      const preview = await call(name, args);
      if (preview.isError) return preview;
      return call(name, { ...args, confirmationToken: tokenOf(preview) });
    };
    try {
      const since = now();
      const waiting = [take(), take(), take()];
      const isolations = waiting.map((m) =>
        confirmed('isolate_device', { machineId: m.id, comment: 'contain' }),
      );
      await expect.poll(() => formsShown, { timeout: 30_000 }).toBe(3);
      // Writes racing the flip, and reads around it.
      const scanned = [take(), take(), take(), take()];
      const scans = scanned.map((m) => confirmed('run_av_scan', { machineId: m.id, comment: 'scan' }));
      const reads = waiting.map((m) => call('get_device_actions', { machineId: m.id }));
      await flip(true);
      const afterFlip = await call('run_av_scan', { machineId: take().id, comment: 'scan' });
      expect(errorOf(afterFlip).code).toBe('forbidden');
      open();

      for (const result of await Promise.all(isolations)) {
        expect(errorOf(result).code).toBe('forbidden');
        expect(textOf(result)).toContain('kill switch');
      }
      for (const m of waiting) expect(actionsSince(stack.contoso, m.id, since)).toEqual([]);
      for (const result of await Promise.all(reads)) expect(result.isError, textOf(result)).toBeFalsy();
      // Each racing write either ran fully (recorded once) or was refused (recorded never).
      const outcomes = await Promise.all(scans);
      outcomes.forEach((result, i) => {
        const recorded = actionsSince(stack.contoso, (scanned[i] as Machine).id, since);
        if (result.isError) {
          expect(errorOf(result).code).toBe('forbidden');
          expect(recorded).toEqual([]);
        } else {
          expect(recorded.map((a) => a.type)).toEqual(['RunAntiVirusScan']);
        }
      });
    } finally {
      open();
      await flip(false);
      await elicitor.close();
    }
  }, 120_000);

  it('another replica on the same store obeys within the cache time (at most one store read per second)', async () => {
    const store = stack.h.kernel.container.resolve<StateStore>(STATE_STORE);
    const clock = new FakeClock(Date.now());
    const replica = new KillSwitch(store, clock, stack.h.kernel.approvals.events);
    expect((await replica.state()).on).toBe(false);
    await flip(true);
    try {
      expect(JSON.parse((await store.get(KILL_SWITCH_KEY)) as string)).toMatchObject({
        on: true,
        by: 'approver',
      });
      expect((await replica.state()).on).toBe(false);
      clock.advance(1000);
      expect(await replica.state()).toMatchObject({ on: true, reason: 'incident' });
    } finally {
      await flip(false);
    }
  });

  it('an approval runs only for the arguments and tenant it was given for, and a mismatch does not spend it', async () => {
    const responder = await stack.client('responder');
    const [a, b] = [take(), take()];
    const since = now();
    const args = { machineId: a.id, comment: 'contain' };
    const { id } = await requestApproval(responder, 'isolate_device', args);
    await stack.h.kernel.approvals.pending.decide(id, { id: 'approver' }, 'approve', 'ok', () => true);
    for (const other of [
      { ...args, machineId: b.id },
      { ...args, isolationType: 'Selective' },
      { ...args, comment: 'something else' },
      { ...args, tenant: 'fabrikam' },
    ]) {
      const refused = await responder.call('isolate_device', { ...other, approvalId: id });
      expect(errorOf(refused).code, textOf(refused)).toBe('approval_required');
    }
    expect(actionsSince(stack.contoso, b.id, since)).toEqual([]);
    expect(actionsSince(stack.contoso, a.id, since)).toEqual([]);
    const run = await responder.call('isolate_device', { ...args, approvalId: id });
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(actionsSince(stack.contoso, a.id, since).map((x) => x.type)).toEqual(['Isolate']);
  }, 60_000);
});
