import { describe, expect, it } from 'vitest';
import { ApprovalEvents } from '../../../src/kernel/approvals/approval-events.js';
import { KillSwitch } from '../../../src/kernel/approvals/kill-switch.js';
import { AuditLog } from '../../../src/kernel/audit/log.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import { StateUnavailableError } from '../../../src/kernel/state/unavailable.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { fakeCall, rejection, spyNext } from '../../helpers/fake-tool-call.js';

/** A store whose reads fail the way the Redis store's do when Redis is gone, or with anything else. */
class FailingReads extends MemoryStateStore {
  constructor(private readonly failure: () => Error) {
    super();
  }
  override async get(): Promise<string | undefined> {
    throw this.failure();
  }
}

function killSwitchOn(store: MemoryStateStore): KillSwitch {
  const clock = new FakeClock();
  const events = new ApprovalEvents(new AuditLog({ stderr: false }, { warn: () => {} }), clock);
  return new KillSwitch(store, clock, events);
}

describe('the kill switch when its state cannot be read', () => {
  it('refuses a write as unavailable when the shared store is unreachable, and runs nothing', async () => {
    const next = spyNext();
    const error = await rejection(
      killSwitchOn(new FailingReads(() => new StateUnavailableError())).middleware()(
        fakeCall({ tool: { tier: 'write' } }),
        next,
      ),
    );
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/state store \(Redis\) is unreachable/);
    expect(next.calls).toBe(0);
  });

  it('refuses a write as stopped when the state is unreadable for another reason', async () => {
    const next = spyNext();
    const error = await rejection(
      killSwitchOn(new FailingReads(() => new Error('disk on fire'))).middleware()(
        fakeCall({ tool: { tier: 'destructive' } }),
        next,
      ),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/kill switch on: the kill switch state cannot be read/);
    expect(next.calls).toBe(0);
  });

  it('lets a read through either way', async () => {
    const next = spyNext();
    await killSwitchOn(new FailingReads(() => new StateUnavailableError())).middleware()(
      fakeCall({ tool: { tier: 'read' } }),
      next,
    );
    expect(next.calls).toBe(1);
  });
});
