import { describe, expect, it } from 'vitest';
import { IDENTITY_FIXTURES } from '../../../src/emulator/data/identity-fixtures.js';
import type { IdentityAccount, RiskyUser, SignIn, User } from '../../../src/emulator/data/model.js';
import { type ErrorBody, harness, type JsonObject, type Listing, walk } from './harness.js';

describe('users, risky users and sign-ins', () => {
  it('gets a user by object id or UPN (any case) with the default property set', async () => {
    const h = harness();
    const user = h.world.tenant('contoso')?.users[5] as User;
    const byId = await h.call<JsonObject>('GET', `/v1.0/users/${user.id}`);
    const byUpn = await h.call<JsonObject>('GET', `/v1.0/users/${user.userPrincipalName.toUpperCase()}`);
    expect(byId.json).toEqual(byUpn.json);
    expect(byId.json.userPrincipalName).toBe(user.userPrincipalName);
    expect(byId.json.department).toBeUndefined();
    const selected = await h.call<JsonObject>(
      'GET',
      `/v1.0/users/${user.id}?$select=id,department,accountEnabled`,
    );
    expect(selected.json).toMatchObject({
      id: user.id,
      department: user.department,
      accountEnabled: user.accountEnabled,
    });
    const missing = await h.call<ErrorBody>('GET', '/v1.0/users/nobody@contoso.onmicrosoft.com');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('Request_ResourceNotFound');
    const otherTenant = await h.call<ErrorBody>('GET', `/v1.0/users/${user.id}`, { tenant: 'fabrikam' });
    expect(otherTenant.status).toBe(404);
  });

  it('lists users with filters, $select and skiptoken paging; refuses $skip', async () => {
    const h = harness();
    const users = h.world.tenant('contoso')?.users ?? [];
    const all = await walk<JsonObject>(h, '/v1.0/users?$top=30');
    expect(all.items.map((u) => u.id)).toEqual(users.map((u) => u.id));
    expect(all.items[0]?.department).toBeUndefined();
    const finance = await h.call<Listing<JsonObject>>(
      'GET',
      "/v1.0/users?$filter=department eq 'Finance' and accountEnabled eq true&$select=id,department",
    );
    expect(finance.json.value.map((u) => u.id)).toEqual(
      users.filter((u) => u.department === 'Finance' && u.accountEnabled).map((u) => u.id),
    );
    expect(finance.json.value.every((u) => Object.keys(u).join() === 'id,department')).toBe(true);
    const upn = users[7]?.userPrincipalName ?? '';
    const one = await h.call<Listing<JsonObject>>(
      'GET',
      `/v1.0/users?$filter=startswith(userPrincipalName, '${upn.slice(0, 5)}')`,
    );
    expect(one.json.value.map((u) => u.userPrincipalName)).toContain(upn);
    const skip = await h.call<ErrorBody>('GET', '/v1.0/users?$skip=10');
    expect(skip.status).toBe(400);
    expect((await h.call('GET', '/v1.0/users?$top=1000')).status).toBe(400);
  });

  it('lists risky users with filters and gets one', async () => {
    const h = harness();
    const high = await h.call<Listing<RiskyUser>>(
      'GET',
      "/v1.0/identityProtection/riskyUsers?$filter=riskLevel eq 'high'",
    );
    expect(high.json.value.length).toBeGreaterThan(0);
    expect(high.json.value.every((r) => r.riskLevel === 'high')).toBe(true);
    const one = await h.call<RiskyUser>(
      'GET',
      `/v1.0/identityProtection/riskyUsers/${high.json.value[0]?.id}`,
    );
    expect(one.json.userPrincipalName).toBe(high.json.value[0]?.userPrincipalName);
    expect(
      (await h.call('GET', '/v1.0/identityProtection/riskyUsers/00000000-0000-4000-8000-000000000000'))
        .status,
    ).toBe(404);
  });

  it('filters sign-ins by userPrincipalName or userId and pages them', async () => {
    const h = harness();
    const user = h.world.tenant('contoso')?.users[10] as User;
    const byUpn = await h.call<Listing<SignIn>>(
      'GET',
      `/v1.0/auditLogs/signIns?$filter=userPrincipalName eq '${user.userPrincipalName}'`,
    );
    expect(byUpn.json.value.length).toBeGreaterThan(0);
    expect(byUpn.json.value.every((s) => s.userId === user.id)).toBe(true);
    const byId = await h.call<Listing<SignIn>>(
      'GET',
      `/v1.0/auditLogs/signIns?$filter=userId eq '${user.id}' and status/errorCode eq 0`,
    );
    expect(byId.json.value.every((s) => s.status.errorCode === 0 && s.userId === user.id)).toBe(true);
    const all = await walk<SignIn>(h, '/v1.0/auditLogs/signIns?$top=100');
    expect(all.items).toHaveLength(h.world.tenant('contoso')?.signIns.length ?? -1);
    expect((await h.call('GET', "/v1.0/auditLogs/signIns?$filter=password eq 'x'")).status).toBe(400);
  });
});

