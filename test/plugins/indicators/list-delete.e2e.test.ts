import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorOf,
  previewAndRun,
  resultOf,
  type Started,
  startIndicators,
  textOf,
  tokenOf,
} from './support.js';

type Listed = {
  indicators: { id: string; indicatorValue: string; action: string; expirationTime: string | null }[];
  nextSkip: number | null;
};

describe('list_indicators and delete_indicator (emulator record as oracle)', () => {
  let s: Started;
  const list = async (args: Record<string, unknown> = {}) => {
    const r = await s.h.call('list_indicators', args);
    expect(r.isError, textOf(r)).toBeFalsy();
    return r.structuredContent as Listed;
  };
  beforeAll(async () => {
    s = await startIndicators({ listLimit: 3 }, { plugins: { enrichment: true } });
  }, 60_000);
  afterAll(() => s.h.close());

  it('lists the active indicators (the expired one is not), filtered by type, action, value and expiry', async () => {
    const visible = s.contoso.indicators.visible('any', true);
    const all = await list({ top: 3 });
    expect(all.indicators.map((i) => i.id)).toEqual(visible.slice(0, 3).map((i) => i.id));
    expect((await list({ action: 'Block' })).indicators.map((i) => i.indicatorValue)).toEqual([
      'login-micros0ft.example',
    ]);
    expect((await list({ indicatorType: 'IpAddress' })).indicators.map((i) => i.indicatorValue)).toEqual([
      '203.0.113.66',
    ]);
    expect(
      (await list({ indicatorType: 'DomainName', value: 'LOGIN-MICROS0FT.example' })).indicators,
    ).toHaveLength(1);
    const soon = await list({ expiringBefore: new Date(Date.now() + 22 * 86_400_000).toISOString() });
    expect(soon.indicators.map((i) => i.indicatorValue)).toEqual(['login-micros0ft.example']);
    expect(JSON.stringify(await list())).not.toContain('old-campaign.example');
  });

  it('pages with top and skip (nextSkip until the last page)', async () => {
    const visible = s.contoso.indicators.visible('any', true).map((i) => i.id);
    const first = await list({ top: 2 });
    expect(first.nextSkip).toBe(2);
    const second = await list({ top: 2, skip: 2 });
    expect([...first.indicators, ...second.indicators].map((i) => i.id)).toEqual(visible.slice(0, 4));
    const last = await list({ skip: visible.length - 1 });
    expect(last.indicators).toHaveLength(1);
    expect(last.nextSkip).toBeNull();
  });

  it('deletes an indicator after a preview of it: one DELETE recorded, then it is gone', async () => {
    const target = s.contoso.indicators.find('DomainName', 'login-micros0ft.example');
    const { preview, run } = await previewAndRun(s.h.client, 'delete_indicator', {
      indicatorType: 'DomainName',
      value: 'login-micros0ft.example',
    });
    expect(textOf(preview)).toContain(
      `Delete indicator ${target?.id} (DomainName "login-micros0ft.example", Block)`,
    );
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(resultOf<{ outcome: string }>(run).outcome).toBe('deleted');
    expect(s.received().at(-1)).toMatchObject({ method: 'DELETE', id: target?.id, outcome: 'deleted' });
    expect(s.contoso.indicators.find('DomainName', 'login-micros0ft.example')).toBeUndefined();
    expect(s.forms).toEqual([]); // a write: confirmation, no approval form
  });

  it('says so when there is nothing to delete, and sends nothing', async () => {
    const before = s.reached('DELETE');
    const preview = await s.h.call('delete_indicator', {
      indicatorType: 'DomainName',
      value: 'login-micros0ft.example',
    });
    expect(textOf(preview)).toMatch(/Nothing will be sent: no indicator/);
    const run = await s.h.call('delete_indicator', {
      indicatorType: 'DomainName',
      value: 'login-micros0ft.example',
      confirmationToken: tokenOf(preview),
    });
    expect(resultOf<{ outcome: string }>(run).outcome).toBe('alreadyGone');
    expect(s.reached('DELETE')).toBe(before);
  });

  it('names the missing permission for a tenant whose app has no indicator role', async () => {
    const r = await s.h.call('list_indicators', { tenant: 'contoso-readonly' });
    expect(errorOf(r).code).toBe('forbidden');
    expect(textOf(r)).toContain('Ti.ReadWrite.All');
  });

  it('enrich_file and enrich_ip offer submit_indicator when it is enabled, and the offer previews', async () => {
    const file = s.contoso.files.find((f) => f.determinationType === 'Malware');
    const enriched = await s.h.call('enrich_file', { hash: file?.sha256 });
    const steps = (
      enriched.structuredContent as { nextSteps: { tool: string; args: Record<string, unknown> }[] }
    ).nextSteps;
    const offer = steps.find((step) => step.tool === 'submit_indicator');
    expect(offer?.args).toMatchObject({
      indicatorType: 'FileSha256',
      value: file?.sha256,
      action: 'Block',
      tenant: 'contoso',
    });
    const preview = await s.h.call('submit_indicator', offer?.args ?? {});
    expect(preview.isError, textOf(preview)).toBeFalsy();
    expect(textOf(preview)).toContain(`Devices that saw it in the last 30 days: ${file?.seenOn.length}`);
    const ip = await s.h.call('enrich_ip', { ip: '10.0.0.5' });
    const ipOffer = (
      ip.structuredContent as { nextSteps: { tool: string; args: Record<string, unknown> }[] }
    ).nextSteps.find((step) => step.tool === 'submit_indicator');
    if (ipOffer) expect(ipOffer.args).toMatchObject({ indicatorType: 'IpAddress', action: 'Audit' });
  });
});

describe('enrichment without the indicators plugin', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startIndicators({}, { plugins: { enrichment: true, indicators: false } });
  }, 60_000);
  afterAll(() => s.h.close());

  it('never offers submit_indicator', async () => {
    const file = s.contoso.files.find((f) => f.determinationType === 'Malware');
    const enriched = await s.h.call('enrich_file', { hash: file?.sha256 });
    expect(JSON.stringify(enriched.structuredContent)).not.toContain('submit_indicator');
  });
});
