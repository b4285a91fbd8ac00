import { describe, expect, it } from 'vitest';
import { KqlEngine } from '../../../src/emulator/kql/index.js';
import { type ErrorBody, harness, START } from '../routes/harness.js';

/** The engine behind the emulator's real hunting routes (Graph runHuntingQuery, MDE advancedqueries/run). */
const h = harness({ engine: new KqlEngine() });

interface GraphHunting {
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
}
interface MdeHunting {
  Schema: { Name: string; Type: string }[];
  Results: Record<string, unknown>[];
}

describe('hunting endpoints over the KQL engine', () => {
  it('Graph runHuntingQuery answers schema/results with API types and 7-digit datetimes', async () => {
    const reply = await h.call<GraphHunting>('POST', '/v1.0/security/runHuntingQuery', {
      body: {
        Query:
          'AlertInfo | summarize Alerts = count(), Last = max(Timestamp) by Severity | order by Alerts desc',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.schema).toEqual([
      { name: 'Severity', type: 'String' },
      { name: 'Alerts', type: 'Int64' },
      { name: 'Last', type: 'DateTime' },
    ]);
    const total = reply.json.results.reduce((n, r) => n + (r.Alerts as number), 0);
    const alertInfo = h.world.tenant('contoso')?.hunting.table('AlertInfo');
    expect(total).toBe(
      [...(alertInfo?.rows() ?? [])].filter((r) => (r.Timestamp as number) >= START - 30 * 86_400_000).length,
    );
    for (const r of reply.json.results) expect(r.Last).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it('MDE advancedqueries/run answers PascalCase Schema/Results', async () => {
    const reply = await h.call<MdeHunting>('POST', '/api/advancedqueries/run', {
      body: { Query: 'DeviceProcessEvents | take 3 | project DeviceId, ProcessId' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.Schema).toEqual([
      { Name: 'DeviceId', Type: 'String' },
      { Name: 'ProcessId', Type: 'Int64' },
    ]);
    expect(reply.json.Results).toHaveLength(3);
  });

  it('Timespan narrows the rows on Graph', async () => {
    const count = async (Timespan?: string) => {
      const reply = await h.call<GraphHunting>('POST', '/v1.0/security/runHuntingQuery', {
        body: { Query: 'DeviceNetworkEvents | count', ...(Timespan ? { Timespan } : {}) },
      });
      return reply.json.results[0]?.Count as number;
    };
    const all = await count();
    const lastDay = await count('P1D');
    expect(lastDay).toBeGreaterThan(0);
    expect(lastDay).toBeLessThan(all);
  });

  it.each([
    ['DeviceProcessEvents | where', /Syntax error: .* at line 1, column \d+/],
    ['DeviceProcessEvents | where NoSuchColumn == 1', /Semantic error: The name 'NoSuchColumn'/],
    ['.show tables', /management commands are not allowed/],
    ['DeviceProcessEvents | evaluate autocluster()', /does not support the 'evaluate' plugin 'autocluster'/],
  ])('%s is a 400 in the real envelope', async (query, message) => {
    for (const [url, code] of [
      ['/v1.0/security/runHuntingQuery', 'BadRequest'],
      ['/api/advancedqueries/run', 'BadRequest'],
    ] as const) {
      const reply = await h.call<ErrorBody>('POST', url, { body: { Query: query } });
      expect(reply.status).toBe(400);
      expect(reply.json.error.code).toBe(code);
      expect(reply.json.error.message).toMatch(message);
    }
  });
});
