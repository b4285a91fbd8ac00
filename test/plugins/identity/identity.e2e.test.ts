import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantData } from '../../../src/emulator/data/world.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, previewAndRun, resultOf, textOf, tokenOf } from '../devices/support.js';

type Answer = { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, boolean> };

/** The whole stack with the identity plugin, a client that elicits, and the emulator's record as oracle. */
async function startIdentity(options: Record<string, unknown> = {}, hostile = false) {
  const h: XdrHarness = await startXdr({
    plugins: { identity: { options: { hourlyCap: 100, ...options } } },
    config: { policy: { maxTier: 'destructive' } },
    emulator: { hostile },
    capabilities: { elicitation: { form: {} } },
  });
  const forms: string[] = [];
  const approval: { answer: Answer } = { answer: { action: 'accept', content: { approve: true } } };
  h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
    forms.push(request.params.message);
    return approval.answer;
  });
  const contoso = h.emulator.world.tenant('contoso') as TenantData;
  const upn = (alias: string) => `${alias}@${contoso.domain}`;
  const user = (alias: string) => contoso.users.find((u) => u.userPrincipalName === upn(alias));
  const recordFor = (id: string | undefined) =>
    contoso.identityActions.filter((r) => r.target === id).map((r) => [r.api, r.action, r.identityProvider]);
  return { h, forms, approval, contoso, upn, user, recordFor };
}

type Started = Awaited<ReturnType<typeof startIdentity>>;

describe('identity actions through a real MCP client (emulator record as oracle)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startIdentity();
  }, 60_000);
  afterAll(() => s.h.close());

  it('disables a hybrid account in Entra ID and Active Directory after a preview of the live account', async () => {
    const { preview, run } = await previewAndRun(s.h.client, 'disable_account', {
      account: s.upn('hybrid.user'),
    });
    const text = textOf(preview);
    expect(text).toMatch(/on entraID \(invokeAction\), activeDirectory \(invokeAction\)/);
    expect(text).toMatch(/risk medium\/atRisk/);
    expect(text).toMatch(/last successful sign-in/);
    expect(run.isError).toBeFalsy();
    expect(s.forms.at(-1)).toMatch(/hybrid\.user/);
    const id = s.user('hybrid.user')?.id;
    expect(s.recordFor(id)).toEqual([
      ['invokeAction', 'disable', 'entraID'],
      ['invokeAction', 'disable', 'activeDirectory'],
    ]);
    expect(s.user('hybrid.user')?.accountEnabled).toBe(false);
    expect(s.contoso.identityAccounts.find((a) => a.id === id)?.isEnabled).toBe(false);
    const result = resultOf<{ outcomes: { status: string }[] }>(run);
    expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done']);
  });

  it('revokes sessions: Entra ID through Graph revokeSignInSessions, Okta through invokeAction', async () => {
    const before = s.user('okta.user')?.signInSessionsValidFromDateTime;
    const { run } = await previewAndRun(s.h.client, 'revoke_sessions', { account: s.upn('okta.user') });
    expect(run.isError).toBeFalsy();
    expect(s.recordFor(s.user('okta.user')?.id)).toEqual([
      ['revokeSignInSessions', 'revokeSignInSessions', 'entraID'],
      ['invokeAction', 'revokeAllSessions', 'okta'],
    ]);
    expect(s.user('okta.user')?.signInSessionsValidFromDateTime).not.toBe(before);
  });

  it('forces a password reset on an Active Directory-only account, found by its Defender for Identity id', async () => {
    const ad = s.contoso.identityAccounts.find((a) => a.displayName === 'AD Only Service');
    const { run } = await previewAndRun(s.h.client, 'force_password_reset', { account: ad?.id });
    expect(run.isError).toBeFalsy();
    expect(s.recordFor(ad?.id)).toEqual([['invokeAction', 'forcePasswordReset', 'activeDirectory']]);
  });

  it('refuses an action the provider does not support, with the reason, before any call', async () => {
    const before = s.contoso.identityActions.length;
    const cloud = await s.h.call('force_password_reset', { account: s.upn('cloud.only') });
    expect(errorOf(cloud).code).toBe('validation_error');
    expect(textOf(cloud)).toMatch(/activeDirectory only, and the account lives in entraID/);
    const okta = await s.h.call('revoke_sessions', {
      account: s.upn('hybrid.user'),
      providers: ['activeDirectory'],
    });
    expect(textOf(okta)).toMatch(/not supported for activeDirectory/);
    expect(s.contoso.identityActions.length).toBe(before);
  });

  it('confirms a user compromised and dismisses another user risk (Identity Protection state)', async () => {
    const confirm = await previewAndRun(s.h.client, 'confirm_user_compromised', {
      account: s.upn('disabled.user'),
    });
    expect(confirm.run.isError).toBeFalsy();
    expect(s.contoso.riskyUsers.find((r) => r.id === s.user('disabled.user')?.id)?.riskState).toBe(
      'confirmedCompromised',
    );
    const dismiss = await previewAndRun(s.h.client, 'dismiss_user_risk', { account: s.upn('cloud.only') });
    expect(dismiss.run.isError).toBeFalsy();
    expect(s.contoso.riskyUsers.find((r) => r.id === s.user('cloud.only')?.id)?.riskState).toBe('dismissed');
    const again = await s.h.call('dismiss_user_risk', { account: s.upn('cloud.only') });
    expect(textOf(again)).toMatch(/already dismissed/);
  });

  it('refuses a replayed token: the action was sent once', async () => {
    const { run, token } = await previewAndRun(s.h.client, 'enable_account', {
      account: s.upn('disabled.user'),
    });
    expect(run.isError).toBeFalsy();
    const replay = await s.h.call('enable_account', {
      account: s.upn('disabled.user'),
      confirmationToken: token,
    });
    expect(errorOf(replay).code).toBe('confirmation_required');
    expect(s.recordFor(s.user('disabled.user')?.id).filter(([, action]) => action === 'enable')).toHaveLength(
      2,
    );
  });

  it('refuses the undo within the cooldown (disable then enable the same account)', async () => {
    const enable = await s.h.call('enable_account', { account: s.upn('hybrid.user') });
    expect(errorOf(enable).code).toBe('rate_limited');
    expect(errorOf(enable).retryAfter).toBeGreaterThan(0);
  });

  it('a declined approval sends nothing', async () => {
    s.approval.answer = { action: 'decline' };
    try {
      const { run } = await previewAndRun(s.h.client, 'disable_account', { account: s.upn('cloud.only') });
      expect(errorOf(run).code).toBe('approval_denied');
      expect(s.recordFor(s.user('cloud.only')?.id).filter(([, a]) => a === 'disable')).toEqual([]);
    } finally {
      s.approval.answer = { action: 'accept', content: { approve: true } };
    }
  });

  it('names the missing role when the app may read but not act (403), and frees the cooldown', async () => {
    const okta = s.contoso.identityAccounts.find((a) => a.displayName === 'Okta Contractor');
    const args = { account: okta?.id, tenant: 'contoso-readonly' };
    const { run } = await previewAndRun(s.h.client, 'disable_account', args);
    expect(errorOf(run).code).toBe('forbidden');
    expect(textOf(run)).toMatch(/SecurityIdentitiesActions\.ReadWrite\.All/);
    expect(s.recordFor(okta?.id)).toEqual([]);
    // A definite refusal sent nothing: the same account can be previewed again at once.
    expect(tokenOf(await s.h.call('disable_account', args))).toBeDefined();
  });
});

