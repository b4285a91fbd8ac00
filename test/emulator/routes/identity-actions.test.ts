import { describe, expect, it } from 'vitest';
import { ROLE_TEMPLATES } from '../../../src/emulator/data/identity-fixtures.js';
import type { IdentityAccount, RiskyUser } from '../../../src/emulator/data/model.js';
import { type ErrorBody, type Harness, harness, type JsonObject, type Listing } from './harness.js';

const INVOKE = (id: string) => `/beta/security/identities/identityAccounts/${id}/invokeAction`;

function fixture(h: Harness, alias: string) {
  const tenant = h.world.tenant('contoso');
  if (!tenant) throw new Error('no contoso');
  const upn = `${alias}@${tenant.domain}`;
  const user = tenant.users.find((u) => u.userPrincipalName === upn);
  const account = tenant.identityAccounts.find(
    (a) => a.id === user?.id || (a.displayName !== '' && !user && a.displayName === displayNameOf(alias)),
  ) as IdentityAccount;
  return { tenant, upn, user, account };
}

const displayNameOf = (alias: string) =>
  ({ 'ad.only': 'AD Only Service', 'okta.only': 'Okta Contractor' })[alias] ?? '';

describe('identity fixtures, directory roles and memberships', () => {
  it('seeds accounts in Active Directory only, Entra ID only, both, and Okta', () => {
    const h = harness();
    const providers = (alias: string) =>
      fixture(h, alias)
        .account.accounts.map((a) => a.identityProvider)
        .sort();
    expect(providers('ad.only')).toEqual(['activeDirectory']);
    expect(fixture(h, 'ad.only').user).toBeUndefined();
    expect(providers('cloud.only')).toEqual(['entraID']);
    expect(providers('hybrid.user')).toEqual(['activeDirectory', 'entraID']);
    expect(providers('okta.user')).toEqual(['entraID', 'okta']);
    expect(providers('okta.only')).toEqual(['okta']);
    expect(fixture(h, 'hybrid.user').user?.onPremisesSyncEnabled).toBe(true);
    expect(fixture(h, 'disabled.user').user?.accountEnabled).toBe(false);
  });

  it("lists a user's groups and directory roles, and a role's members by id or template id", async () => {
    const h = harness();
    const admin = fixture(h, 'it.admin');
    const memberOf = await h.call<Listing<JsonObject>>('GET', `/v1.0/users/${admin.upn}/transitiveMemberOf`);
    expect(memberOf.json.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.directoryRole',
        displayName: 'Global Administrator',
        roleTemplateId: ROLE_TEMPLATES.globalAdministrator,
      }),
    ]);
    const tier0 = await h.call<Listing<JsonObject>>(
      'GET',
      `/v1.0/users/${fixture(h, 'tier0.ops').user?.id}/memberOf`,
    );
    expect(tier0.json.value.map((o) => [o['@odata.type'], o.displayName])).toEqual([
      ['#microsoft.graph.group', 'Tier 0 Operators'],
    ]);
    const members = await h.call<Listing<JsonObject>>(
      'GET',
      `/v1.0/directoryRoles/roleTemplateId=${ROLE_TEMPLATES.globalAdministrator}/members`,
    );
    expect(members.json.value.map((u) => u.userPrincipalName).sort()).toEqual(
      [fixture(h, 'breakglass01').upn, admin.upn].sort(),
    );
    const roles = await h.call<Listing<JsonObject>>('GET', '/v1.0/directoryRoles');
    expect(roles.json.value.every((r) => !('memberIds' in r))).toBe(true);
    expect(
      (await h.call('GET', '/v1.0/users/nobody@contoso.onmicrosoft.com/transitiveMemberOf')).status,
    ).toBe(404);
  });
});

