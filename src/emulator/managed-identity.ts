import type { IncomingHttpHeaders } from 'node:http';
import type { TokenIssuer } from './access-tokens.js';
import type { ManagedIdentity } from './apps.js';
import { apiForResource } from './resources.js';
import type { EmuResponse } from './routing.js';
import { secretEquals } from './secret-equal.js';

export const MSI_PATH = '/msi/token';
export const MSI_API_VERSION = '2019-08-01';

export interface ManagedIdentityDeps {
  issuer: TokenIssuer;
  /** The secret a host hands its app in `IDENTITY_HEADER`. */
  identityHeader: string;
  identities: readonly ManagedIdentity[];
  onTokenIssued(identity: ManagedIdentity): void;
}

/** `client_id` picks a user-assigned identity; without it, the system-assigned one (the first). */
export function selectIdentity(
  identities: readonly ManagedIdentity[],
  query: URLSearchParams,
): ManagedIdentity | undefined {
  const clientId = query.get('client_id')?.toLowerCase();
  return clientId ? identities.find((candidate) => candidate.clientId === clientId) : identities[0];
}

function msiError(status: number, error: string, description: string): EmuResponse {
  return {
    status,
    body: { statusCode: status, message: description, error, error_description: description },
  };
}

/**
 * The App Service managed identity endpoint (`IDENTITY_ENDPOINT` + `X-IDENTITY-HEADER`). Without
 * `client_id` it answers for the system-assigned identity (the first tenant's); `client_id` picks a
 * user-assigned identity of any tenant.
 */
export async function handleManagedIdentityRequest(
  deps: ManagedIdentityDeps,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): Promise<EmuResponse> {
  if (!secretEquals(headers['x-identity-header'], deps.identityHeader)) {
    return msiError(401, 'unauthorized', 'The X-IDENTITY-HEADER header is missing or does not match.');
  }
  if (query.get('api-version') !== MSI_API_VERSION) {
    return msiError(400, 'invalid_request', `api-version must be ${MSI_API_VERSION}.`);
  }
  const resource = query.get('resource') ?? '';
  const api = apiForResource(resource);
  if (!api) {
    return msiError(
      400,
      'invalid_resource',
      `AADSTS500011: The resource principal named ${resource} was not found in the tenant.`,
    );
  }
  const identity = selectIdentity(deps.identities, query);
  if (!identity) {
    return msiError(
      400,
      'invalid_request',
      'No Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
    );
  }
  const token = await deps.issuer.issue({
    tenantId: identity.tenant.tenantId,
    clientId: identity.clientId,
    objectId: identity.objectId,
    api,
    roles: identity.grants[api],
    authMethod: 'managedIdentity',
  });
  deps.onTokenIssued(identity);
  return {
    status: 200,
    body: {
      access_token: token.accessToken,
      expires_on: String(token.expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    },
  };
}
