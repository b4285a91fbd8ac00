import { sharedAuditLog } from '../audit/log.js';
import { type AuthConfig, authEnabled, type EntraConfig } from '../config/auth-schema.js';
import type { Kernel } from '../kernel.js';
import type { HttpAuthOptions } from '../transports/http-auth.js';
import { createAuthenticator, type TokenValidator } from './authenticator.js';
import { tenantIssuer } from './entra-issuer.js';

/**
 * The Entra validator, imported with its token and JWKS libraries (jose, undici) at the first bearer
 * token that is not an API key: every start (the stdio approval console's included) would pay them.
 */
function entraOnFirstToken(auth: AuthConfig, entra: EntraConfig): TokenValidator {
  let validator: Promise<TokenValidator> | undefined;
  return {
    async validate(token) {
      validator ??= import('./entra.js').then(({ createEntraValidator }) =>
        createEntraValidator(auth, entra),
      );
      return (await validator).validate(token);
    },
  };
}

/**
 * The HTTP transports' authentication for this kernel's `auth` section, or undefined when no
 * credential kind is configured (loopback only, one anonymous principal). Failures are audited in
 * the kernel's own chain, without the presented secret.
 */
export function httpAuthOptions(kernel: Kernel): HttpAuthOptions | undefined {
  const { auth, audit } = kernel.config;
  if (!authEnabled(auth)) return undefined;
  const { entra } = auth;
  const log = sharedAuditLog(audit, { warn: (message) => kernel.logger.warn({}, message) });
  return {
    authenticator: createAuthenticator(auth, entra && entraOnFirstToken(auth, entra)),
    resource: auth.resource,
    // Clients discover where to get a token from here (RFC 9728): the first allowed tenant's issuer.
    authorizationServers: entra ? [tenantIssuer(entra.authority, entra.tenants[0] as string)] : [],
    scopes: entra?.scopes ?? [],
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