describe('Defender for Identity accounts', () => {
  function hybrid(h: ReturnType<typeof harness>): IdentityAccount {
    const account = h.world
      .tenant('contoso')
      ?.identityAccounts.find((a) => a.accounts.some((x) => x.identityProvider === 'activeDirectory'));
    if (!account) throw new Error('no hybrid account');
    return account;
  }

  it('lists and gets identity accounts', async () => {
    const h = harness();
    const list = await h.call<Listing<IdentityAccount>>(
      'GET',
      '/beta/security/identities/identityAccounts?$top=10&$count=true',
    );
    expect(list.json['@odata.count']).toBe(100 + IDENTITY_FIXTURES.length);
    expect(list.json.value).toHaveLength(10);
    const one = await h.call<IdentityAccount>(
      'GET',
      `/v1.0/security/identities/identityAccounts/${list.json.value[0]?.id}`,
    );
    expect(one.json.accounts.length).toBeGreaterThan(0);
    expect((await h.call('GET', '/v1.0/security/identities/identityAccounts/nope')).status).toBe(404);
  });

  it('disables an account through Active Directory, accepting provider as well as identityProvider', async () => {
    const h = harness();
    const account = hybrid(h);
    const ad = account.accounts.find((a) => a.identityProvider === 'activeDirectory');
    const reply = await h.call<JsonObject>(
      'POST',
      `/v1.0/security/identities/identityAccounts/${account.id}/invokeAction`,
      {
        body: { accountId: ad?.identifier, action: 'disable', provider: 'ActiveDirectory' },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      action: 'disable',
      identityProvider: 'activeDirectory',
      accountId: ad?.identifier,
    });
    expect(reply.json.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.world.tenant('contoso')?.identityAccounts.find((a) => a.id === account.id)?.isEnabled).toBe(
      false,
    );
  });

  it('marks a user compromised in Entra ID, which Identity Protection then shows', async () => {
    const h = harness();
    const account = hybrid(h);
    const reply = await h.call(
      'POST',
      `/v1.0/security/identities/identityAccounts/${account.id}/invokeAction`,
      {
        body: { accountId: account.id, action: 'markUserAsCompromised', identityProvider: 'entraID' },
      },
    );
    expect(reply.status).toBe(200);
    const risky = await h.call<RiskyUser>('GET', `/v1.0/identityProtection/riskyUsers/${account.id}`);
    expect(risky.json).toMatchObject({ riskLevel: 'high', riskState: 'confirmedCompromised' });
  });

  it.each([
    [{ action: 'forcePasswordReset', identityProvider: 'entraID' }, /not supported/],
    [{ action: 'revokeAllSessions', identityProvider: 'activeDirectory' }, /not supported/],
    [{ action: 'requireUserToSignInAgain', identityProvider: 'okta' }, /no okta identity|not supported/],
    [{ action: 'explode', identityProvider: 'entraID' }, /Requested value 'explode'/],
    [{ action: 'disable', identityProvider: 'ldap' }, /Requested value 'ldap'/],
    [{ action: 'disable' }, /identityProvider' parameter is required/],
    [{ action: 'disable', identityProvider: 'entraID', reason: 'x' }, /reason/],
  ])('refuses %j with 400 (support matrix and validation)', async (extra, message) => {
    const h = harness();
    const account = hybrid(h);
    const reply = await h.call<ErrorBody>(
      'POST',
      `/v1.0/security/identities/identityAccounts/${account.id}/invokeAction`,
      {
        body: { accountId: account.id, ...extra },
      },
    );
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toMatch(message);
  });
});
