import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { re2ToJs } from '../../../src/emulator/kql/re2-js.js';
import { regex } from '../../../src/emulator/kql/text.js';
import { rows } from './fixtures.js';

/** The first match and its groups, as plain data. */
function match(re: RegExp, text: string): unknown {
  const m = new RegExp(re.source, re.flags.replace('g', '')).exec(text);
  return m ? { index: m.index, groups: [...m] } : null;
}

const text = fc.stringMatching(/^[aAbB1 .\-/\n]{0,12}$/);

describe('RE2 patterns, translated to JS', () => {
  // Where RE2 and JS agree on the syntax, the translation must match exactly what JS matches.
  const shared = [
    'a+b',
    '[ab]+',
    '^a.*b$',
    '(a|b)(1|\\.)?',
    'a{2,3}',
    '[^ab]+',
    '\\w+\\.\\w+',
    '(?:a|A)b*?',
    '\\d\\b',
    '[a-b1]{1,}[.-]',
  ];
  it('agrees with JS on the syntax both share (a naive reference)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...shared), text, (pattern, s) => {
        // `.` and `\s` differ on purpose (RE2's `.` skips only \n); the shared patterns avoid \r, \v.
        expect(match(regex(pattern), s)).toEqual(match(new RegExp(pattern), s));
      }),
    );
  });

  // RE2-only syntax, each against a hand-written JS equivalent.
  const equivalents: [string, string][] = [
    ['a(?i)b', 'a[bB]'],
    ['(?i)a(?-i)b', '[aA]b'],
    ['((?i)a)b', '([aA])b'],
    ['(?i:a|b)1', '(?:[aA]|[bB])1'],
    ['(?i)[^a]', '[^aA]'],
    ['(?i)[\\x00-\\x60b-\\x7f]', '[\\x00-\\x7f]'],
    ['(?i)[b-z]+', '[b-zB-Z]+'],
    ['(?P<x>a+)b', '(?<x>a+)b'],
    ['\\Aa', '^a'],
    ['b\\z', 'b$'],
    ['[[:alpha:]]+', '[A-Za-z]+'],
    ['[[:^digit:]]', '[^0-9]'],
    ['\\Qa.b\\E', 'a\\.b'],
    ['(?s)a.b', 'a[\\s\\S]b'],
    ['a.b', 'a[^\\n]b'],
    ['(?m)^b', '(?<![^\\n])b'],
    ['(?U)a+', 'a+?'],
    ['(?U)a+?', 'a+'],
    ['a{', 'a\\{'],
    ['\\x41', 'A'],
    ['([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}', '([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}'],
    ['(?:[\\w\\-\\.]+\\/+)+', '(?:[\\w\\-\\.]+\\/+)+'],
    [
      '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
      '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
    ],
    ['\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b', '\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b'],
  ];
  it('scoped flags, named groups, \\A \\z \\Q, POSIX classes and safe nested loops match their JS equivalents', () => {
    fc.assert(
      fc.property(fc.constantFrom(...equivalents), text, ([pattern, js], s) => {
        expect(match(regex(pattern), s)).toEqual(match(new RegExp(js), s));
      }),
    );
  });

  it('a whole-pattern (?i) becomes the i flag; a scoped one folds only its own letters', () => {
    expect(re2ToJs('(?i)powershell')?.flags).toBe('i');
    expect(re2ToJs('x(?i)y')?.flags).toBe('');
    expect(regex('\\W*(Domain Admins(?-i))\\W*').test('domain admins')).toBe(false);
    expect(regex('(?i)\\W*(Domain Admins(?-i))\\W*').test('domain admins')).toBe(true);
  });

  it("RE2's \\s is [\\t\\n\\f\\r ]: no vertical tab, no non-breaking space", () => {
    expect(regex('\\s').test('\v')).toBe(false);
    expect(regex('\\s').test('\u00a0')).toBe(false);
    expect(regex('\\s').test('\t')).toBe(true);
  });

  it.each(['(a+)+', '(a*)*b', '(\\w+\\s?)*$', '(a|aa)+b+(c+)+', '(a*/+)+', '(\\w*\\w*-)+'])(
    'refuses a loop of loops that can split the text several ways: %s',
    (pattern) => {
      expect(re2ToJs(pattern)).toBeUndefined();
    },
  );

  it.each([
    ['a(?=b)', 'lookaround'],
    ['(a)\\1', 'backreference'],
    ['a*+', 'possessive'],
    ['a**', 'repeated twice'],
    ['*a', 'missing argument'],
    ['a{1001}', 'at most 1000'],
    ['[b-a]', 'range'],
    ['\\Z', '\\Z'],
    ['(?<!a)b', 'lookaround'],
  ])('throws what RE2 rejects, with its reason: %s', (pattern, reason) => {
    expect(() => re2ToJs(pattern)).toThrow(reason);
  });

  it('the corpus hunts that needed RE2 run on the engine', async () => {
    const [row] = await rows(
      'print a = "www.contoso.com" matches regex @"^([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}$", ' +
        'b = "https://t.co/abc/r?x" matches regex @"s?\\:\\/\\/(?:www\\.)?t\\.(?:[\\w\\-\\.]+\\/+)+(?:r|redirect)\\/?\\?", ' +
        'c = extract(@"(?P<user>\\w+)@", 1, "bob@contoso.com"), ' +
        'd = trim(@"\\s+", "  x  "), e = trim_start(@"[[:digit:]]", "12ab3")',
    );
    expect(row).toEqual({ a: true, b: true, c: 'bob', d: 'x', e: 'ab3' });
  });
});
