import { ODataError } from './errors.js';

/** Tokens of an OData `$filter` expression. */
export type Token =
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'datetime'; value: number; text: string; at: number }
  | { kind: 'guid'; value: string; at: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | ':' | '/'; at: number }
  | { kind: 'end'; at: number };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:\d{2})?/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.@]*/;

/** Longest fraction JavaScript's Date accepts is milliseconds; extra digits are dropped. */
function parseDateTime(text: string): number {
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(ms)) throw new ODataError(`Invalid datetime literal '${text}'.`);
  return ms;
}

export const MAX_FILTER_LENGTH = 4096;

export function tokenize(input: string): Token[] {
  if (input.length > MAX_FILTER_LENGTH)
    throw new ODataError(`The $filter expression is longer than ${MAX_FILTER_LENGTH} characters.`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === ':' || ch === '/') {
      tokens.push({ kind: 'punct', text: ch, at: i });
      i++;
      continue;
    }
    if (ch === "'") {
      // OData escapes a quote inside a string literal by doubling it.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= input.length) throw new ODataError(`Unterminated string literal at position ${i}.`);
        const c = input.charAt(j);
        if (c === "'") {
          if (input.charAt(j + 1) === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += c;
        j++;
      }
      tokens.push({ kind: 'string', value, at: i });
      i = j + 1;
      continue;
    }
    const rest = input.slice(i);
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ kind: 'guid', value: guid[0].toLowerCase(), at: i });
      i += guid[0].length;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime && /^\d{4}-\d{2}-\d{2}/.test(rest)) {
      tokens.push({ kind: 'datetime', value: parseDateTime(datetime[0]), text: datetime[0], at: i });
      i += datetime[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    throw new ODataError(`Syntax error: unexpected character '${ch}' at position ${i} in $filter.`);
  }
  tokens.push({ kind: 'end', at: input.length });
  return tokens;
}
