/** The credential a request presents: `Authorization: Bearer <x>` or `X-API-Key: <x>`. */
export type PresentedCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer' | 'x-api-key'; readonly value: string }
  | { readonly kind: 'malformed'; readonly detail: string };

type Headers = Record<string, string | string[] | undefined>;

export function presentedCredential(headers: Headers): PresentedCredential {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (Array.isArray(authorization) || Array.isArray(apiKey)) {
    return { kind: 'malformed', detail: 'the credential header is repeated' };
  }
  if (authorization !== undefined && apiKey !== undefined) {
    return { kind: 'malformed', detail: 'both Authorization and X-API-Key are present' };
  }
  if (apiKey !== undefined) {
    const value = apiKey.trim();
    return value === '' ? { kind: 'malformed', detail: 'X-API-Key is empty' } : { kind: 'x-api-key', value };
  }
  if (authorization === undefined) return { kind: 'none' };
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(authorization);
  if (match === null) return { kind: 'malformed', detail: 'Authorization is not "Bearer <token>"' };
  return { kind: 'bearer', value: match[1] as string };
}
