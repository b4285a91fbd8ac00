import { describe, expect, it } from 'vitest';
import { type ErrorBody, type Harness, harness, type JsonObject, type Listing } from './harness.js';

const BASE = '/api/indicators';
const body = (over: JsonObject = {}) => ({
  indicatorValue: 'evil.example',
  indicatorType: 'DomainName',
  action: 'Block',
  title: 't',
  description: 'd',
  ...over,
});
const post = (h: Harness, b: unknown, options: { roles?: string[]; appId?: string } = {}) =>
  h.call<JsonObject & ErrorBody>('POST', BASE, { body: b, ...options });
const list = (h: Harness, query = '', options: { roles?: string[]; appId?: string } = {}) =>
  h.call<Listing<JsonObject>>('GET', `${BASE}${query}`, options);

describe('emulator /api/indicators', () => {
  it('lists the seeded active indicators (not the expired one), with OData filters and paging', async () => {
    const h = harness();
    const all = await list(h);
    expect(all.status).toBe(200);
    expect(all.json['@odata.context']).toMatch(/\$metadata#Indicators$/);
    const values = all.json.value.map((i) => i.indicatorValue);
    expect(values).toContain('login-micros0ft.example');
    expect(values).not.toContain('http://old-campaign.example/payload');
    const blocks = await list(h, "?$filter=action eq 'Block'");
    expect(blocks.json.value.map((i) => i.action)).toEqual(['Block']);
    const typed = await list(h, "?$filter=indicatorType eq 'IpAddress' and indicatorValue eq '203.0.113.66'");
    expect(typed.json.value).toHaveLength(1);
    const page = await list(h, '?$top=2&$skip=1');
    expect(page.json.value.map((i) => i.id)).toEqual(all.json.value.slice(1, 3).map((i) => i.id));
    const bad = await h.call<ErrorBody>('GET', `${BASE}?$filter=machineId eq 'x'`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('ODataError');
  });

  it('creates, then updates on resubmit of the same type and value (same id, 200 both times)', async () => {
    const h = harness();
    const created = await post(
      h,
      body({ expirationTime: new Date(h.clock.now() + 86_400_000).toISOString() }),
    );
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      indicatorValue: 'evil.example',
      action: 'Block',
      sourceType: 'AadApp',
    });
    const updated = await post(
      h,
      body({ indicatorValue: 'EVIL.example', action: 'Audit', generateAlert: true, application: 'x' }),
    );
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: created.json.id, action: 'Audit', application: null });
    const tenant = h.world.tenant('contoso');
    expect(tenant?.indicators.requests.map((r) => [r.method, r.outcome, r.action])).toEqual([
      ['POST', 'created', 'Block'],
      ['POST', 'updated', 'Audit'],
    ]);
  });

  it.each([
    ['FileSha1', 'abc', 'InvalidHashValue', 'Hash value abc is invalid.'],
    ['FileSha256', 'g'.repeat(64), 'InvalidHashValue', `Hash value ${'g'.repeat(64)} is invalid.`],
    ['FileMd5', 'a'.repeat(40), 'InvalidHashValue', `Hash value ${'a'.repeat(40)} is invalid.`],
    ['IpAddress', '10.0.0.0/8', 'InvalidIpAddress', 'IP address 10.0.0.0/8 is invalid.'],
    [
      'DomainName',
      'https://evil.example',
      'InvalidDomainName',
      'Domain name https://evil.example is invalid.',
    ],
    ['Url', 'ftp://evil.example/x', 'InvalidUrl', 'URL ftp://evil.example/x is invalid.'],
  ])('refuses a bad %s value with 400 %s', async (indicatorType, indicatorValue, code, message) => {
    const h = harness();
    const r = await post(h, body({ indicatorType, indicatorValue }));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code, message });
    expect(h.world.tenant('contoso')?.indicators.requests).toEqual([]);
  });

  it('checks the body: case-sensitive keys, required fields, enums, Audit needs generateAlert, a future expiration', async () => {
    const h = harness();
    const code = async (b: unknown) => (await post(h, b)).json.error?.code;
    expect(await code(body({ IndicatorValue: 'x' }))).toBe('InvalidRequestBody');
    const { title: _t, ...untitled } = body();
    expect(await code(untitled)).toBe('MissingRequiredParameter');
    expect(await code(body({ action: 'Nuke' }))).toBe('InvalidRequestBody');
    expect(await code(body({ action: 'Audit' }))).toBe('InvalidInput');
    expect(await code(body({ expirationTime: '2000-01-01T00:00:00Z' }))).toBe('InvalidInput');
    expect(await code(body({ generateAlert: 'yes' }))).toBe('InvalidRequestBody');
  });

  it("Ti.ReadWrite sees and deletes only its own app's indicators; Ti.ReadWrite.All sees all", async () => {
    const h = harness();
    const own = { roles: ['Ti.ReadWrite'], appId: 'aaaaaaaa-0000-4000-8000-000000000001' };
    await post(h, body(), own);
    expect((await list(h, '', own)).json.value.map((i) => i.indicatorValue)).toEqual(['evil.example']);
    const seeded = (await list(h)).json.value.find((i) => i.indicatorValue === '203.0.113.66');
    const denied = await h.call<ErrorBody>('DELETE', `${BASE}/${seeded?.id}`, own);
    expect(denied.status).toBe(404);
    const deleted = await h.call('DELETE', `${BASE}/${seeded?.id}`);
    expect(deleted.status).toBe(204);
    expect((await list(h)).json.value.map((i) => i.indicatorValue)).not.toContain('203.0.113.66');
  });

  it('refuses a new indicator past the active limit, but still updates an existing one', async () => {
    const h = harness();
    const store = h.world.tenant('contoso')?.indicators;
    if (!store) throw new Error('no store');
    store.limit = (await list(h)).json.value.length;
    const refused = await post(h, body());
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/limit of \d+ active indicators/);
    const update = await post(
      h,
      body({ indicatorType: 'IpAddress', indicatorValue: '203.0.113.66', action: 'Block' }),
    );
    expect(update.status).toBe(200);
  });

  it('throttles each indicators API at 100 calls a minute (the documented limit)', async () => {
    const h = harness();
    const { Quotas } = await import('../../../src/emulator/quotas.js');
    const quotas = new Quotas();
    const take = () => quotas.take('t', 'mde:indicatorSubmit', 'mde', h.clock.now());
    for (let i = 0; i < 100; i++) expect(take().allowed).toBe(true);
    expect(take()).toMatchObject({ allowed: false, limit: 100, window: 'minute' });
  });
});
