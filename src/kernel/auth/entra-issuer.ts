/** The v2.0 issuer of a tenant under an authority: what its tokens carry as `iss`. */
export function tenantIssuer(authority: string, tenantId: string): string {
  return `${authority.replace(/\/+$/, '')}/${tenantId}/v2.0`;
}
