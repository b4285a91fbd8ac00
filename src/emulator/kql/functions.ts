import { type Builtin, parseJson, pure, toBool, toNumber } from './builtin.js';
import { bin, datetimeDiff, formatDatetimePattern, parseDatetime, startOfDay } from './datetime.js';
import { AGENT_FUNCTIONS } from './functions-agent.js';
import { ARRAY_FUNCTIONS } from './functions-arrays.js';
import { CALENDAR_FUNCTIONS } from './functions-calendar.js';
import { DYNAMIC_FUNCTIONS } from './functions-dynamic.js';
import { IP_FUNCTIONS } from './functions-ip.js';
import { MATH_FUNCTIONS } from './functions-math.js';
import { MORE_FUNCTIONS } from './functions-more.js';
import { SERIES_FUNCTIONS } from './functions-series.js';
import { SET_FUNCTIONS } from './functions-sets.js';
import { TEXT_FUNCTIONS, trimWith } from './functions-text.js';
import { TIME_FUNCTIONS } from './functions-time.js';
import type { Compiled, Scalar } from './scope.js';
import { regex } from './text.js';
import { isNull, str, toText } from './values.js';
import { WINDOW_BUILTINS } from './window.js';

function extract(pattern: unknown, group: unknown, s: unknown): string | null {
  const m = regex(pattern).exec(str(s));
  const value = m?.[Number(group)];
  return value === undefined ? null : value;
}

function substring(s: unknown, start: unknown, length: unknown): string {
  const text = str(s);
  const from = Math.max(0, Number(start) || 0);
  return length === undefined || isNull(length) ? text.slice(from) : text.slice(from, from + Number(length));
}

function split(s: unknown, delimiter: unknown, index: unknown): unknown[] {
  const parts = str(s).split(str(delimiter));
  if (index === undefined) return parts;
  const i = Number(index);
  const part = parts[i < 0 ? parts.length + i : i];
  return part === undefined ? [] : [part];
}

export const BUILTINS: Record<string, Builtin> = {
  ...TEXT_FUNCTIONS,
  ...IP_FUNCTIONS,
  ...AGENT_FUNCTIONS,
  ...CALENDAR_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...DYNAMIC_FUNCTIONS,
  ...MORE_FUNCTIONS,
  ...SERIES_FUNCTIONS,
  ...SET_FUNCTIONS,
  ...WINDOW_BUILTINS,
  ago: (args, env) => {
    const [span] = args as [Compiled];
    return (row) => {
      const v = span.fn(row);
      return typeof v === 'number' ? env.now - v : null;
    };
  },
  now: (args, env) => {
    const offset = args[0]?.fn;
    return offset ? (row) => env.now + Number(offset(row) ?? 0) : () => env.now;
  },
  todatetime: pure(([v]) => parseDatetime(v)),
  bin: pure(([v, size], [type]) => bin(v, size, type === 'datetime')),
  floor: pure(([v, size], [type]) => bin(v, size, type === 'datetime')),
  startofday: pure(([v]) => startOfDay(v)),
  format_datetime: pure(([v, format]) => formatDatetimePattern(v, format)),
  datetime_diff: pure(([part, a, b]) => datetimeDiff(part, a, b)),
  tolower: pure(([v]) => str(v).toLowerCase()),
  toupper: pure(([v]) => str(v).toUpperCase()),
  strlen: pure(([v]) => str(v).length),
  strcat: pure((values, types) => values.map((v, i) => toText(v, types[i] ?? 'string')).join('')),
  substring: pure(([s, start, length]) => substring(s, start, length)),
  split: pure(([s, delimiter, index]) => split(s, delimiter, index)),
  replace_string: pure(([s, lookup, rewrite]) => str(s).split(str(lookup)).join(str(rewrite))),
  trim: pure(([pattern, s]) => trimWith(pattern, trimWith(pattern, s, 'start'), 'end')),
  extract: (args, env, resultType) => {
    // `extract(re, 1, s, typeof(long))`: the analyzer typed the result; convert the matched text.
    const text = pure(([pattern, group, s]) => extract(pattern, group, s))(args, env, resultType);
    if (resultType === 'long' || resultType === 'int' || resultType === 'real') {
      return (row) => toNumber(text(row), resultType !== 'real');
    }
    if (resultType === 'datetime') return (row) => parseDatetime(text(row));
    if (resultType === 'bool') return (row) => toBool(text(row));
    return text;
  },
  parse_json: pure(([v]) => parseJson(v)),
  todynamic: pure(([v]) => parseJson(v)),
  tostring: pure(([v], [type]) => toText(v, type ?? 'dynamic')),
  toint: pure(([v]) => toNumber(v, true)),
  tolong: pure(([v]) => toNumber(v, true)),
  todouble: pure(([v]) => toNumber(v, false)),
  toreal: pure(([v]) => toNumber(v, false)),
  tobool: pure(([v]) => toBool(v)),
  toboolean: pure(([v]) => toBool(v)),
  isempty: pure(([v]) => isNull(v) || v === ''),
  isnotempty: pure(([v]) => !(isNull(v) || v === '')),
  // Legacy aliases the service still accepts.
  notempty: pure(([v]) => !(isNull(v) || v === '')),
  notnull: pure(([v]) => !isNull(v)),
  isnull: pure(([v]) => isNull(v)),
  isnotnull: pure(([v]) => !isNull(v)),
  not: pure(([v]) => (typeof v === 'boolean' ? !v : null)),
  iff: lazyIff,
  iif: lazyIff,
  case: (args) => {
    const fns = args.map((a) => a.fn);
    return (row) => {
      for (let i = 0; i + 1 < fns.length; i += 2) if (fns[i]?.(row) === true) return fns[i + 1]?.(row);
      return fns[fns.length - 1]?.(row);
    };
  },
  coalesce: (args) => {
    const fns = args.map((a) => a.fn);
    return (row) => {
      for (const fn of fns) {
        const v = fn(row);
        if (!isNull(v) && v !== '') return v;
      }
      return null;
    };
  },
  array_length: pure(([v]) => (Array.isArray(v) ? v.length : null)),
  bag_keys: pure(([v]) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : null)),
  abs: pure(([v]) => (typeof v === 'number' ? Math.abs(v) : null)),
  round: pure(([v, digits]) => {
    if (typeof v !== 'number') return null;
    const scale = 10 ** Number(digits ?? 0);
    return Math.round(v * scale) / scale;
  }),
};

function lazyIff(args: readonly Compiled[]): Scalar {
  const [cond, then, otherwise] = args.map((a) => a.fn) as [Scalar, Scalar, Scalar];
  return (row) => (cond(row) === true ? then(row) : otherwise(row));
}
