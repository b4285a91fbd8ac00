/**
 * Microsoft's host names the drop-in mode answers for (public cloud and US government), by API.
 * Sources: MicrosoftDocs/defender-docs `includes/improve-request-performance.md` (geo hosts),
 * `defender-endpoint/gov.md` (GCC, GCC High, DoD), Graph `concepts/deployments.md`, MSAL's
 * instance-discovery aliases (see docs/emulator.md, "Drop-in mode").
 */
export const MICROSOFT_HOSTS = {
  login: [
    'login.microsoftonline.com',
    'login.microsoft.com',
    'login.windows.net',
    'sts.windows.net',
    'login.microsoftonline.us',
    'login.usgovcloudapi.net',
  ],
  graph: ['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us'],
  mde: [
    'api.securitycenter.microsoft.com',
    'api.security.microsoft.com',
    ...['us', 'eu', 'uk', 'au', 'swa', 'ina'].map((geo) => `${geo}.api.security.microsoft.com`),
    ...['us', 'eu', 'uk', 'au'].map((geo) => `api-${geo}.securitycenter.microsoft.com`),
    'api-gcc.securitycenter.microsoft.us',
    'api-gov.securitycenter.microsoft.us',
    'api-gcc.security.microsoft.us',
    'api-gov.security.microsoft.us',
  ],
} as const;

export const ALL_MICROSOFT_HOSTS: readonly string[] = Object.values(MICROSOFT_HOSTS).flat();

/** Whether `host` (no port, any case, a trailing dot tolerated) is one of them. */
export function isMicrosoftHost(host: string): boolean {
  return ALL_MICROSOFT_HOSTS.includes(host.toLowerCase().replace(/\.$/, ''));
}
