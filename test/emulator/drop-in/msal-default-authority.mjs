// Runs in a child process with only environment variables pointing it at the emulator
// (HTTPS_PROXY, NODE_EXTRA_CA_CERTS, NODE_OPTIONS=--import <preload>): an unmodified MSAL with its
// default authority, then plain fetch calls to Microsoft's hosts. Prints one JSON line.
import { ConfidentialClientApplication } from '@azure/msal-node';

const { TENANT_ID, CLIENT_ID, CLIENT_SECRET } = process.env;
// Safety: without the proxy dispatcher, fetch would go to the real hosts. Never let it.
if (!globalThis[Symbol.for('undici.globalDispatcher.1')]) {
  process.stdout.write(`${JSON.stringify({ error: 'no proxy dispatcher installed' })}\n`);
  process.exit(1);
}
const out = {};
try {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: CLIENT_ID,
      authority: `https://login.microsoftonline.com/${TENANT_ID}`,
      clientSecret: CLIENT_SECRET,
    },
  });
  const result = await app.acquireTokenByClientCredential({
    scopes: ['https://graph.microsoft.com/.default'],
  });
  out.token = Boolean(result?.accessToken);
  const graph = await fetch('https://graph.microsoft.com/v1.0/security/incidents?$top=1', {
    headers: { authorization: `Bearer ${result?.accessToken}` },
  });
  out.graphStatus = graph.status;
  out.graphContext = (await graph.json())['@odata.context'];
} catch (error) {
  out.error = `${String(error?.errorCode ?? '')} ${String(error?.message ?? error)}`;
}
try {
  await fetch('https://example.com/');
  out.elsewhere = 'reached';
} catch (_error) {
  out.elsewhere = 'refused';
}
process.stdout.write(`${JSON.stringify(out)}\n`);
