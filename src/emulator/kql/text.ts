import { Re2Error } from './re2.js';
import { type JsRegex, re2ToJs } from './re2-js.js';
import { unsupported } from './syntax.js';
import { KqlError } from './table.js';
import { str } from './values.js';

/**
 * Kusto's string predicates. `has` matches whole terms: the needle must start and end at a term
 * boundary (a term is a run of letters and digits), case-insensitively unless `_cs`.
 */
function isTermChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

export function has(haystack: unknown, needle: unknown, caseSensitive = false): boolean {
  let h = str(haystack);
  let n = str(needle);
  if (n === '') return true;
  if (!caseSensitive) {
    h = h.toLowerCase();
    n = n.toLowerCase();
  }
  const checkStart = isTermChar(n[0]);
  const checkEnd = isTermChar(n[n.length - 1]);
  for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) {
    if (checkStart && isTermChar(h[i - 1])) continue;
    if (checkEnd && isTermChar(h[i + n.length])) continue;
    return true;
  }
  return false;
}

export function contains(haystack: unknown, needle: unknown, caseSensitive = false): boolean {
  const h = str(haystack);
  const n = str(needle);
  return caseSensitive ? h.includes(n) : h.toLowerCase().includes(n.toLowerCase());
}

export function startsWith(haystack: unknown, needle: unknown, caseSensitive = false): boolean {
  const h = str(haystack);
  const n = str(needle);
  return caseSensitive ? h.startsWith(n) : h.toLowerCase().startsWith(n.toLowerCase());
}

export function endsWith(haystack: unknown, needle: unknown, caseSensitive = false): boolean {
  const h = str(haystack);
  const n = str(needle);
  return caseSensitive ? h.endsWith(n) : h.toLowerCase().endsWith(n.toLowerCase());
}

/** `hasprefix` / `hassuffix`: some term of the haystack starts (ends) with the needle. */
export function termAffix(
  haystack: unknown,
  needle: unknown,
  where: 'prefix' | 'suffix',
  cs = false,
): boolean {
  const n = cs ? str(needle) : str(needle).toLowerCase();
  const text = cs ? str(haystack) : str(haystack).toLowerCase();
  const terms = text.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  return terms.some((t) => (where === 'prefix' ? t.startsWith(n) : t.endsWith(n)));
}

export function equalsIgnoreCase(a: unknown, b: unknown): boolean {
  return str(a).toLowerCase() === str(b).toLowerCase();
}

const regexCache = new Map<string, RegExp>();

/**
 * Kusto regexes are RE2: translated to JS (re2-js.ts). A pattern RE2 itself rejects is the query's
 * error, as on the service; a pattern that could make JS backtrack exponentially, or RE2 the
 * emulator cannot mimic, is refused as unsupported, with the reason.
 */
export function regex(pattern: unknown, global = false): RegExp {
  const source = str(pattern);
  const key = `${global ? 'g' : ''}:${source}`;
  let re = regexCache.get(key);
  if (!re) {
    const js = translate(source);
    re = new RegExp(js.source, `${js.flags}${global ? 'g' : ''}`);
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

function translate(source: string): JsRegex {
  const shown = source.length > 60 ? `${source.slice(0, 60)}...` : source;
  let js: JsRegex | undefined;
  try {
    js = re2ToJs(source);
  } catch (error) {
    if (!(error instanceof Re2Error)) throw error;
    if (error.invalid)
      throw new KqlError(
        'semantic',
        `Semantic error: the regular expression '${shown}' is not valid RE2: ${error.message}`,
      );
    throw unsupported(`the regular expression '${shown}' (${error.message})`);
  }
  if (!js) {
    throw unsupported(
      `the regular expression '${shown}' (a repetition inside a repetition that can match the same text in several ways: RE2 runs it in linear time, the emulator's backtracking engine could not)`,
    );
  }
  return js;
}

/** Binary string operators by their token text: the `!` forms negate. */
const STRING_OPERATORS: Record<string, (a: unknown, b: unknown) => boolean> = {
  has: (a, b) => has(a, b),
  has_cs: (a, b) => has(a, b, true),
  contains: (a, b) => contains(a, b),
  contains_cs: (a, b) => contains(a, b, true),
  startswith: (a, b) => startsWith(a, b),
  startswith_cs: (a, b) => startsWith(a, b, true),
  endswith: (a, b) => endsWith(a, b),
  endswith_cs: (a, b) => endsWith(a, b, true),
  hasprefix: (a, b) => termAffix(a, b, 'prefix'),
  hasprefix_cs: (a, b) => termAffix(a, b, 'prefix', true),
  hassuffix: (a, b) => termAffix(a, b, 'suffix'),
  hassuffix_cs: (a, b) => termAffix(a, b, 'suffix', true),
  // Legacy spellings the service still parses.
  containscs: (a, b) => contains(a, b, true),
  notcontains: (a, b) => !contains(a, b),
  notcontainscs: (a, b) => !contains(a, b, true),
  notstartswith: (a, b) => !startsWith(a, b),
  '=~': equalsIgnoreCase,
  'matches regex': (a, b) => regex(b).test(str(a)),
};

export function stringOperator(op: string): ((a: unknown, b: unknown) => boolean) | undefined {
  if (op === '!~') return (a, b) => !equalsIgnoreCase(a, b);
  const positive = STRING_OPERATORS[op.startsWith('!') ? op.slice(1) : op];
  if (!positive || op === '!matches regex') return undefined;
  return op.startsWith('!') ? (a, b) => !positive(a, b) : positive;
}
