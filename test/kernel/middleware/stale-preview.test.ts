import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolError } from '../../../src/kernel/errors.js';
import { confirmationMiddleware } from '../../../src/kernel/middleware/confirmation.js';
import {
  describeStale,
  stalePreviewError,
  staleTarget,
} from '../../../src/kernel/middleware/stale-preview.js';
import type { Preview, PreviewBasis } from '../../../src/kernel/preview.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import type { ConfirmedPreview, StaleTarget, ToolMiddleware } from '../../../src/kernel/types.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { type FakeCallOptions, fakeCall, rejection, spyNext } from '../../helpers/fake-tool-call.js';

const SECRET_ENV = 'MCP_XDR_TEST_CONFIRMATION_SECRET';
const args = { incidentIds: ['1', '2'], status: 'resolved' };

function previewOf(basis: PreviewBasis | undefined): Preview {
  return {
    summary: 'Resolve incidents 1 and 2.',
    changes: [{ target: 'incident 1', field: 'status', from: 'active', to: 'resolved' }],
    ...(basis ? { basis } : {}),
  };
}

const target = (version: string, owner: string) => ({ version, state: { status: 'active', owner } });

describe('stale previews are refused', () => {
  let middleware: ToolMiddleware;
  let store: MemoryStateStore;

  beforeEach(() => {
    process.env[SECRET_ENV] = 'a-test-secret-that-is-long-enough-0123456789';
    const clock = new FakeClock();
    store = new MemoryStateStore({ clock });
    middleware = confirmationMiddleware({
      policy: {
        timeouts: { defaultMs: 1000, tools: {} },
        confirmation: { ttlSeconds: 300, secretEnv: SECRET_ENV },
        approval: { timeoutSeconds: 120, dangerouslySkipHumanApproval: false },
      },
      store,
      clock,
      warn() {},
    });
  });
  afterEach(() => {
    delete process.env[SECRET_ENV];
  });

  const options = (preview: Preview, confirmationToken?: string): FakeCallOptions => ({
    tool: { name: 'update_incidents', tier: 'write' },
    args,
    preview,
    confirmationToken,
  });

  /** Previews with `first`, then confirms while the tool now previews `second`. */
  async function confirmAfterChange(first: PreviewBasis | undefined, second: PreviewBasis | undefined) {
    const shown = await middleware(fakeCall(options(previewOf(first))), spyNext());
    const token = (shown.structuredContent as { confirmation: { token: string } }).confirmation.token;
    const call = fakeCall(options(previewOf(second), token));
    let seen: ConfirmedPreview | undefined;
    const next = spyNext(async () => {
      seen = call.ctx.confirmed;
      return { content: [] };
    });
    return { run: () => middleware(call, next), next, call, token, seen: () => seen, text: shown };
  }

  it('the preview says it is bound to the live state', async () => {
    const { text } = await confirmAfterChange({ targets: { 'incident 1': target('v1', 'a') } }, undefined);
    expect(JSON.stringify(text.content)).toContain('If the record changes before you confirm');
  });

  it('unchanged state: the tool runs and sees the basis it was confirmed on', async () => {
    const basis = { targets: { 'incident 1': target('v1', 'a') } };
    const flow = await confirmAfterChange(basis, basis);
    await flow.run();
    expect(flow.next.calls).toBe(1);
    expect(flow.call.previews).toBe(1);
    expect(flow.seen()).toEqual({ targets: basis.targets });
  });

  it('a moved target refuses the call with stale_preview, naming each change; the tool never runs', async () => {
    const flow = await confirmAfterChange(
      { targets: { 'incident 1': target('v1', 'alice') } },
      { targets: { 'incident 1': target('v2', 'bob') } },
    );
    const error = (await rejection(flow.run())) as ToolError;
    expect(error.code).toBe('stale_preview');
    expect(error.message).toContain(
      'incident 1 changed since the preview (owner "alice" -> "bob"; version "v1" -> "v2")',
    );
    expect(error.message).toContain('Nothing was changed');
    expect(flow.next.calls).toBe(0);
    // The token was spent: the same confirmation cannot be retried into a write.
    const again = fakeCall(
      options(previewOf({ targets: { 'incident 1': target('v2', 'bob') } }), flow.token),
    );
    expect((await rejection(middleware(again, spyNext()))).code).toBe('confirmation_required');
  });

  it('a state change without a version move is still stale; a vanished target is reported as gone', async () => {
    const flow = await confirmAfterChange(
      { targets: { 'incident 1': target('v1', 'alice'), 'incident 2': target('v1', 'x') } },
      { targets: { 'incident 1': target('v1', 'carol') } },
    );
    const error = await rejection(flow.run());
    expect(error.message).toContain('owner "alice" -> "carol"');
    expect(error.message).toContain('incident 2 is no longer there');
  });

  it('onStale skip: the tool runs without a second preview and checks each target itself', async () => {
    const basis: PreviewBasis = {
      targets: { 'incident 1': target('v1', 'a'), 'incident 2': target('v1', 'b') },
      onStale: 'skip',
    };
    const flow = await confirmAfterChange(basis, { targets: {}, onStale: 'skip' });
    await flow.run();
    expect(flow.next.calls).toBe(1);
    expect(flow.call.previews).toBe(0);
    expect(flow.seen()).toEqual({ targets: basis.targets });
    const previewed = flow.seen()?.targets ?? {};
    expect(staleTarget('incident 1', previewed['incident 1'], target('v1', 'a'))).toBeUndefined();
    const moved = staleTarget('incident 2', previewed['incident 2'], target('v2', 'z'));
    expect(moved).toEqual({
      target: 'incident 2',
      gone: false,
      changes: [
        { field: 'owner', from: 'b', to: 'z' },
        { field: 'version', from: 'v1', to: 'v2' },
      ],
    });
    expect(describeStale(moved as StaleTarget)).toBe(
      'incident 2 changed since the preview (owner "b" -> "z"; version "v1" -> "v2")',
    );
    expect(describeStale(staleTarget('incident 3', undefined, target('v1', 'a')) as StaleTarget)).toBe(
      'incident 3 was not part of the preview',
    );
    expect(stalePreviewError('update_incidents', [moved as StaleTarget]).code).toBe('stale_preview');
  });

  it('a preview without a basis is not previewed again at execute (unchanged behaviour)', async () => {
    const flow = await confirmAfterChange(undefined, { targets: { 'incident 1': target('v9', 'q') } });
    await flow.run();
    expect(flow.call.previews).toBe(0);
    expect(flow.seen()).toBeUndefined();
  });
});
