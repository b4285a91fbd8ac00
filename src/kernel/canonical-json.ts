/**
 * Deterministic JSON: object keys sorted at every level, `undefined` members dropped (as JSON does).
 * Two equal values always give the same string, so it can be hashed and signed: confirmation tokens
 * bind to it and audit records are chained over it. Covers the JSON value domain (RFC 8785 in spirit;
 * numbers use JavaScript's shortest round-trip form, which is what RFC 8785 specifies).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify(undefined) is undefined; inside arrays JSON writes null, so do the same.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  if (typeof (record as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((record as { toJSON(): unknown }).toJSON());
  }
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}
