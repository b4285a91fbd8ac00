import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, huntingRequests } from './support.js';

/**
 * The call's deadline reaches the retry layer: a Retry-After that would outlast the tool's timeout
 * is reported at once as `rate_limited` with the wait, not slept through into a `timeout` that
 * loses the hint.
 */
describe('run_hunting_query under a deadline shorter than the Retry-After', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { hunting: true },
      config: { policy: { timeouts: { tools: { run_hunting_query: 10_000 } } } },
    });
  });
  afterAll(async () => xdr?.close());

  it('fails fast with rate_limited and the wait (20 s wait, 10 s deadline)', async () => {
    const id = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 20,
      path: '/v1.0/security/runHuntingQuery',
    });
    const before = huntingRequests(xdr);
    const result = await xdr.call('run_hunting_query', { query: 'DeviceInfo | take 1' });
    xdr.emulator.control.faults.remove(id);
    // Sleeping the 20 s through would have ended as `timeout` at 10 s, with the hint lost.
    expect(errorOf(result)).toMatchObject({ code: 'rate_limited', retryAfter: 20 });
    // Asked once: no retry was started that could not finish in time.
    expect(huntingRequests(xdr) - before).toBe(1);
  });
});