describe('protected accounts are refused before any call, whatever the approval', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startIdentity({
      protected: {
        namePatterns: ['breakglass*'],
        groups: ['Tier 0 Operators'],
        roles: ['Global Administrator', 'Privileged Role Administrator'],
      },
    });
  }, 60_000);
  afterAll(() => s.h.close());

  it.each([
    ['breakglass01', /protected name pattern "breakglass\*"/],
    ['it.admin', /protected role "Global Administrator"/],
    ['role.admin', /protected role "Privileged Role Administrator"/],
    ['tier0.ops', /protected group "Tier 0 Operators"/],
  ])('%s', async (alias, rule) => {
    for (const tool of ['disable_account', 'revoke_sessions']) {
      const r: CallToolResult = await s.h.call(tool, { account: s.upn(alias) });
      expect(errorOf(r).code).toBe('forbidden');
      expect(textOf(r)).toMatch(rule);
      expect(tokenOf(r)).toBeUndefined();
    }
    expect(s.forms).toEqual([]);
    expect(s.recordFor(s.user(alias)?.id)).toEqual([]);
  });
});

describe('hostile names', () => {
  it('shows a look-alike account escaped and flagged in the preview and the approval form', async () => {
    const s = await startIdentity({}, true);
    try {
      const upn = s.upn('\u0430dele.v');
      const { preview, run } = await previewAndRun(s.h.client, 'disable_account', { account: upn });
      const text = textOf(preview);
      expect(text).toMatch(/mixed scripts/);
      expect(text).toMatch(/invisible or control characters/);
      expect(text).not.toMatch(/[\u200b\u202e]/);
      expect(text).toContain('\\u{200B}');
      expect(s.forms.at(-1)).toMatch(/mixed scripts/);
      expect(s.forms.at(-1)).not.toMatch(/[\u200b\u202e]/);
      expect(run.isError).toBeFalsy();
    } finally {
      await s.h.close();
    }
  }, 60_000);
});
