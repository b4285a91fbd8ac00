import { type AadstsContext, aadstsError, tenantNotFound } from './aadsts.js';
import type { TokenIssuer } from './access-tokens.js';
import type { AppRegistration, Directory } from './apps.js';
import { JWT_BEARER_ASSERTION_TYPE, verifyClientAssertion } from './assertion.js';
import { apiForScope, REAL_LOGIN_HOST } from './resources.js';
import type { EmuClock, EmuResponse } from './routing.js';
import { secretEquals } from './secret-equal.js';

export interface TokenEndpointDeps {
  directory: Directory;
  issuer: TokenIssuer;
  clock: EmuClock;
  /** Origins the emulator is reached on (`https://127.0.0.1:PORT`, `https://localhost:PORT`). */
  origins(): readonly string[];
  onTokenIssued(app: AppRegistration): void;
}

export interface TokenRequest {
  /** The `{tenant}` path segment: tenant id or domain. */
  tenant: string;
  form: URLSearchParams;
  /** The caller's `client-request-id` header, echoed as the correlation id of errors. */
  correlationId?: string;
}

/** Token endpoint URLs a client assertion may be addressed to, for one tenant. */
function assertionAudiences(origins: readonly string[], tenantSegments: readonly string[]): string[] {
  return [REAL_LOGIN_HOST, ...origins].flatMap((origin) =>
    tenantSegments.flatMap((tenant) =>
      ['oauth2/v2.0/token', 'oauth2/token'].map((path) => `${origin}/${tenant}/${path}`.toLowerCase()),
    ),
  );
}

/** `POST /{tenant}/oauth2/v2.0/token`, client credentials grant with a certificate assertion or a secret. */
export async function handleTokenRequest(
  deps: TokenEndpointDeps,
  request: TokenRequest,
): Promise<EmuResponse> {
  const { form } = request;
  const context: AadstsContext = { correlationId: request.correlationId, now: deps.clock.now() };
  const tenant = deps.directory.findTenant(request.tenant);
  if (!tenant) return tenantNotFound(request.tenant, context);
  const missing = ['grant_type', 'client_id', 'scope'].find((name) => !form.get(name));
  if (missing) {
    return aadstsError(
      'missingParameter',
      `The request body must contain the following parameter: '${missing}'.`,
      context,
    );
  }
  const grantType = form.get('grant_type') ?? '';
  if (grantType !== 'client_credentials') {
    return aadstsError(
      'unsupportedGrantType',
      `The app requested an unsupported grant type '${grantType}'.`,
      context,
    );
  }
  const clientId = form.get('client_id') ?? '';
  const app = deps.directory.findApp(tenant.tenantId, clientId);
  if (!app) {
    return aadstsError(
      'unknownClient',
      `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      context,
    );
  }
  const scope = form.get('scope') ?? '';
  const api = apiForScope(scope);
  if (!api) {
    return aadstsError(
      'invalidScope',
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      context,
    );
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  let authMethod: 'secret' | 'certificate';
  if (assertion) {
    if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) {
      return aadstsError(
        'missingParameter',
        `The request body must contain the following parameter: 'client_assertion_type'.`,
        context,
      );
    }
    const result = await verifyClientAssertion(assertion, {
      clientId: app.clientId,
      certificate: app.credentials.certificate,
      audiences: assertionAudiences(deps.origins(), [request.tenant, tenant.tenantId, tenant.domain]),
      now: context.now,
    });
    if (!result.ok) return aadstsError(result.kind, result.message, context);
    authMethod = 'certificate';
  } else if (secret) {
    if (!secretEquals(secret, app.credentials.secret)) {
      return aadstsError(
        'badSecret',
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
        context,
      );
    }
    authMethod = 'secret';
  } else {
    return aadstsError(
      'noCredential',
      `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`,
      context,
    );
  }
  const token = await deps.issuer.issue({
    tenantId: tenant.tenantId,
    clientId: app.clientId,
    objectId: app.objectId,
    api,
    roles: app.grants[api],
    authMethod,
  });
  deps.onTokenIssued(app);
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
    body: {
      token_type: 'Bearer',
      expires_in: token.expiresIn,
      ext_expires_in: token.expiresIn,
      access_token: token.accessToken,
    },
  };
}
