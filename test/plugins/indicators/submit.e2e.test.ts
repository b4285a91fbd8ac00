import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownFile } from '../../../src/emulator/data/model.js';
import {
  errorOf,
  previewAndRun,
  resultOf,
  type Started,
  startIndicators,
  textOf,
  tokenOf,
} from './support.js';

const block = (indicatorType: string, value: string, more: Record<string, unknown> = {}) => ({
  indicatorType,
  value,
  action: 'Block',
  title: 'Block it',
  description: 'seen in incident 42',
  ...more,
});

describe('submit_indicator through a real MCP client (emulator record as oracle)', () => {
  let s: Started;
  let dropper: KnownFile;
  beforeAll(async () => {
    s = await startIndicators();
    dropper = s.contoso.files.find((f) => f.determinationType === 'Malware') as KnownFile;
  }, 60_000);
  afterAll(() => s.h.close());

  it('blocks a new file hash: preview with blast radius, a person approves, one POST, 30-day expiration', async () => {
    const sha256 = 'a'.repeat(64);
    const postsBefore = s.reached('POST');
    const { preview, run } = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('FileSha256', sha256.toUpperCase()),
    );
    expect(textOf(preview)).toMatch(
      /Submit an indicator for FileSha256 "a{64}" in tenant "contoso": Block, expires in 30 days/,
    );
    expect(textOf(preview)).toMatch(/Devices that saw it in the last 30 days: unknown/);
    expect(textOf(preview)).toMatch(/Could not read file statistics: not_found/);
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(s.forms.at(-1)).toMatch(/Approve a destructive action: Submit indicator/);
    expect(s.reached('POST')).toBe(postsBefore + 1);
    expect(s.received().at(-1)).toMatchObject({
      method: 'POST',
      indicatorValue: sha256,
      action: 'Block',
      outcome: 'created',
    });
    const result = resultOf<{ outcome: string; indicator: { id: string } }>(run);
    expect(result.outcome).toBe('created');
    const stored = s.contoso.indicators.find('FileSha256', sha256);
    expect(stored?.id).toBe(result.indicator.id);
    expect(stored?.description).toMatch(/^seen in incident 42 \[mcp-xdr [0-9a-f]{8}\]$/);
    const days = (Date.parse(stored?.expirationTime ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it('shows an existing indicator as an update, from -> to, with the file signer and the devices that saw it', async () => {
    const seeded = s.contoso.indicators.find('FileSha1', dropper.sha1);
    expect(seeded?.action).toBe('Audit');
    const { preview, run } = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('FileSha1', dropper.sha1, { deviceGroups: ['Workstations'] }),
    );
    const text = textOf(preview);
    expect(text).toMatch(/deviceGroups from "all devices" to "Workstations"/);
    expect(text).toContain(`Update indicator ${seeded?.id} of FileSha1`);
    expect(text).toMatch(/action from "Audit" to "Block"/);
    expect(text).toContain(
      `Devices that saw it in the last 30 days: ${dropper.seenOn.length} (file statistics`,
    );
    expect(text).toContain(`signer ${JSON.stringify(dropper.signer ?? 'unknown')}`);
    expect(run.isError, textOf(run)).toBeFalsy();
    const result = resultOf<{ outcome: string; indicator: { id: string }; previous: { action: string } }>(
      run,
    );
    expect(result).toMatchObject({
      outcome: 'updated',
      indicator: { id: seeded?.id },
      previous: { action: 'Audit' },
    });
    expect(s.contoso.indicators.find('FileSha1', dropper.sha1)).toMatchObject({
      action: 'Block',
      rbacGroupNames: ['Workstations'],
    });
    expect(s.received().at(-1)).toMatchObject({ outcome: 'updated', action: 'Block' });
  });

  it('never sends what is already in effect (the same block again)', async () => {
    const before = s.received().length;
    const again = await s.h.call('submit_indicator', block('FileSha1', dropper.sha1));
    expect(textOf(again)).toMatch(/Nothing will be sent for FileSha1/);
    const run = await s.h.call('submit_indicator', {
      ...block('FileSha1', dropper.sha1),
      confirmationToken: tokenOf(again),
    });
    expect(resultOf<{ outcome: string }>(run).outcome).toBe('alreadyInEffect');
    expect(s.received().length).toBe(before);
  });

  it('allows a domain and audits an address (non-blocking actions, the preview says so)', async () => {
    const allow = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('DomainName', 'Build.Contoso-Tools.example', { action: 'Allowed' }),
    );
    expect(textOf(allow.preview)).toMatch(/Allowed does not block/);
    expect(textOf(allow.preview)).toMatch(/advanced hunting/);
    expect(allow.run.isError, textOf(allow.run)).toBeFalsy();
    expect(s.contoso.indicators.find('DomainName', 'build.contoso-tools.example')?.action).toBe('Allowed');
    const audit = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('IpAddress', '198.51.100.7', { action: 'Audit' }),
    );
    expect(textOf(audit.preview)).toMatch(/IP statistics/);
    expect(audit.run.isError, textOf(audit.run)).toBeFalsy();
    expect(s.contoso.indicators.find('IpAddress', '198.51.100.7')).toMatchObject({
      action: 'Audit',
      generateAlert: true,
    });
  });

  it('counts devices that contacted a domain from a bounded hunting query', async () => {
    const r = await s.h.call('submit_indicator', block('DomainName', 'malicious-updates.com'));
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(textOf(r)).toMatch(/Devices that saw it in the last 30 days: [1-9]\d* \(advanced hunting/);
  });

  it('refuses an Audit that would not alert, and a private or loopback address for Block, before any call', async () => {
    const before = s.reached('GET') + s.reached('POST');
    const audit = await s.h.call(
      'submit_indicator',
      block('DomainName', 'x.example', { action: 'Audit', generateAlert: false }),
    );
    expect(errorOf(audit).code).toBe('validation_error');
    const privateIp = await s.h.call('submit_indicator', block('IpAddress', '10.1.2.3'));
    expect(errorOf(privateIp).code).toBe('forbidden');
    expect(textOf(privateIp)).toMatch(/protected role "privateAddress"/);
    const loopback = await s.h.call('submit_indicator', block('Url', 'http://127.0.0.1:8080/x'));
    expect(textOf(loopback)).toMatch(/protected role "loopback"/);
    const linkLocal = await s.h.call(
      'submit_indicator',
      block('IpAddress', 'fe80::1', { action: 'AlertAndBlock' }),
    );
    expect(textOf(linkLocal)).toMatch(/protected role "linkLocal"/);
    const update = await s.h.call(
      'submit_indicator',
      block('Url', 'https://download.windowsupdate.com/x.cab'),
    );
    expect(textOf(update)).toMatch(/protected name pattern "\*\.windowsupdate\.com"/);
    expect(s.reached('GET') + s.reached('POST')).toBe(before);
  });

  it('refuses a replayed token: the indicator was sent once', async () => {
    const args = block('Url', 'https://phish.example/login');
    const { run, token } = await previewAndRun(s.h.client, 'submit_indicator', args);
    expect(run.isError, textOf(run)).toBeFalsy();
    const replay = await s.h.call('submit_indicator', { ...args, confirmationToken: token });
    expect(errorOf(replay).code).toBe('confirmation_required');
    expect(s.received().filter((r) => r.indicatorValue === 'https://phish.example/login')).toHaveLength(1);
  });

  it('refuses a stale preview: the indicator changed after it was previewed', async () => {
    const args = block('IpAddress', '203.0.113.66');
    const preview = await s.h.call('submit_indicator', args);
    expect(textOf(preview)).toMatch(/action from "Alert" to "Block"/);
    // Someone else changes it in the portal meanwhile.
    s.contoso.indicators.submit(
      {
        indicatorType: 'IpAddress',
        indicatorValue: '203.0.113.66',
        action: 'Allowed',
        title: 'x',
        description: 'x',
        severity: 'Low',
        generateAlert: false,
      },
      'portal-user',
    );
    const before = s.received().length;
    const run = await s.h.call('submit_indicator', { ...args, confirmationToken: tokenOf(preview) });
    expect(errorOf(run).code).toBe('stale_preview');
    expect(s.received().length).toBe(before);
    expect(s.contoso.indicators.find('IpAddress', '203.0.113.66')?.action).toBe('Allowed');
  });

  it('never resends after a lost answer: the indicator is read back and reported (reset after Defender accepted)', async () => {
    s.h.emulator.control.faults.add({
      kind: 'resetAfter',
      method: 'POST',
      path: '/api/indicators',
      times: 1,
    });
    const { run } = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('DomainName', 'lost-answer.example'),
    );
    expect(run.isError, textOf(run)).toBeFalsy();
    const result = resultOf<{
      outcome: string;
      indicator: { indicatorValue: string } | null;
      message: string;
    }>(run);
    expect(result.outcome).toBe('uncertain');
    expect(result.indicator?.indicatorValue).toBe('lost-answer.example');
    expect(result.message).toMatch(/It was not sent again/);
    expect(s.received().filter((r) => r.indicatorValue === 'lost-answer.example')).toHaveLength(1);
  });

  it('reports an unknown fate after a 503 with nothing read back, and does not retry the POST', async () => {
    s.h.emulator.control.faults.add({
      kind: 'status',
      status: 503,
      method: 'POST',
      path: '/api/indicators',
      times: 1,
    });
    const { run } = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('DomainName', 'unavailable.example'),
    );
    const result = resultOf<{ outcome: string; indicator: unknown; message: string }>(run);
    expect(result).toMatchObject({ outcome: 'uncertain', indicator: null });
    expect(result.message).toMatch(/its fate is unknown/);
    expect(s.contoso.indicators.find('DomainName', 'unavailable.example')).toBeUndefined();
  });

  it('a declined approval sends nothing', async () => {
    s.approval.answer = { action: 'decline' };
    try {
      const { run } = await previewAndRun(
        s.h.client,
        'submit_indicator',
        block('DomainName', 'declined.example'),
      );
      expect(errorOf(run).code).toBe('approval_denied');
      expect(s.contoso.indicators.find('DomainName', 'declined.example')).toBeUndefined();
    } finally {
      s.approval.answer = { action: 'accept', content: { approve: true } };
    }
  });
});

describe('submit_indicator from a client without elicitation', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startIndicators({}, { capabilities: {} });
  }, 60_000);
  afterAll(() => s.h.close());

  it('waits for the approval console (approval_pending) and sends nothing', async () => {
    const { run } = await previewAndRun(
      s.h.client,
      'submit_indicator',
      block('DomainName', 'no-form.example'),
    );
    expect(run.isError).toBeFalsy();
    expect(run.structuredContent).toMatchObject({ phase: 'approval_pending' });
    expect(s.received()).toEqual([]);
  });
});
