import {
  caseFold,
  complement,
  MAX_UNIT,
  POSIX,
  perlClass,
  type Ranges,
  sameRanges,
  single,
  union,
} from './charset.js';

/**
 * A parser for RE2's syntax (what Kusto's `matches regex`, `extract`, `parse kind=regex` take):
 * the pattern becomes a small tree that `re2-js.ts` turns into an equivalent JS regex. RE2's rules
 * followed here (github.com/google/re2/wiki/Syntax): flags `i m s U` set with `(?flags)` for the
 * rest of the enclosing group or scoped with `(?flags:re)`, `-` clearing them; named groups
 * `(?P<name>re)` and `(?<name>re)`; `\A \z`; `\Q...\E`; POSIX classes `[[:alpha:]]`; `.` not
 * matching `\n` unless `s`; `\s` is `[\t\n\f\r ]`. RE2 rejects backreferences, lookaround,
 * possessive and doubled repetition, `\Z`: so does this parser, with RE2's reason.
 */
export type Re2Node =
  | { k: 'set'; set: Ranges; fold: boolean }
  | { k: 'seq'; items: Re2Node[] }
  | { k: 'alt'; options: Re2Node[] }
  | { k: 'group'; body: Re2Node; capture: boolean; name?: string }
  | { k: 'repeat'; body: Re2Node; min: number; max: number; lazy: boolean }
  | { k: 'assert'; source: string };

/** The pattern is not RE2 (the service refuses it too), or uses RE2 the emulator cannot mimic. */
export class Re2Error extends Error {
  constructor(
    message: string,
    readonly invalid: boolean,
  ) {
    super(message);
  }
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

/** RE2's cap on a counted repetition. */
const MAX_REPEAT = 1000;

const ESCAPED_CONTROL: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

class Parser {
  pos = 0;
  /** True once a letter matters case-sensitively: then `(?i)` scopes cannot become the `i` flag. */
  caseSensitiveLetters = false;
  foldedLetters = false;

  constructor(readonly src: string) {}

  fail(reason: string, invalid = true): never {
    throw new Re2Error(reason, invalid);
  }

  peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  parseAlt(flags: Flags): Re2Node {
    const options = [this.parseSeq(flags)];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.parseSeq(flags));
    }
    return options.length === 1 ? (options[0] as Re2Node) : { k: 'alt', options };
  }

  /** `flags` is shared by the group's branches: `(?i)` holds to the end of the group. */
  parseSeq(flags: Flags): Re2Node {
    const items: Re2Node[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.parseAtom(flags);
      if (atom) items.push(this.parseRepeats(atom, flags));
    }
    return items.length === 1 ? (items[0] as Re2Node) : { k: 'seq', items };
  }

  parseRepeats(atom: Re2Node, flags: Flags): Re2Node {
    const bounds = this.repeatBounds();
    if (!bounds) return atom;
    let lazy = false;
    if (this.peek() === '?') {
      this.pos++;
      lazy = true;
    }
    if (this.peek() === '+') this.fail(`bad repetition operator: possessive '${bounds.text}+'`);
    if (this.repeatAhead()) this.fail(`bad repetition operator: '${bounds.text}' repeated twice`);
    return { k: 'repeat', body: atom, min: bounds.min, max: bounds.max, lazy: lazy !== flags.U };
  }

  repeatAhead(): boolean {
    const c = this.peek();
    return c === '*' || c === '+' || c === '?' || (c === '{' && this.countedAt(this.pos) !== undefined);
  }

  repeatBounds(): { min: number; max: number; text: string } | undefined {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      return { min: c === '+' ? 1 : 0, max: c === '?' ? 1 : Number.POSITIVE_INFINITY, text: c };
    }
    if (c !== '{') return undefined;
    const counted = this.countedAt(this.pos);
    if (!counted) return undefined;
    this.pos += counted.text.length;
    if (counted.min > MAX_REPEAT || (counted.max !== Number.POSITIVE_INFINITY && counted.max > MAX_REPEAT))
      this.fail(`bad repetition operator: '${counted.text}' (RE2 allows at most ${MAX_REPEAT})`);
    if (counted.max < counted.min) this.fail(`bad repetition operator: '${counted.text}'`);
    return counted;
  }

  /** `{n}`, `{n,}`, `{n,m}` at `at`; anything else is a literal `{` in RE2. */
  countedAt(at: number): { min: number; max: number; text: string } | undefined {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(at));
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY;
    return { min, max, text: m[0] };
  }

  /** Notes whether case matters for a set, and in which kind of scope. */
  noteCase(set: Ranges, flags: Flags): boolean {
    const cased = !sameRanges(caseFold(set), set);
    if (cased && flags.i) this.foldedLetters = true;
    if (cased && !flags.i) this.caseSensitiveLetters = true;
    return cased;
  }

  literal(c: number, flags: Flags): Re2Node {
    const set = single(c);
    return { k: 'set', set, fold: this.noteCase(set, flags) && flags.i };
  }

  parseAtom(flags: Flags): Re2Node | undefined {
    const c = this.peek() as string;
    if (c === '(') return this.parseGroup(flags);
    if (c === '[') return this.parseClass(flags);
    if (c === '*' || c === '+' || c === '?' || (c === '{' && this.countedAt(this.pos)))
      this.fail(`missing argument to repetition operator: '${c}'`);
    this.pos++;
    if (c === '.') return { k: 'set', set: flags.s ? [[0, MAX_UNIT]] : complement(single(10)), fold: false };
    if (c === '^') return { k: 'assert', source: flags.m ? '(?<![^\\n])' : '^' };
    if (c === '$') return { k: 'assert', source: flags.m ? '(?![^\\n])' : '$' };
    if (c === '\\') return this.parseEscape(flags);
    return this.literal(c.charCodeAt(0), flags);
  }

  parseEscape(flags: Flags): Re2Node | undefined {
    const c = this.peek();
    if (c === undefined) this.fail('trailing backslash at end of expression');
    this.pos++;
    switch (c) {
      case 'A':
        return { k: 'assert', source: '^' };
      case 'z':
        return { k: 'assert', source: '$' };
      case 'b':
      case 'B':
        return { k: 'assert', source: `\\${c}` };
      case 'Z':
        return this.fail("invalid escape sequence: '\\Z' (RE2 has \\z)");
      case 'C':
        return this.fail("'\\C' (any byte) matches inside UTF-8 code points: not emulated", false);
      case 'Q': {
        const end = this.src.indexOf('\\E', this.pos);
        const text = this.src.slice(this.pos, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.src.length : end + 2;
        const items = [...text].map((ch) => this.literal(ch.charCodeAt(0), flags));
        return items.length === 0 ? undefined : { k: 'seq', items };
      }
      case 'E':
        return undefined;
    }
    return this.escapedSet(c as string, flags);
  }

  /** An escape that stands for characters: `\d`, `\x41`, `\.`, `\n`, `\101`. */
  escapedSet(c: string, flags: Flags): Re2Node {
    const perl = perlClass(c);
    if (perl) return { k: 'set', set: perl, fold: false };
    return this.literal(this.escapedUnit(c), flags);
  }

  escapedUnit(c: string): number {
    if (c in ESCAPED_CONTROL) return ESCAPED_CONTROL[c] as number;
    if (c === 'x') {
      const m = /^\{([0-9A-Fa-f]{1,6})\}|^([0-9A-Fa-f]{2})/.exec(this.src.slice(this.pos));
      if (!m) this.fail('invalid escape sequence: \\x');
      this.pos += m[0].length;
      const code = Number.parseInt(m[1] ?? m[2] ?? '', 16);
      if (code > MAX_UNIT)
        this.fail(`'\\x{${m[1]}}' beyond the Basic Multilingual Plane: not emulated`, false);
      return code;
    }
    if (c === '0' || (/[1-7]/.test(c) && /^[0-7]{2}/.test(this.src.slice(this.pos)))) {
      const m = /^[0-7]{0,2}/.exec(this.src.slice(this.pos)) as RegExpExecArray;
      this.pos += m[0].length;
      return Number.parseInt(c + m[0], 8);
    }
    if (/[1-9]/.test(c)) this.fail(`invalid escape sequence: backreference '\\${c}' (RE2 has none)`);
    if (c === 'p' || c === 'P') this.fail(`Unicode class '\\${c}${this.peek() ?? ''}': not emulated`, false);
    if (/[A-Za-z0-9]/.test(c)) this.fail(`invalid escape sequence: '\\${c}'`);
    return c.charCodeAt(0);
  }

  parseGroup(outer: Flags): Re2Node | undefined {
    this.pos++;
    let capture = true;
    let name: string | undefined;
    let flags: Flags = { ...outer };
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos + 1);
      const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named) {
        name = named[1];
        this.pos += 1 + named[0].length;
      } else if (/^(?:[=!]|<[=!])/.test(rest)) {
        this.fail(
          "invalid or unsupported Perl syntax: lookaround '(?=', '(?!', '(?<=', '(?<!' (RE2 has none)",
        );
      } else {
        const m = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
        if (!m || (m[2] !== undefined && m[2] === '' && m[1] === ''))
          this.fail(`invalid or unsupported Perl syntax: '(?${rest.slice(0, 6)}'`);
        this.pos += 1 + m[0].length;
        const next = { ...(m[3] === ')' ? outer : flags) };
        for (const f of m[1] ?? '') next[f as keyof Flags] = true;
        for (const f of m[2] ?? '') next[f as keyof Flags] = false;
        if (m[3] === ')') {
          // `(?i)`: the flags change for the rest of the enclosing group, this branch and the next.
          Object.assign(outer, next);
          return undefined;
        }
        flags = next;
        capture = false;
      }
    }
    const body = this.parseAlt(flags);
    if (this.peek() !== ')') this.fail('missing closing )');
    this.pos++;
    return name === undefined ? { k: 'group', body, capture } : { k: 'group', body, capture, name };
  }

  parseClass(flags: Flags): Re2Node {
    this.pos++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const parts: Ranges[] = [];
    let first = true;
    while (this.peek() !== ']' || first) {
      if (this.peek() === undefined) this.fail('missing closing ]');
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
      if (posix) {
        const set = POSIX[posix[2] as string];
        if (!set) this.fail(`invalid character class range: '${posix[0]}'`);
        parts.push(posix[1] ? complement(set) : set);
        this.pos += posix[0].length;
        continue;
      }
      const lo = this.classUnit();
      if (typeof lo !== 'number') {
        parts.push(lo);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const hi = this.classUnit();
        if (typeof hi !== 'number' || hi < lo) this.fail('invalid character class range');
        parts.push([[lo, hi]]);
      } else parts.push(single(lo));
    }
    this.pos++;
    const set = union(...parts);
    const cased = this.noteCase(set, flags);
    // Negated: fold first, then complement, so `(?i)[^a-z]` excludes both cases (with or without
    // the JS `i` flag, which would otherwise fold the complement back in).
    if (negated) return { k: 'set', set: complement(flags.i ? caseFold(set) : set), fold: false };
    return { k: 'set', set, fold: cased && flags.i };
  }

  /** One member of a class: a code unit, or a Perl class (`\d`). */
  classUnit(): number | Ranges {
    const c = this.peek() as string;
    this.pos++;
    if (c !== '\\') return c.charCodeAt(0);
    const e = this.peek();
    if (e === undefined) this.fail('missing closing ]');
    this.pos++;
    return perlClass(e) ?? this.escapedUnit(e);
  }
}

export interface Re2Tree {
  root: Re2Node;
  /** Every letter is matched case-insensitively: the JS `i` flag can stand for RE2's `(?i)`. */
  wholeCaseInsensitive: boolean;
}

export function parseRe2(source: string): Re2Tree {
  const parser = new Parser(source);
  const root = parser.parseAlt({ i: false, m: false, s: false, U: false });
  if (parser.pos < source.length) parser.fail('unexpected ): unmatched parenthesis');
  return { root, wholeCaseInsensitive: parser.foldedLetters && !parser.caseSensitiveLetters };
}
