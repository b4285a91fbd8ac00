import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/kernel/auth/api-keys.js';
import { httpAuthOptions } from '../../src/kernel/auth/http-options.js';
import { type RunningHttpServer, startHttpServer } from '../../src/kernel/transports/http.js';
import { startXdr, type XdrHarness } from '../helpers/xdr-harness.js';
import { entraSection } from '../transports/entra-fixture.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const key = createApiKey();
let xdr: XdrHarness;
let server: RunningHttpServer;

beforeAll(async () => {
  xdr = await startXdr({
    plugins: { incidents: true },
    config: (emulator, files) => ({
      auth: {
        roles: {
          'contoso-reader': { maxTier: 'read', tenants: ['contoso'] },
          'any-reader': { maxTier: 'read' },
        },
        apiKeys: [{ name: 'kim', role: 'any-reader', hash: key.hash }],
        entra: {
          ...entraSection(emulator, files.caFile),
          appRoles: { 'Mcp.Reader': 'contoso-reader' },
          groups: {},
        },
      },
    }),
  });
  server = await startHttpServer({
    ...xdr.kernel.config.server.http,
    port: 0,
    auth: httpAuthOptions(xdr.kernel),
    createServer: ({ sessionId, principal }) => xdr.kernel.createServer({ sessionId, principal }),
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await xdr?.close();
});

async function listEverywhere(headers: Record<string, string>): Promise<CallToolResult> {
  const client = new Client({ name: 'inbound', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(server.url, { requestInit: { headers } }));
  try {
    return (await client.callTool({ name: 'list_incidents', arguments: { tenant: '*' } })) as CallToolResult;
  } finally {
    await client.close();
  }
}

/** Client ids of the tenants' own app registrations, the only credentials Defender may see. */
function appIdsOf(keys: readonly string[]): string[] {
  return xdr.files.tenants.filter((t) => keys.includes(t.key)).flatMap((t) => t.apps.map((a) => a.clientId));
}

describe('inbound credentials are never forwarded to Microsoft', () => {
  it('Defender sees only the server app token of each allowed tenant, never the Entra token or the API key', async () => {
    const { control } = xdr.emulator;
    const entraToken = await control.entra.token({ user: 'reader' });
    control.calls.clear();
    const byEntra = await listEverywhere({ Authorization: `Bearer ${entraToken}` });
    expect(byEntra.isError, JSON.stringify(byEntra.content)).toBeFalsy();
    const entraCalls = control.calls.list();
    expect(entraCalls.length).toBeGreaterThan(0);
    // `tenant: "*"` covers the role's tenants only: contoso, not fabrikam.
    for (const call of entraCalls) expect(appIdsOf(['contoso'])).toContain(call.appId);

    control.calls.clear();
    const byKey = await listEverywhere({ 'X-API-Key': key.key });
    expect(byKey.isError, JSON.stringify(byKey.content)).toBeFalsy();
    const keyCalls = control.calls.list();
    const reached = new Set(keyCalls.map((call) => call.appId));
    expect(appIdsOf(['fabrikam']).some((id) => reached.has(id))).toBe(true);
    expect(appIdsOf(['contoso']).some((id) => reached.has(id))).toBe(true);

    for (const call of [...entraCalls, ...keyCalls]) {
      expect(call.credentialSha256).toBeDefined();
      expect(call.credentialSha256).not.toBe(sha256(entraToken));
      expect(call.credentialSha256).not.toBe(sha256(key.key));
      expect(call.headerNames).not.toContain('x-api-key');
      expect(call.status).toBe(200);
    }
  });
});
