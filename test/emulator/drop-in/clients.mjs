// Microsoft's own JS clients against the emulator, in a child process, configured only as the
// recipes in docs/emulator.md say. MODE=loopback: the emulator's own URL plus each client's setting
// for a non-Microsoft host. MODE=dropin: no client setting at all (hosts hard-coded by the clients),
// only HTTPS_PROXY / NODE_EXTRA_CA_CERTS / NODE_OPTIONS. Prints one JSON line with what each got.
import { ClientSecretCredential } from '@azure/identity';
import { HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure';
import { DefaultRequestAdapter } from '@microsoft/kiota-bundle';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

const { MODE, TENANT_ID, CLIENT_ID, CLIENT_SECRET, EMULATOR } = process.env;
const loopback = MODE === 'loopback';
// Safety: in drop-in mode, fetch without the proxy dispatcher would go to the real hosts. Never let it.
if (!loopback && !globalThis[Symbol.for('undici.globalDispatcher.1')]) {
  process.stdout.write(`${JSON.stringify({ error: 'no proxy dispatcher installed' })}\n`);
  process.exit(1);
}
const SCOPES = ['https://graph.microsoft.com/.default'];
const graphBase = loopback ? EMULATOR : 'https://graph.microsoft.com';
const out = {};
const attempt = async (name, run) => {
  try {
    out[name] = await run();
  } catch (error) {
    out[name] = { error: String(error?.message ?? error).slice(0, 300) };
  }
};

// Azure Identity: authorityHost + disableInstanceDiscovery for a non-Microsoft login host.
const credential = new ClientSecretCredential(
  TENANT_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  loopback ? { authorityHost: EMULATOR, disableInstanceDiscovery: true } : {},
);
await attempt('azureIdentity', async () => Boolean((await credential.getToken(SCOPES)).token));

// The JS Graph client: baseUrl + customHosts (the host name WITHOUT the port) so it sends the token.
await attempt('graphClient', async () => {
  const client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: SCOPES }),
    ...(loopback ? { baseUrl: EMULATOR, customHosts: new Set([new URL(EMULATOR).hostname]) } : {}),
  });
  const hunting = await client
    .api('/security/microsoft.graph.security.runHuntingQuery')
    .post({ query: 'DeviceInfo | take 2' });
  const incidents = await client.api('/security/incidents').top(1).get();
  const alerts = await client.api(`/security/incidents/${incidents.value[0].id}/alerts`).get();
  return { rows: hunting.results.length, alerts: alerts.value.length };
});

// A Kiota request adapter (what the generated SDKs run on): allowed hosts + base URL.
await attempt('kiota', async () => {
  const host = new URL(graphBase).hostname;
  const auth = new AzureIdentityAuthenticationProvider(credential, SCOPES, undefined, new Set([host]));
  const adapter = new DefaultRequestAdapter(auth);
  adapter.baseUrl = `${graphBase}/v1.0`;
  const request = new RequestInformation(
    HttpMethod.POST,
    '{+baseurl}/security/microsoft.graph.security.runHuntingQuery',
  );
  request.headers.tryAdd('Content-Type', 'application/json');
  request.headers.tryAdd('Accept', 'application/json');
  request.content = new TextEncoder().encode(JSON.stringify({ query: 'DeviceInfo | take 3' }));
  const body = await adapter.sendPrimitive(request, 'ArrayBuffer', undefined);
  return { rows: JSON.parse(new TextDecoder().decode(body)).results.length };
});

process.stdout.write(`${JSON.stringify(out)}\n`);
