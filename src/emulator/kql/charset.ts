/**
 * Sets of UTF-16 code units as sorted, disjoint, inclusive ranges: what a regex atom can match.
 * The RE2 translator emits classes from them, and the backtracking check intersects them.
 */
export type Ranges = readonly (readonly [number, number])[];

export const MAX_UNIT = 0xffff;

export function normalize(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function union(...sets: Ranges[]): Ranges {
  return normalize(sets.flat());
}

export function complement(set: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of normalize(set)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

export function intersects(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i] as [number, number];
    const [blo, bhi] = b[j] as [number, number];
    if (alo <= bhi && blo <= ahi) return true;
    if (ahi < bhi) i++;
    else j++;
  }
  return false;
}

/** Characters folded by simple case mapping: only below U+0250, where hunts' text lives. */
const FOLD_LIMIT = 0x24f;

/** The set plus the other case of each letter in it (RE2's `(?i)` for the Latin scripts). */
export function caseFold(set: Ranges): Ranges {
  const extra: [number, number][] = [];
  for (const [lo, hi] of set) {
    for (let c = lo; c <= Math.min(hi, FOLD_LIMIT); c++) {
      const ch = String.fromCharCode(c);
      for (const other of [ch.toLowerCase(), ch.toUpperCase()]) {
        if (other.length === 1 && other !== ch) extra.push([other.charCodeAt(0), other.charCodeAt(0)]);
      }
    }
  }
  return extra.length ? union(set, extra) : set;
}

export function sameRanges(a: Ranges, b: Ranges): boolean {
  return a.length === b.length && a.every((x, i) => x[0] === b[i]?.[0] && x[1] === b[i]?.[1]);
}

export function single(c: number): Ranges {
  return [[c, c]];
}

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = normalize([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
/** RE2's `\s` is `[\t\n\f\r ]`: no vertical tab, no Unicode spaces (JS's `\s` has both). */
const SPACE: Ranges = normalize([
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
]);

/** Perl classes `\d \s \w` and their negations. */
export function perlClass(letter: string): Ranges | undefined {
  const base = { d: DIGIT, s: SPACE, w: WORD }[letter.toLowerCase()];
  if (!base) return undefined;
  return letter === letter.toUpperCase() ? complement(base) : base;
}

const r = (a: string, b = a): [number, number] => [a.charCodeAt(0), b.charCodeAt(0)];

/** RE2's ASCII (POSIX) classes, `[[:alpha:]]`. */
export const POSIX: Record<string, Ranges> = {
  alnum: normalize([r('0', '9'), r('A', 'Z'), r('a', 'z')]),
  alpha: normalize([r('A', 'Z'), r('a', 'z')]),
  ascii: [[0, 0x7f]],
  blank: normalize([r('\t'), r(' ')]),
  cntrl: normalize([
    [0, 0x1f],
    [0x7f, 0x7f],
  ]),
  digit: DIGIT,
  graph: [r('!', '~')],
  lower: [r('a', 'z')],
  print: [r(' ', '~')],
  punct: normalize([r('!', '/'), r(':', '@'), r('[', '`'), r('{', '~')]),
  space: normalize([
    [0x09, 0x0d],
    [0x20, 0x20],
  ]),
  upper: [r('A', 'Z')],
  word: WORD,
  xdigit: normalize([r('0', '9'), r('A', 'F'), r('a', 'f')]),
};

function unit(c: number): string {
  const ch = String.fromCharCode(c);
  return /[A-Za-z0-9_]/.test(ch) ? ch : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** The set as JS regex source: one character, or a bracket class of its ranges. */
export function classSource(set: Ranges): string {
  if (set.length === 0) return '[^\\s\\S]';
  const [first] = set as [[number, number]];
  if (set.length === 1 && first[0] === first[1]) return unit(first[0]);
  if (set.length === 1 && first[0] === 0 && first[1] === MAX_UNIT) return '[\\s\\S]';
  const body = (ranges: Ranges) =>
    ranges.map(([lo, hi]) => (lo === hi ? unit(lo) : `${unit(lo)}-${unit(hi)}`)).join('');
  // A mostly-everything set (`.`, `\W`, `[^"]`) as a short negated class: V8 matches it faster.
  const rest = complement(set);
  return rest.length < set.length ? `[^${body(rest)}]` : `[${body(set)}]`;
}
