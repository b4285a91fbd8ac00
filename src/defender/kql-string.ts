/**
 * A value as a KQL string literal with escapes, so no value can end the literal. Values are typed
 * ids (hex, IPs, UPNs, domains) checked before they get here; the escape is the second wall.
 */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
