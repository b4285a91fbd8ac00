import { createHash } from 'node:crypto';
import { type Builtin, parseJson, pure } from './builtin.js';
import { ipv4Match, ipv4Number } from './functions-ip.js';
import type { Scalar } from './scope.js';
import { regex } from './text.js';
import { isNull, str } from './values.js';

/**
 * Functions public hunts use that the core set lacks, with Kusto's documented behaviour (where the
 * service's behaviour is not documented further, the Kusto docs are followed): URL and JSON
 * helpers, command-line parsing, legacy names (`extractjson`, `parsejson`, `replace`, ...).
 */

/** `parse_url`: Kusto's bag of Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment. */
function parseUrl(v: unknown): Record<string, unknown> {
  let url: URL;
  try {
    url = new URL(str(v));
  } catch {
    return {};
  }
  const query: Record<string, string> = {};
  for (const [k, value] of url.searchParams) query[k] = value;
  return {
    Scheme: url.protocol.replace(/:$/, ''),
    Host: url.hostname,
    Port: url.port,
    Path: url.pathname,
    Username: decodeURIComponent(url.username),
    Password: decodeURIComponent(url.password),
    'Query Parameters': query,
    Fragment: url.hash.replace(/^#/, ''),
  };
}

function urlDecode(v: unknown): string | null {
  try {
    return decodeURIComponent(str(v).replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** `extract_json(path, json)`: a JSONPath of `$`, `.key`, `['key']` and `[index]` steps. */
function extractJson(path: unknown, json: unknown): unknown {
  let value = parseJson(json);
  const steps = str(path).match(/\.[^.[\]]+|\[\s*'[^']*'\s*\]|\[\s*"[^"]*"\s*\]|\[\s*-?\d+\s*\]/g) ?? [];
  if (!str(path).trim().startsWith('$')) return null;
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return null;
    const key = step.startsWith('.')
      ? step.slice(1)
      : step
          .slice(1, -1)
          .trim()
          .replace(/^['"]|['"]$/g, '');
    value = Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
    if (value === undefined) return null;
  }
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

/** `parse_command_line(cmd, "windows")`: the arguments as CommandLineToArgvW splits them. */
function parseCommandLine(v: unknown): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  const text = str(v);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\') {
      let slashes = 0;
      while (text[i] === '\\') {
        slashes++;
        i++;
      }
      if (text[i] === '"') {
        current += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) current += '"';
        else quoted = !quoted;
      } else {
        current += '\\'.repeat(slashes);
        i--;
      }
      started = true;
    } else if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if (/\s/.test(ch) && !quoted) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

/** The legacy `replace(regex, rewrite, text)`: `\1` in the rewrite is a capture group. */
function replaceLegacy(pattern: unknown, rewrite: unknown, text: unknown): string {
  const re = regex(pattern, true);
  re.lastIndex = 0;
  return str(text).replace(
    re,
    str(rewrite)
      .replace(/\$/g, '$$$$')
      .replace(/\\(\d)/g, '$$$1'),
  );
}

const PRIVATE = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
] as const;

/**
 * `geo_info_from_ip_address`: the emulator has no geolocation database, so a public address gets a
 * fixed, plausible location derived from its first octet and a private one an empty bag, as the
 * service returns for addresses it cannot place.
 */
const PLACES = [
  { country: 'United States', state: 'Washington', city: 'Redmond', latitude: 47.674, longitude: -122.122 },
  { country: 'Netherlands', state: 'North Holland', city: 'Amsterdam', latitude: 52.374, longitude: 4.89 },
  { country: 'Russia', state: 'Moscow', city: 'Moscow', latitude: 55.752, longitude: 37.616 },
  { country: 'Germany', state: 'Hesse', city: 'Frankfurt', latitude: 50.11, longitude: 8.682 },
];
function geoInfo(ip: unknown): Record<string, unknown> | null {
  const n = ipv4Number(ip);
  if (n === null) return null;
  if (PRIVATE.some(([base, bits]) => ipv4Match(ip, base, bits))) return {};
  return { ...(PLACES[Math.floor(n / 2 ** 24) % PLACES.length] as Record<string, unknown>) };
}

const binary =
  (f: (a: bigint, b: bigint) => bigint): Builtin =>
  (args) => {
    const [a, b] = args.map((x) => x.fn) as [Scalar, Scalar];
    return (row) => {
      const x = a(row);
      const y = b(row);
      return typeof x === 'number' && typeof y === 'number'
        ? Number(BigInt.asIntN(64, f(BigInt(x), BigInt(y))))
        : null;
    };
  };

export const MORE_FUNCTIONS: Record<string, Builtin> = {
  parse_url: pure(([v]) => parseUrl(v)),
  parseurl: pure(([v]) => parseUrl(v)),
  url_decode: pure(([v]) => urlDecode(v)),
  url_encode: pure(([v]) => encodeURIComponent(str(v))),
  url_encode_component: pure(([v]) => encodeURIComponent(str(v))),
  extract_json: pure(([path, json]) => extractJson(path, json)),
  extractjson: pure(([path, json]) => extractJson(path, json)),
  parsejson: pure(([v]) => parseJson(v)),
  parse_command_line: pure(([v]) => parseCommandLine(v)),
  replace: pure(([pattern, rewrite, text]) => replaceLegacy(pattern, rewrite, text)),
  base64_decodestring: pure(([v]) => {
    const text = str(v).trim();
    if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
    return Buffer.from(text, 'base64').toString('utf8');
  }),
  base64_encodestring: pure(([v]) => Buffer.from(str(v), 'utf8').toString('base64')),
  string_size: pure(([v]) => Buffer.byteLength(str(v), 'utf8')),
  estimate_data_size: pure(([v]) => Buffer.byteLength(JSON.stringify(v ?? null), 'utf8')),
  pack_dictionary: pure((values) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < values.length; i += 2) out[str(values[i])] = values[i + 1] ?? null;
    return out;
  }),
  geo_info_from_ip_address: pure(([ip]) => geoInfo(ip)),
  unicode_codepoints_from_string: pure(([v]) => [...str(v)].map((c) => c.codePointAt(0) ?? 0)),
  unicode_codepoints_to_string: pure((values) =>
    values
      .flat()
      .map((c) => (typeof c === 'number' ? String.fromCodePoint(c) : ''))
      .join(''),
  ),
  binary_and: binary((a, b) => a & b),
  binary_or: binary((a, b) => a | b),
  binary_xor: binary((a, b) => a ^ b),
  binary_shift_left: binary((a, b) => a << b),
  binary_shift_right: binary((a, b) => a >> b),
  strcmp: pure(([a, b]) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0)),
  isnan: pure(([v]) => typeof v === 'number' && Number.isNaN(v)),
  hash_sha256: pure(([v]) => (isNull(v) ? null : createHash('sha256').update(str(v)).digest('hex'))),
  hash_md5: pure(([v]) => (isNull(v) ? null : createHash('md5').update(str(v)).digest('hex'))),
  // The emulator ingests a record when it happens: ingestion time is the record's Timestamp.
  ingestion_time: () => (row) => row.Timestamp ?? null,
  column_ifexists: (args) => {
    const [name, fallback] = args.map((a) => a.fn) as [Scalar, Scalar];
    const column = str(name({}));
    return (row) => (column in row ? row[column] : fallback(row));
  },
};
