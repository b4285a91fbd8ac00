import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, previewAndRun, resultOf, type Started, startIndicators, textOf } from './support.js';

const SHA256 = 'a'.repeat(64);

describe('submit_indicator through a real MCP client (emulator record as oracle)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startIndicators();
  }, 60_000);
  afterAll(() => s.h.close());

  it('blocks a new file hash after a preview with its blast radius and a person approving', async () => {
    const args = {
      indicatorType: 'FileSha256',
      value: SHA256.toUpperCase(),
      action: 'Block',
      title: 'Dropper',
      description: 'seen in incident 42',
    };
    const { preview, run } = await previewAndRun(s.h.client, 'submit_indicator', args);
    const text = textOf(preview);
    expect(text).toMatch(/Submit an indicator for FileSha256/);
    expect(text).toMatch(/Devices that saw it in the last 30 days/);
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(s.forms.at(-1)).toMatch(/Approve a destructive action/);
    expect(s.received().at(-1)).toMatchObject({
      method: 'POST',
      indicatorValue: SHA256,
      action: 'Block',
      outcome: 'created',
    });
    const result = resultOf<{ outcome: string; indicator: { id: string; expirationTime: string } }>(run);
    expect(result.outcome).toBe('created');
    const stored = s.contoso.indicators.find('FileSha256', SHA256);
    expect(stored?.id).toBe(result.indicator.id);
    const days = (Date.parse(stored?.expirationTime ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it('refuses a private address for Block before any call', async () => {
    const before = s.reached('GET') + s.reached('POST');
    const r = await s.h.call('submit_indicator', {
      indicatorType: 'IpAddress',
      value: '10.1.2.3',
      action: 'Block',
      title: 't',
      description: 'd',
    });
    expect(errorOf(r).code).toBe('forbidden');
    expect(textOf(r)).toMatch(/protected role "privateAddress"/);
    expect(s.reached('GET') + s.reached('POST')).toBe(before);
  });
});
