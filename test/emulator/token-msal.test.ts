import {
  ConfidentialClientApplication,
  type Configuration,
  ManagedIdentityApplication,
} from '@azure/msal-node';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCredentials } from '../../src/emulator/credentials.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { msalNetworkClient } from './support/client.js';
import { appOf, GRAPH_SCOPE, MDE_SCOPE, tenantOf } from './support/emulator.js';

let emulator: RunningEmulator;
/** The JOSE headers of the client assertions MSAL sent, in order. */
let assertionHeaders: Record<string, unknown>[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: 7 });
});
afterAll(async () => {
  await emulator?.stop();
});

/** An unmodified MSAL client whose authority is the emulator; the CA is trusted through configuration. */
function msal(
  auth: Partial<Configuration['auth']> & { clientId: string },
  tenantId: string,
  host = '127.0.0.1',
) {
  const origin = emulator.urls.login.replace('127.0.0.1', host);
  return new ConfidentialClientApplication({
    auth: { authority: `${origin}/${tenantId}`, knownAuthorities: [new URL(origin).host], ...auth },
    system: {
      networkClient: msalNetworkClient(emulator.ca, (_url, body) => {
        const assertion = new URLSearchParams(body ?? '').get('client_assertion');
        if (assertion) assertionHeaders.push(decodeProtectedHeader(assertion) as Record<string, unknown>);
      }),
    },
  });
}

describe('unmodified MSAL ConfidentialClientApplication against the emulator', () => {
  it('gets a Graph token with a certificate, PS256 via thumbprintSha256', async () => {
    assertionHeaders = [];
    const tenant = tenantOf(emulator, 'contoso');
    const app = appOf(emulator, 'contoso', 'full');
    const client = msal(
      {
        clientId: app.clientId,
        clientCertificate: {
          thumbprintSha256: app.certificate.thumbprintSha256,
          privateKey: app.certificate.keyPem,
        },
      },
      tenant.tenantId,
    );
    const result = await client.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    const claims = decodeJwt(result?.accessToken ?? '');
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(claims.tid).toBe(tenant.tenantId);
    expect(claims.appid).toBe(app.clientId);
    expect(claims.iss).toBe(`https://sts.windows.net/${tenant.tenantId}/`);
    expect(claims.roles).toContain('SecurityIncident.ReadWrite.All');
    expect(claims.roles).not.toContain('Machine.Isolate');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(emulator.control.counters.tokens({ clientId: app.clientId })).toBe(1);
    expect(assertionHeaders).toHaveLength(1);
    expect(assertionHeaders[0]).toMatchObject({ alg: 'PS256' });
    expect(assertionHeaders[0]?.['x5t#S256']).toBe(
      Buffer.from(app.certificate.thumbprintSha256, 'hex').toString('base64url'),
    );
  });

  it('gets an MDE token with a certificate, RS256 via the SHA-1 thumbprint, through localhost', async () => {
    assertionHeaders = [];
    const tenant = tenantOf(emulator, 'fabrikam');
    const app = appOf(emulator, 'fabrikam', 'readonly');
    const client = msal(
      {
        clientId: app.clientId,
        clientCertificate: { thumbprint: app.certificate.thumbprintSha1, privateKey: app.certificate.keyPem },
      },
      tenant.tenantId,
      'localhost',
    );
    const result = await client.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] });
    const claims = decodeJwt(result?.accessToken ?? '');
    expect(claims.aud).toBe('https://api.securitycenter.microsoft.com');
    expect(claims.roles).toContain('Machine.Read.All');
    expect(claims.roles).not.toContain('Machine.Isolate');
    expect(claims.roles).not.toContain('SecurityIncident.Read.All');
    expect(assertionHeaders[0]).toMatchObject({
      alg: 'RS256',
      x5t: Buffer.from(app.certificate.thumbprintSha1, 'hex').toString('base64url'),
    });
    expect(assertionHeaders[0]).not.toHaveProperty('x5t#S256');
  });

  it('gets a token with a client secret, and the domain works as the authority tenant', async () => {
    const tenant = tenantOf(emulator, 'contoso');
    const app = appOf(emulator, 'contoso', 'full');
    const client = msal({ clientId: app.clientId, clientSecret: app.secret }, tenant.domain);
    const result = await client.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] });
    expect(decodeJwt(result?.accessToken ?? '').roles).toContain('Machine.Isolate');
    expect(decodeJwt(result?.accessToken ?? '').appidacr).toBe('1');
  });

  it('fails clearly with a certificate that is not registered on the app (AADSTS700027)', async () => {
    const tenant = tenantOf(emulator, 'contoso');
    const app = appOf(emulator, 'contoso', 'full');
    const stranger = await createAppCredentials('not-registered');
    const client = msal(
      {
        clientId: app.clientId,
        clientCertificate: {
          thumbprintSha256: stranger.certificate.thumbprintSha256,
          privateKey: stranger.certificate.keyPem,
        },
      },
      tenant.tenantId,
    );
    await expect(client.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS700027'),
    });
  });

  it('fails with a key that does not match the registered thumbprint (bad signature, AADSTS700027)', async () => {
    const tenant = tenantOf(emulator, 'contoso');
    const app = appOf(emulator, 'contoso', 'full');
    const stranger = await createAppCredentials('wrong-key');
    const client = msal(
      {
        clientId: app.clientId,
        clientCertificate: {
          thumbprintSha256: app.certificate.thumbprintSha256,
          privateKey: stranger.certificate.keyPem,
        },
      },
      tenant.tenantId,
    );
    await expect(client.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })).rejects.toMatchObject({
      errorMessage: expect.stringMatching(/AADSTS700027: Client assertion failed signature validation/),
    });
  });

  it('fails with a wrong secret (AADSTS7000215) and never echoes the secret', async () => {
    const tenant = tenantOf(emulator, 'contoso');
    const app = appOf(emulator, 'contoso', 'full');
    const client = msal({ clientId: app.clientId, clientSecret: 'wrong-secret-value' }, tenant.tenantId);
    const error = await client
      .acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS7000215'),
    });
    expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
  });

  it('fails for an unknown client id (AADSTS700016)', async () => {
    const tenant = tenantOf(emulator, 'contoso');
    const client = msal(
      { clientId: '11111111-2222-4333-8444-555555555555', clientSecret: 'x' },
      tenant.tenantId,
    );
    await expect(client.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })).rejects.toMatchObject({
      errorCode: 'unauthorized_client',
      errorMessage: expect.stringContaining('AADSTS700016'),
    });
  });

  it('fails for a scope that is not a known resource (AADSTS70011)', async () => {
    const tenant = tenantOf(emulator, 'contoso');
    const app = appOf(emulator, 'contoso', 'full');
    const client = msal({ clientId: app.clientId, clientSecret: app.secret }, tenant.tenantId);
    await expect(
      client.acquireTokenByClientCredential({ scopes: ['https://management.azure.com/.default'] }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_scope',
      errorMessage: expect.stringContaining('AADSTS70011'),
    });
  });

  it('fails for an unknown tenant: discovery answers AADSTS90002 and MSAL cannot resolve endpoints', async () => {
    const app = appOf(emulator, 'contoso', 'full');
    const client = msal(
      { clientId: app.clientId, clientSecret: app.secret },
      '99999999-9999-4999-8999-999999999999',
    );
    await expect(client.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })).rejects.toMatchObject({
      errorCode: 'endpoints_resolution_error',
    });
  });
});

