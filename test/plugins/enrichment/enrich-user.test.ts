import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { ENRICHMENT, ok, text, toolError, worldOf } from './support.js';

interface UserOut {
  profile: { objectId: string; userPrincipalName: string; displayName: string };
  accountEnabled: boolean | null;
  identityAccount: { isEnabled: boolean | null; providers: string[]; known: boolean };
  risk: { riskLevel: string | null; riskState: string | null; known: boolean };
  signIns: {
    count: number;
    failures: number;
    locations: { value: string; count: number }[];
    ipAddresses: { value: string; count: number }[];
    lastSuccess: { createdDateTime: string } | null;
    lastFailure: { createdDateTime: string; errorCode: number; failureReason: string | null } | null;
  };
  relatedAlerts: { items: { id: string }[]; scanned: number; scanCapped: boolean };
  nextSteps: { tool: string; args?: Record<string, unknown> }[];
}

let xdr: XdrHarness;
beforeAll(async () => {
  xdr = await startXdr({ plugins: ENRICHMENT });
});
afterAll(async () => xdr?.close());

type Evidence = Record<string, unknown> & { userAccount?: { azureAdUserId?: string } };
const alertsNaming = (id: string) =>
  worldOf(xdr)
    .alerts.filter((a) => (a.evidence as Evidence[]).some((e) => e.userAccount?.azureAdUserId === id))
    .map((a) => a.id);

/** A risky user the stories put in alert evidence, with failed sign-ins. */
function storyVictim() {
  const w = worldOf(xdr);
  const user = w.users.find(
    (u) =>
      w.riskyUsers.some((r) => r.id === u.id) &&
      alertsNaming(u.id).length > 0 &&
      w.signIns.some((s) => s.userId === u.id && s.status.errorCode !== 0),
  );
  if (!user) throw new Error('no story victim in the seeded world');
  return user;
}

describe('enrich_user', () => {
  it('by UPN: profile, account state, risk, sign-ins summarised and related alerts as the emulator has them', async () => {
    const w = worldOf(xdr);
    const user = storyVictim();
    const risky = w.riskyUsers.find((r) => r.id === user.id);
    const signIns = w.signIns.filter((s) => s.userId === user.id);
    const u = ok<UserOut>(await xdr.call('enrich_user', { upn: user.userPrincipalName }));
    expect(u.profile).toMatchObject({ objectId: user.id, userPrincipalName: user.userPrincipalName });
    expect(u.accountEnabled).toBe(user.accountEnabled);
    const identity = w.identityAccounts.find((a) => a.id === user.id);
    expect(u.identityAccount).toEqual({
      isEnabled: identity?.isEnabled,
      providers: identity?.accounts.map((a) => a.identityProvider),
      known: true,
    });
    expect(u.risk).toMatchObject({ riskLevel: risky?.riskLevel, riskState: risky?.riskState, known: true });
    expect(u.signIns.count).toBe(signIns.length);
    expect(u.signIns.failures).toBe(signIns.filter((s) => s.status.errorCode !== 0).length);
    expect(u.signIns.ipAddresses.map((i) => i.value).sort()).toEqual(
      [...new Set(signIns.map((s) => s.ipAddress))].sort().slice(0, 10),
    );
    const newestFailure = signIns
      .filter((s) => s.status.errorCode !== 0)
      .sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime))[0];
    expect(u.signIns.lastFailure).toMatchObject({
      createdDateTime: newestFailure?.createdDateTime,
      errorCode: newestFailure?.status.errorCode,
    });
    expect(u.relatedAlerts.items.map((a) => a.id).sort()).toEqual(alertsNaming(user.id).slice(0, 10).sort());
    expect(u.relatedAlerts.scanned).toBe(w.alerts.length);
    expect(u.relatedAlerts.scanCapped).toBe(false);
    expect(text(await xdr.call('enrich_user', { upn: user.userPrincipalName }))).toContain(
      `scanned the newest ${w.alerts.length} alerts`,
    );
  });

  it('by object id (any case); a never-risky user has risk known: false', async () => {
    const w = worldOf(xdr);
    const user = w.users.find((x) => !w.riskyUsers.some((r) => r.id === x.id));
    if (!user) throw new Error('everyone is risky');
    const u = ok<UserOut>(await xdr.call('enrich_user', { objectId: user.id.toUpperCase() }));
    expect(u.profile.userPrincipalName).toBe(user.userPrincipalName);
    expect(u.risk).toMatchObject({ known: false, riskLevel: null });
  });

  it('a small alertScanLimit says the scan was capped', async () => {
    const capped = await startXdr({ plugins: { enrichment: { options: { alertScanLimit: 5 } } } });
    try {
      const user = worldOf(capped).users[0] as { userPrincipalName: string };
      const u = ok<UserOut>(await capped.call('enrich_user', { upn: user.userPrincipalName }));
      expect(u.relatedAlerts).toMatchObject({ scanned: 5, scanCapped: true });
      expect(text(await capped.call('enrich_user', { upn: user.userPrincipalName }))).toContain(
        'older alerts not scanned',
      );
    } finally {
      await capped.close();
    }
  });

  it('bad ids are validation errors; an unknown user is not_found naming what was looked up', async () => {
    for (const args of [
      { upn: 'not-a-upn' },
      { upn: "x'or 1 eq 1@contoso.com/" },
      { objectId: 'nope' },
      {},
      { upn: 'a@contoso.com', objectId: '00000000-0000-0000-0000-000000000000' },
    ]) {
      expect(toolError(await xdr.call('enrich_user', args)).code, JSON.stringify(args)).toBe(
        'validation_error',
      );
    }
    const missing = await xdr.call('enrich_user', { upn: 'nobody@contoso.onmicrosoft.com' });
    expect(toolError(missing).code).toBe('not_found');
    expect(text(missing)).toContain('user principal name nobody@contoso.onmicrosoft.com');
    const hidden = await xdr.call('enrich_user', { upn: 'no\u202ebody@contoso.onmicrosoft.com' });
    expect(toolError(hidden).code).toBe('not_found');
    expect(text(hidden)).not.toContain('\u202e');
    expect(text(hidden)).toContain('no\\u{202E}body');
    const byId = await xdr.call('enrich_user', { objectId: '00000000-0000-4000-8000-000000000000' });
    expect(toolError(byId).code).toBe('not_found');
  });
});