describe('identity response actions change what later reads show', () => {
  it('disables and enables per provider: Graph accountEnabled for Entra ID, isEnabled for AD', async () => {
    const h = harness();
    const { account, user } = fixture(h, 'hybrid.user');
    const ad = account.accounts.find((a) => a.identityProvider === 'activeDirectory');
    const entra = await h.call('POST', INVOKE(account.id), {
      body: { accountId: account.id, action: 'disable', identityProvider: 'entraID' },
    });
    expect(entra.status).toBe(200);
    const graphUser = await h.call<JsonObject>('GET', `/v1.0/users/${user?.id}?$select=accountEnabled`);
    expect(graphUser.json.accountEnabled).toBe(false);
    // The on-premises side is untouched until AD is asked.
    expect(
      (await h.call<IdentityAccount>('GET', `/beta/security/identities/identityAccounts/${account.id}`)).json
        .isEnabled,
    ).toBe(true);
    await h.call('POST', INVOKE(account.id), {
      body: { accountId: ad?.identifier, action: 'disable', identityProvider: 'activeDirectory' },
    });
    expect(
      (await h.call<IdentityAccount>('GET', `/beta/security/identities/identityAccounts/${account.id}`)).json
        .isEnabled,
    ).toBe(false);
    expect(h.world.tenant('contoso')?.identityActions.map((r) => [r.action, r.identityProvider])).toEqual([
      ['disable', 'entraID'],
      ['disable', 'activeDirectory'],
    ]);
  });

  it('revokeSignInSessions resets signInSessionsValidFromDateTime and answers true', async () => {
    const h = harness();
    const { user, upn } = fixture(h, 'cloud.only');
    const before = user?.signInSessionsValidFromDateTime;
    h.clock.advance(60_000);
    const reply = await h.call<JsonObject>('POST', `/v1.0/users/${upn}/revokeSignInSessions`);
    expect(reply.status).toBe(200);
    expect(reply.json.value).toBe(true);
    const after = await h.call<JsonObject>(
      'GET',
      `/v1.0/users/${user?.id}?$select=signInSessionsValidFromDateTime`,
    );
    expect(after.json.signInSessionsValidFromDateTime).not.toBe(before);
    expect(Date.parse(String(after.json.signInSessionsValidFromDateTime))).toBe(h.clock.now());
    expect(
      (await h.call('POST', '/v1.0/users/nobody@contoso.onmicrosoft.com/revokeSignInSessions')).status,
    ).toBe(404);
  });

  it('confirmCompromised and dismiss move Identity Protection state (204), creating a record only on confirm', async () => {
    const h = harness();
    const risky = fixture(h, 'cloud.only').user?.id as string;
    const neverRisky = fixture(h, 'role.admin').user?.id as string;
    const dismissed = await h.call('POST', '/v1.0/identityProtection/riskyUsers/dismiss', {
      body: { userIds: [risky, neverRisky] },
    });
    expect(dismissed.status).toBe(204);
    const after = await h.call<RiskyUser>('GET', `/v1.0/identityProtection/riskyUsers/${risky}`);
    expect(after.json).toMatchObject({ riskLevel: 'none', riskState: 'dismissed' });
    expect((await h.call('GET', `/v1.0/identityProtection/riskyUsers/${neverRisky}`)).status).toBe(404);
    const confirmed = await h.call('POST', '/v1.0/identityProtection/riskyUsers/confirmCompromised', {
      body: { userIds: [neverRisky] },
    });
    expect(confirmed.status).toBe(204);
    const now = await h.call<RiskyUser>('GET', `/v1.0/identityProtection/riskyUsers/${neverRisky}`);
    expect(now.json).toMatchObject({ riskLevel: 'high', riskState: 'confirmedCompromised' });
  });

  it.each([
    [{}, /userIds/],
    [{ userIds: [] }, /userIds/],
    [{ userIds: ['00000000-0000-4000-8000-000000000000'] }, /Invalid user id/],
    [{ userIds: ['x'], reason: 'y' }, /reason/],
  ])('refuses a riskyUsers body %j with 400', async (body, message) => {
    const h = harness();
    const reply = await h.call<ErrorBody>('POST', '/v1.0/identityProtection/riskyUsers/dismiss', { body });
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toMatch(message);
  });
});
