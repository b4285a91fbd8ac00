import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformation, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraTeam, fetchTrustingEmulator, startEntraTeam } from './entra-fixture.js';

let dir: string;
let team: EntraTeam;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-oauth-'));
  team = await startEntraTeam(dir);
}, 30_000);
afterAll(async () => {
  await team?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An MCP client's OAuth state, in memory: a pre-registered public client (Entra has no DCR). */
class PublicClientProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';
  constructor(private readonly clientId: string) {}
  get redirectUrl() {
    return 'http://127.0.0.1:8400/callback';
  }
  get clientMetadata() {
    return {
      client_name: 'entra-e2e',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation(): OAuthClientInformation {
    return { client_id: this.clientId };
  }
  tokens() {
    return this.#tokens;
  }
  saveTokens(tokens: OAuthTokens) {
    this.#tokens = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.#verifier = verifier;
  }
  codeVerifier() {
    return this.#verifier;
  }
}

/** The user's browser: follows the authorization URL as `user` and returns where it redirects. */
async function signIn(url: URL, user: string): Promise<URL> {
  const withHint = new URL(url);
  withHint.searchParams.set('login_hint', user);
  const response = await fetchTrustingEmulator(team.emulator)(withHint, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') as string);
}

function transportFor(provider: OAuthClientProvider) {
  return new StreamableHTTPClientTransport(team.server.url, {
    authProvider: provider,
    fetch: fetchTrustingEmulator(team.emulator),
  });
}

describe("the MCP SDK's OAuth client against the emulator as Entra", () => {
  it('refuses a resource indicator that names no identifier URI of the server app', async () => {
    const provider = new PublicClientProvider(team.emulator.entra.publicClient.clientId);
    await expect(new Client({ name: 'e2e', version: '1' }).connect(transportFor(provider))).rejects.toThrow(
      UnauthorizedError,
    );
    const back = await signIn(provider.authorizationUrl as URL, 'responder');
    expect(back.searchParams.get('error')).toBe('invalid_target');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('discovers Entra from the 401, runs authorization code + PKCE, and connects with the token', async () => {
    // The app registration lists the server's URL as an identifier URI (what `resource` names).
    team.emulator.control.entra.addIdentifierUri(team.server.url.href);
    const provider = new PublicClientProvider(team.emulator.entra.publicClient.clientId);
    await expect(new Client({ name: 'e2e', version: '1' }).connect(transportFor(provider))).rejects.toThrow(
      UnauthorizedError,
    );
    const url = provider.authorizationUrl as URL;
    expect(url.origin).toBe(team.emulator.urls.login);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(team.server.url.href);
    expect(url.searchParams.get('scope')).toBe(`api://${team.emulator.entra.server.clientId}/access_as_user`);

    const back = await signIn(url, 'responder');
    const code = back.searchParams.get('code');
    expect(code, back.href).toBeTruthy();
    const transport = transportFor(provider);
    await transport.finishAuth(code as string);
    // A code is good for one redemption only.
    await expect(transportFor(provider).finishAuth(code as string)).rejects.toThrow(/AADSTS70008/);

    const client = new Client({ name: 'e2e', version: '1' });
    await client.connect(transportFor(provider));
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual(['add_note', 'list_notes']);
    await client.close();
  });

  it('a wrong code verifier gets no token, and burns the code', async () => {
    const provider = new PublicClientProvider(team.emulator.entra.publicClient.clientId);
    await expect(new Client({ name: 'e2e', version: '1' }).connect(transportFor(provider))).rejects.toThrow(
      UnauthorizedError,
    );
    const code = (await signIn(provider.authorizationUrl as URL, 'reader')).searchParams.get(
      'code',
    ) as string;
    const redeem = async (verifier: string) => {
      const response = await fetchTrustingEmulator(team.emulator)(
        `${team.emulator.urls.login}/${team.emulator.entra.tenant.tenantId}/oauth2/v2.0/token`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: team.emulator.entra.publicClient.clientId,
            code,
            redirect_uri: provider.redirectUrl,
            code_verifier: verifier,
          }),
        },
      );
      return { status: response.status, body: (await response.json()) as { error_codes?: number[] } };
    };
    const wrong = await redeem('a-verifier-that-was-never-challenged-0123456789abcdef');
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [501481] } });
    const right = await redeem(provider.codeVerifier());
    expect(right).toMatchObject({ status: 400, body: { error_codes: [70008] } });
  });
});