describe('unmodified MSAL ManagedIdentityApplication against the App Service style endpoint', () => {
  it('gets tokens for the system-assigned and a user-assigned identity', async () => {
    process.env.IDENTITY_ENDPOINT = emulator.managedIdentity.endpoint;
    process.env.IDENTITY_HEADER = emulator.managedIdentity.header;
    try {
      const system = new ManagedIdentityApplication({
        system: { networkClient: msalNetworkClient(emulator.ca) },
      });
      const systemToken = await system.acquireToken({ resource: 'https://graph.microsoft.com' });
      expect(decodeJwt(systemToken.accessToken)).toMatchObject({
        tid: emulator.tenants[0]?.tenantId,
        aud: 'https://graph.microsoft.com',
        appidacr: '0',
      });
      const fabrikam = tenantOf(emulator, 'fabrikam');
      const user = new ManagedIdentityApplication({
        managedIdentityIdParams: { userAssignedClientId: fabrikam.managedIdentityClientId },
        system: { networkClient: msalNetworkClient(emulator.ca) },
      });
      const userToken = await user.acquireToken({ resource: 'https://api.securitycenter.microsoft.com' });
      expect(decodeJwt(userToken.accessToken)).toMatchObject({
        tid: fabrikam.tenantId,
        roles: expect.arrayContaining(['Machine.Isolate']),
      });
    } finally {
      delete process.env.IDENTITY_ENDPOINT;
      delete process.env.IDENTITY_HEADER;
    }
  });
});
