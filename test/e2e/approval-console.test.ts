import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../src/emulator/data/model.js';
import { runCli } from '../cli/run-cli.js';
import {
  type ApprovalStack,
  launchChromium,
  requestApproval,
  startApprovalStack,
  type TeamName,
} from '../helpers/approval-stack.js';
import { actionsSince, errorOf, textOf, workstations } from '../plugins/devices/support.js';

/** Page loads after a click can take seconds on a busy 2-core CI machine: poll generously. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 100 });
const SCREENSHOT = join(import.meta.dirname, '..', '..', 'docs', 'images', 'approval-console.png');
/** A device name an attacker chose: markup, a bidi override, a forged "approved" line. */
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">evil\u202Egpj.exe\nApproved by admin';

/**
 * The approval console in Debian's Chromium (playwright-core), against the whole stack: emulator,
 * devices plugin, team auth, Streamable HTTP. The assistant is a real SDK client WITHOUT elicitation
 * (as Claude Desktop); the emulator's machine actions are the oracle for what really happened.
 */
describe('approval console in a real browser', () => {
  let stack: ApprovalStack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let pool: Machine[];
  const dialogs: string[] = [];
  const take = () => pool.shift() as Machine;
  const now = () => stack.h.emulator.world.clock.now() - 1;
  const card = (id: string) => page.locator(`article[id="${id}"]`);

  beforeAll(async () => {
    stack = await startApprovalStack();
    pool = workstations(stack.contoso);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 60_000);

  async function signIn(name: TeamName) {
    await browser.context.clearCookies();
    await page.goto(stack.consoleUrl.href);
    await page.fill('input[name=key]', stack.keys[name]);
    await page.click('form[action$="/login"] button');
  }

  it('an approver signs in, sees the request with hostile names escaped, approves one and denies another; the retries run once or never', async () => {
    const responder = await stack.client('responder');
    const [a, b] = [take(), take()] as [Machine, Machine];
    a.computerDnsName = HOSTILE;
    const since = now();
    const argsA = { machineId: a.id, comment: 'contain ransomware', isolationType: 'Selective' };
    const argsB = { machineId: b.id, comment: 'contain ransomware' };
    const requestA = await requestApproval(responder, 'isolate_device', argsA);
    const requestB = await requestApproval(responder, 'isolate_device', argsB);
    expect(textOf(requestA.result)).toContain(stack.consoleUrl.href);
    expect(textOf(requestA.result)).not.toContain('once=');
    const early = await responder.call('isolate_device', { ...argsA, approvalId: requestA.id });
    expect(errorOf(early).code).toBe('approval_required');

    await signIn('approver');
    await eventually(() => page.locator('#approver').textContent()).toBe('approver');
    await eventually(() => card(requestA.id).count()).toBe(1);
    // Escaped: the markup is text, not an element; the bidi override is shown, not obeyed.
    expect(await card(requestA.id).locator('img').count()).toBe(0);
    const shown = (await card(requestA.id).textContent()) ?? '';
    expect(shown).toContain('<img src=x');
    expect(shown).toMatch(/202E/); // written out (by the plugin's fence, or the console's own escaping)
    expect(shown).not.toContain('\u202E');
    expect(shown).toContain(a.id);
    expect(await page.title()).toBe('mcp-xdr approvals');
    expect(await card(requestB.id).locator('.requester').textContent()).toBe('responder');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }

    await card(requestA.id).locator('input[name=reason]').fill('ransomware confirmed by IR');
    await card(requestA.id).locator('button[value=approve]').click();
    await eventually(() => page.locator('#notice').getAttribute('data-notice')).toBe('approved');
    await card(requestB.id).locator('input[name=reason]').fill('wrong machine');
    await card(requestB.id).locator('button[value=deny]').click();
    await eventually(() => page.locator('#notice').getAttribute('data-notice')).toBe('denied');
    expect(await page.locator(`tr[data-id="${requestB.id}"]`).getAttribute('data-status')).toBe('denied');

    const run = await responder.call('isolate_device', { ...argsA, approvalId: requestA.id });
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(run.structuredContent).toMatchObject({ phase: 'executed', result: { outcome: 'started' } });
    const replay = await responder.call('isolate_device', { ...argsA, approvalId: requestA.id });
    expect(errorOf(replay).code).toBe('approval_required');
    expect(actionsSince(stack.contoso, a.id, since).map((x) => [x.type, x.scope])).toEqual([
      ['Isolate', 'Selective'],
    ]);

    const denied = await responder.call('isolate_device', { ...argsB, approvalId: requestB.id });
    expect(errorOf(denied).code).toBe('approval_denied');
    expect(textOf(denied)).toContain('wrong machine');
    expect(actionsSince(stack.contoso, b.id, since)).toEqual([]);
    expect(dialogs).toEqual([]);
  }, 240_000);

  it('refuses self-approval, a role that may not approve, and POSTs without the CSRF token or from another origin', async () => {
    const lead = await stack.client('lead');
    const c = take();
    const since = now();
    const args = { machineId: c.id, comment: 'lead asks' };
    const request = await requestApproval(lead, 'isolate_device', args);

    await signIn('responder');
    await eventually(() => page.locator('#notice').getAttribute('data-notice')).toBe('may_not_approve');

    await signIn('lead');
    await eventually(() => card(request.id).count()).toBe(1);
    expect(await card(request.id).locator('button[value=approve]').count()).toBe(0);
    const csrf = (await page.locator('input[name=csrf]').first().getAttribute('value')) as string;
    // The lead forges the form anyway: four eyes is the server's rule, not the page's.
    const forged = await page.request.post(`${stack.consoleUrl.href}/decide`, {
      form: { csrf, id: request.id, decision: 'approve', reason: 'me' },
    });
    expect(new URL(forged.url()).searchParams.get('notice')).toBe('self_approval');
    for (const form of [
      { id: request.id, decision: 'approve', reason: 'no token' } as Record<string, string>,
      { csrf: 'x'.repeat(csrf.length), id: request.id, decision: 'approve', reason: 'bad token' },
    ]) {
      const refused = await page.request.post(`${stack.consoleUrl.href}/decide`, { form, maxRedirects: 0 });
      expect(refused.status()).toBe(403);
    }
    const cookies = await browser.context.cookies();
    const crossSite = await fetch(`${stack.consoleUrl.href}/decide`, {
      method: 'POST',
      headers: {
        origin: 'http://evil.example',
        cookie: cookies.map((k) => `${k.name}=${k.value}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ csrf, id: request.id, decision: 'approve', reason: 'x' }).toString(),
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    expect((await stack.h.kernel.approvals.pending.get(request.id))?.status).toBe('pending');

    const run = await lead.call('isolate_device', { ...args, approvalId: request.id });
    expect(errorOf(run).code).toBe('approval_required');
    expect(actionsSince(stack.contoso, c.id, since)).toEqual([]);
  }, 180_000);

  it('the kill switch button stops every change at once while reads go on; the CLI reads it and lifts it', async () => {
    const responder = await stack.client('responder');
    const d = take();
    await signIn('approver');
    await page.locator('#kill-switch input[name=reason]').fill('suspected compromised agent');
    await page.locator('#kill-switch button').click();
    await eventually(() => page.locator('#kill-switch').getAttribute('data-on')).toBe('true');

    const write = await responder.call('run_av_scan', { machineId: d.id, comment: 'scan' });
    expect(errorOf(write).code).toBe('forbidden');
    expect(textOf(write)).toContain('kill switch');
    const read = await responder.call('get_device_actions', { machineId: d.id });
    expect(read.isError, textOf(read)).toBeFalsy();

    const env = { MCP_XDR_APPROVER_KEY: stack.keys.approver2 };
    const status = await runCli(['kill-switch', 'status', '--url', stack.consoleUrl.href, '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      on: true,
      by: 'approver',
      reason: 'suspected compromised agent',
    });
    const wrongKey = await runCli(['kill-switch', 'off', '--url', stack.consoleUrl.href, '--reason', 'x'], {
      env: { MCP_XDR_APPROVER_KEY: stack.keys.responder },
    });
    expect(wrongKey.code).toBe(1);
    const off = await runCli(
      ['kill-switch', 'off', '--url', stack.consoleUrl.href, '--reason', 'all clear'],
      {
        env,
      },
    );
    expect(off.code, off.stderr).toBe(0);
    const preview = (await responder.call('run_av_scan', {
      machineId: d.id,
      comment: 'scan',
    })) as CallToolResult;
    expect(preview.isError, textOf(preview)).toBeFalsy();
    await page.reload();
    expect(await page.locator('#kill-switch').getAttribute('data-on')).toBe('false');
  }, 180_000);
});
