import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRoutes } from '../../../src/emulator/routes/index.js';
import { harness } from './harness.js';

/**
 * Every route, fed arbitrary query options, path parameters and JSON bodies, answers a status below
 * 500 with a JSON-serialisable body: bad input is the client's problem, never a crash.
 */
describe('routes under arbitrary input', () => {
  const h = harness();
  const tenant = h.world.tenant('contoso');
  const realIds = [
    tenant?.incidents[0]?.id,
    tenant?.alerts[0]?.id,
    tenant?.machines[0]?.id,
    tenant?.users[0]?.userPrincipalName,
    tenant?.users[0]?.id,
    tenant?.machineActions.list()[0]?.id,
    tenant?.files[0]?.sha1,
    tenant?.machines[0]?.lastIpAddress,
  ].filter((x): x is string => typeof x === 'string');
  const patterns = createRoutes(h.world).map((r) => ({ method: r.method, pattern: r.pattern }));

  const json: fc.Arbitrary<unknown> = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(
      fc.constantFrom(
        'Comment',
        'comment',
        'IsolationType',
        'ScanType',
        'Sha1',
        'Query',
        'Timespan',
        'status',
        'classification',
        'determination',
        'assignedTo',
        'customTags',
        'accountId',
        'action',
        'identityProvider',
        'provider',
        '@odata.type',
      ),
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          'Full',
          'Quick',
          'resolved',
          'truePositive',
          'entraID',
          'disable',
          'DeviceInfo | take 1',
        ),
        fc.jsonValue(),
      ),
    ),
  );
  const option = fc.tuple(
    fc.constantFrom('$filter', '$top', '$skip', '$count', '$expand', '$select', '$skiptoken', 'junk'),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("status eq 'active'", '10', '-1', 'true', 'alerts', "id eq 'x'", '99999999999'),
    ),
  );

  it('never answers 5xx or throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...patterns),
        fc.array(
          fc.oneof(
            fc.constantFrom(...realIds),
            fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s !== '.' && s !== '..'),
          ),
          {
            minLength: 3,
            maxLength: 3,
          },
        ),
        fc.array(option, { maxLength: 3 }),
        json,
        async (route, params, options, body) => {
          let i = 0;
          const path = route.pattern.replace(/:[a-z]+/g, () => encodeURIComponent(params[i++] ?? 'x'));
          const query = new URLSearchParams(options).toString();
          const reply = await h.call(route.method, `${path}${query ? `?${query}` : ''}`, { body });
          expect(reply.status).toBeGreaterThanOrEqual(200);
          expect(reply.status).toBeLessThan(500);
          expect(() => JSON.stringify(reply.body)).not.toThrow();
        },
      ),
      { numRuns: 1500, seed: 7 },
    );
  });
});
