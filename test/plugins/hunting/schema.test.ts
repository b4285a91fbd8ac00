import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomFor } from '../../helpers/rates.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, hunt, textOf } from './support.js';

interface Table {
  name: string;
  description: string;
  columns?: { name: string; type: string; description: string }[];
}

describe('the hunting schema, resources and prompts', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { hunting: true },
      config: { policy: { rateLimits: { tools: roomFor('run_hunting_query') } } },
    });
  });
  afterAll(async () => xdr?.close());

  it('get_hunting_schema lists the tables, then one table with typed, described columns', async () => {
    const list = (await xdr.call('get_hunting_schema', {})).structuredContent as { tables: Table[] };
    const names = list.tables.map((t) => t.name);
    // Every table of Microsoft's schema reference, including those hunts use most.
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(names).toEqual(
      expect.arrayContaining([
        'DeviceProcessEvents',
        'DeviceRegistryEvents',
        'DeviceImageLoadEvents',
        'IdentityDirectoryEvents',
        'IdentityQueryEvents',
        'CloudAppEvents',
        'EmailAttachmentInfo',
        'UrlClickEvents',
        'AlertEvidence',
      ]),
    );
    for (const t of list.tables) expect(t.description.length).toBeGreaterThan(10);

    const one = (await xdr.call('get_hunting_schema', { table: 'devicenetworkevents' }))
      .structuredContent as {
      table: Table;
    };
    expect(one.table.name).toBe('DeviceNetworkEvents');
    expect(one.table.columns).toContainEqual(expect.objectContaining({ name: 'RemotePort', type: 'int' }));
    expect(one.table.columns).toContainEqual(
      expect.objectContaining({ name: 'Timestamp', type: 'datetime' }),
    );
    for (const c of one.table.columns ?? []) expect(c.description, c.name).not.toBe('');
  });

  it('declares every column the service returns for its tables (checked against the emulator data)', async () => {
    // The tables hunts use most (one query each: the service allows 45 hunting calls a minute).
    const tables = [
      ...['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceLogonEvents'],
      ...['DeviceEvents', 'DeviceInfo', 'DeviceRegistryEvents', 'DeviceImageLoadEvents', 'AlertInfo'],
      ...['AlertEvidence', 'EmailEvents', 'IdentityLogonEvents', 'IdentityQueryEvents', 'CloudAppEvents'],
    ];
    for (const table of tables) {
      const declared = (
        (await xdr.call('get_hunting_schema', { table })).structuredContent as { table: Table }
      ).table.columns?.map((c) => c.name);
      const served = hunt(await xdr.call('run_hunting_query', { query: `${table} | take 1` })).results[0]
        ?.schema;
      for (const column of served ?? []) expect(declared, `${table}.${column.name}`).toContain(column.name);
    }
  });

  it('an unknown table is not_found with the closest name, never echoing the input', async () => {
    const result = await xdr.call('get_hunting_schema', { table: 'EmailEvent<script>' });
    expect(errorOf(result)?.code).toBe('not_found');
    expect(textOf(result)).not.toContain('<script>');
    const typo = await xdr.call('get_hunting_schema', { table: 'AlertEvidense' });
    expect(textOf(typo)).toContain("Did you mean 'AlertEvidence'?");
  });

  it('serves the schema as resources: the table list and a template per table', async () => {
    const { resources } = await xdr.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('mcp-xdr://hunting/schema');
    expect(uris).toContain('mcp-xdr://hunting/schema/DeviceLogonEvents');
    const { resourceTemplates } = await xdr.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('mcp-xdr://hunting/schema/{table}');

    const all = await xdr.client.readResource({ uri: 'mcp-xdr://hunting/schema' });
    const tables = JSON.parse(String((all.contents[0] as { text: string }).text)) as { tables: Table[] };
    expect(tables.tables.length).toBeGreaterThanOrEqual(60);
    const one = await xdr.client.readResource({ uri: 'mcp-xdr://hunting/schema/AlertInfo' });
    const alertInfo = JSON.parse(String((one.contents[0] as { text: string }).text)) as Table;
    expect(alertInfo.columns?.map((c) => c.name)).toEqual([
      'Timestamp',
      'AlertId',
      'Title',
      'Category',
      'Severity',
      'ServiceSource',
      'DetectionSource',
      'AttackTechniques',
    ]);
    await expect(xdr.client.readResource({ uri: 'mcp-xdr://hunting/schema/NoSuchTable' })).rejects.toThrow();
  });

  it('lists the hunt prompts with their arguments', async () => {
    const { prompts } = await xdr.client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining([
        'hunt_encoded_powershell',
        'hunt_rare_parent_child',
        'hunt_failed_then_successful_logons',
        'hunt_outbound_rare_ips',
        'hunt_phishing_by_sender_domain',
      ]),
    );
    expect(byName.hunt_phishing_by_sender_domain?.arguments).toContainEqual(
      expect.objectContaining({ name: 'senderDomain', required: true }),
    );
    expect(byName.hunt_encoded_powershell?.arguments?.map((a) => a.name)).toEqual(['lookback', 'device']);
  });

  it.each([
    ['hunt_encoded_powershell', { lookback: '30d' }],
    ['hunt_encoded_powershell', { lookback: '12h', device: 'desktop-01.contoso.com' }],
    ['hunt_rare_parent_child', {}],
    ['hunt_failed_then_successful_logons', { threshold: '3', lookback: '14d' }],
    ['hunt_outbound_rare_ips', { device: 'srv-01.contoso.com' }],
    ['hunt_phishing_by_sender_domain', { senderDomain: 'contoso-invoices.com' }],
  ])('prompt %s renders KQL that runs on the service', async (name, args) => {
    const prompt = await xdr.client.getPrompt({ name, arguments: args });
    const text = (prompt.messages[0]?.content as { text?: string } | undefined)?.text ?? '';
    const query = text.match(/```kql\n([\s\S]+?)\n```/)?.[1];
    expect(query).toBeDefined();
    for (const value of Object.values(args)) expect(query).toContain(value);
    const result = await xdr.call('run_hunting_query', { query: query ?? '' });
    expect(textOf(result)).not.toMatch(/^validation_error|^upstream_error/);
    expect(result.isError).toBeFalsy();
  });

  it('refuses prompt arguments that could leave their KQL literal', async () => {
    await expect(
      xdr.client.getPrompt({
        name: 'hunt_phishing_by_sender_domain',
        arguments: { senderDomain: 'x.com" or 1==1 //' },
      }),
    ).rejects.toThrow();
    await expect(
      xdr.client.getPrompt({ name: 'hunt_rare_parent_child', arguments: { lookback: '7d) | union (T' } }),
    ).rejects.toThrow();
  });
});
