import { describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../../../src/emulator/data/hunting/schema.js';
import { type HuntingEngine, KqlError } from '../../../src/emulator/kql/table.js';
import { type ErrorBody, harness } from './harness.js';

interface GraphHunting {
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
}
interface MdeHunting {
  Schema: { Name: string; Type: string }[];
  Results: Record<string, unknown>[];
}

describe('hunting endpoints', () => {
  it('Graph runHuntingQuery answers lower-case schema/results with typed columns', async () => {
    const h = harness();
    const reply = await h.call<GraphHunting>('POST', '/v1.0/security/runHuntingQuery', {
      body: { Query: 'DeviceProcessEvents | take 5' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.results).toHaveLength(5);
    expect(reply.json.schema[0]).toEqual({ name: 'Timestamp', type: 'DateTime' });
    expect(reply.json.schema.find((c) => c.name === 'ProcessId')?.type).toBe('Int64');
    expect(reply.json.results[0]?.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it('MDE advancedqueries/run answers PascalCase Schema/Results', async () => {
    const h = harness();
    const machine = h.world.tenant('contoso')?.machines[0];
    const reply = await h.call<MdeHunting>('POST', '/api/advancedqueries/run', {
      body: { Query: `DeviceInfo | where DeviceId == "${machine?.id}" | take 3` },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.Schema[0]).toEqual({ Name: 'Timestamp', Type: 'DateTime' });
    expect(reply.json.Results).toHaveLength(3);
    expect(reply.json.Results.every((r) => r.DeviceId === machine?.id)).toBe(true);
  });

  it('finds an alert’s encoded PowerShell through hunting', async () => {
    const h = harness();
    const alert = h.world.tenant('contoso')?.alerts.find((a) => a.title.startsWith('Suspicious PowerShell'));
    const process = alert?.evidence.find((e) => e['@odata.type'].endsWith('processEvidence'));
    const reply = await h.call<GraphHunting>('POST', '/v1.0/security/runHuntingQuery', {
      body: { Query: `DeviceProcessEvents | where ProcessId == ${process?.processId} | take 100` },
    });
    expect(
      reply.json.results.some(
        (r) => r.ProcessCommandLine === process?.processCommandLine && r.DeviceId === process?.mdeDeviceId,
      ),
    ).toBe(true);
  });

  it.each([
    // Graph matches action parameters ignoring case (sdk-shapes.test.ts); MDE does not.
    ['graph', '/v1.0/security/runHuntingQuery', { Query: 'DeviceInfo | take 1', Top: 1 }, 'BadRequest'],
    ['mde', '/api/advancedqueries/run', { query: 'DeviceInfo | take 1' }, 'InvalidRequestBody'],
    ['mde', '/api/advancedqueries/run', {}, 'MissingRequiredParameter'],
    ['graph', '/v1.0/security/runHuntingQuery', { Query: 'DeviceInfo | summarize count(' }, 'BadRequest'],
    ['graph', '/v1.0/security/runHuntingQuery', { Query: '.show tables' }, 'BadRequest'],
    ['mde', '/api/advancedqueries/run', { Query: 'NoSuchTable | take 1' }, 'BadRequest'],
    [
      'graph',
      '/v1.0/security/runHuntingQuery',
      { Query: 'DeviceInfo | where Nope == "x" | take 1' },
      'BadRequest',
    ],
  ])('%s %s refuses %j with 400 %s', async (_api, path, body, code) => {
    const reply = await harness().call<ErrorBody>('POST', path, { body });
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe(code);
  });

  it('uses an injected engine, passes Timespan and the clock, and maps its KqlErrors', async () => {
    const seen: { query: string; timespan?: string; now: number; tables: number }[] = [];
    const engine: HuntingEngine = {
      async run(db, query, options) {
        seen.push({
          query,
          now: options.now,
          tables: db.tables().length,
          ...(options.timespan ? { timespan: options.timespan } : {}),
        });
        if (query === 'bad') throw new KqlError('limit', 'Query result exceeded the maximum of 5 rows.');
        return { schema: [{ name: 'n', type: 'Int64' }], results: [{ n: 1 }] };
      },
    };
    const h = harness({ engine });
    const ok = await h.call<GraphHunting>('POST', '/v1.0/security/runHuntingQuery', {
      body: { Query: 'x', Timespan: 'P7D' },
    });
    expect(ok.json.results).toEqual([{ n: 1 }]);
    expect(seen[0]).toEqual({ query: 'x', timespan: 'P7D', now: h.clock.now(), tables: TABLE_NAMES.length });
    const limit = await h.call<ErrorBody>('POST', '/api/advancedqueries/run', { body: { Query: 'bad' } });
    expect(limit.status).toBe(400);
    // The engine's own message reaches the caller: a row limit is not reported as a size limit.
    expect(limit.json.error.message).toBe('Query result exceeded the maximum of 5 rows.');
  });
});
