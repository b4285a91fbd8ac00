/**
 * Deterministic JSON: object keys sorted at every level, `undefined` members dropped (as JSON does).
 * Two equal values always give the same string, so it can be hashed and signed: confirmation tokens
 * bind to it and audit records are chained over it. Covers the JSON value domain (RFC 8785 in spirit;
 * numbers use JavaScript's shortest round-trip form, which is what RFC 8785 specifies).
 */
export function canonicalJson(value: unknown): string {
  // It runs on every audit record: the native JSON.stringify of a key-sorted copy is about twice as
  // fast as building the string here, and gives the same text whenever the copy can keep the order.
  const sorted = sortedCopy(value);
  return sorted === UNSORTABLE ? canonicalJsonSlow(value) : (JSON.stringify(sorted) ?? 'null');
}

const UNSORTABLE = Symbol('unsortable');
/** Keys objects always list first, in numeric order, whatever order they were added in. */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/**
 * The value with its objects rebuilt, keys added in sorted order; UNSORTABLE when JSON.stringify
 * would not write what canonicalJsonSlow writes (an index-like or `__proto__` key, a symbol member).
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i]);
      if (item === UNSORTABLE) return UNSORTABLE;
      copy[i] = item;
    }
    return copy;
  }
  const record = value as Record<string, unknown>;
  if (typeof (record as { toJSON?: unknown }).toJSON === 'function') {
    return sortedCopy((record as { toJSON(): unknown }).toJSON());
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    if (typeof member === 'symbol' || key === '__proto__' || INDEX_LIKE.test(key)) return UNSORTABLE;
    const item = sortedCopy(member);
    // A toJSON() that gives undefined, a function or a symbol: JSON would drop the member.
    if (item === UNSORTABLE || item === undefined || typeof item === 'function' || typeof item === 'symbol')
      return UNSORTABLE;
    copy[key] = item;
  }
  return copy;
}

function canonicalJsonSlow(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify(undefined) is undefined; inside arrays JSON writes null, so do the same.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJsonSlow).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  if (typeof (record as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJsonSlow((record as { toJSON(): unknown }).toJSON());
  }
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJsonSlow(record[key])}`);
  return `{${members.join(',')}}`;
}
