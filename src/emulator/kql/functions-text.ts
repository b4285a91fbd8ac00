import { type Builtin, pure } from './builtin.js';
import { unsupported } from './syntax.js';
import { regex } from './text.js';
import { isNull, str, toText } from './values.js';

/** `countof(text, search[, 'normal'|'regex'])`: plain matches may overlap, regex matches do not. */
function countOf(text: unknown, search: unknown, kind: unknown): number {
  const t = str(text);
  const s = str(search);
  if (str(kind ?? 'normal').toLowerCase() === 'regex') {
    const re = regex(s, true);
    re.lastIndex = 0;
    return [...t.matchAll(re)].filter((m) => m[0] !== '').length;
  }
  if (s === '') return 0;
  let n = 0;
  for (let i = t.indexOf(s); i >= 0; i = t.indexOf(s, i + 1)) n++;
  return n;
}

/** `replace_regex(source, re, rewrite)`: every match; `\1` in the rewrite is a capture group. */
function replaceRegex(source: unknown, pattern: unknown, rewrite: unknown): string {
  const re = regex(pattern, true);
  re.lastIndex = 0;
  const replacement = str(rewrite)
    .replace(/\$/g, '$$$$')
    .replace(/\\(\d)/g, '$$$1');
  return str(source).replace(re, replacement);
}

/** Strict base64 (Kusto returns null for text that is not base64, or not UTF-8 once decoded). */
function base64DecodeToString(v: unknown): string | null {
  const text = str(v).trim();
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'base64'));
  } catch {
    return null;
  }
}

/**
 * `trim_start(re, s)` / `trim_end` / `trim`: strips matches of `re` at that end, one after another
 * (a loop here rather than `(?:re)+`, which would put the pattern's own repetitions in a loop).
 */
export function trimWith(pattern: unknown, s: unknown, where: 'start' | 'end'): string {
  const re = regex(where === 'start' ? `^(?:${str(pattern)})` : `(?:${str(pattern)})$`);
  let text = str(s);
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text))
    text = where === 'start' ? text.slice(m[0].length) : text.slice(0, m.index);
  return text;
}

export const TEXT_FUNCTIONS: Record<string, Builtin> = {
  countof: pure(([text, search, kind]) => countOf(text, search, kind)),
  replace_regex: pure(([source, pattern, rewrite]) => replaceRegex(source, pattern, rewrite)),
  strcat_delim: pure(([delimiter, ...parts], [, ...types]) =>
    parts.map((p, i) => toText(p, types[i] ?? 'string')).join(str(delimiter)),
  ),
  indexof: pure(([source, lookup, start, length, occurrence]) => {
    if (length !== undefined || occurrence !== undefined)
      throw unsupported('indexof() with length or occurrence');
    if (isNull(lookup)) return null;
    return str(source).indexOf(str(lookup), Math.max(0, Number(start ?? 0)));
  }),
  base64_decode_tostring: pure(([v]) => base64DecodeToString(v)),
  base64_encode_tostring: pure(([v]) => Buffer.from(str(v), 'utf8').toString('base64')),
  trim_start: pure(([pattern, s]) => trimWith(pattern, s, 'start')),
  trim_end: pure(([pattern, s]) => trimWith(pattern, s, 'end')),
  reverse: pure(([v]) => [...str(v)].reverse().join('')),
};
