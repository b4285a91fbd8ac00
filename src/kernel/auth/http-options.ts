import { sharedAuditLog } from '../audit/log.js';
import { authEnabled } from '../config/auth-schema.js';
import { ConfigError } from '../errors.js';
import type { Kernel } from '../kernel.js';
import type { HttpAuthOptions } from '../transports/http-auth.js';
import { createAuthenticator } from './authenticator.js';

/**
 * The HTTP transports' authentication for this kernel's `auth` section, or undefined when no
 * credential kind is configured (loopback only, one anonymous principal). Failures are audited in
 * the kernel's own chain, without the presented secret.
 */
export function httpAuthOptions(kernel: Kernel): HttpAuthOptions | undefined {
  const { auth, audit } = kernel.config;
  if (!authEnabled(auth)) return undefined;
  if (auth.entra !== undefined) {
    throw new ConfigError('auth.entra is not available in this version', [
      'auth.entra: Entra ID token validation is not implemented yet; use auth.apiKeys',
    ]);
  }
  const log = sharedAuditLog(audit, { warn: (message) => kernel.logger.warn({}, message) });
  return {
    authenticator: createAuthenticator(auth),
    resource: auth.resource,
    authorizationServers: [],
    scopes: [],
    trustedProxies: auth.trustedProxies,
    allowedClients: auth.allowedClients,
    failedAuth: auth.failedAuth,
    mayCall: kernel.roles.mayCall,
    onFailure: (event) => {
      kernel.logger.warn({ address: event.address, reason: event.reason }, 'refused an HTTP request');
      log.append({ kind: 'auth_failure', ...event }, { durable: false }).catch(() => undefined);
    },
  };
}
