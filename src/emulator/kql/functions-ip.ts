import { type Builtin, pure } from './builtin.js';
import { isNull, str } from './values.js';

/**
 * The IPv4 and IPv6 families (Kusto docs: "IPv4/IPv6 functions"). An address with a `/prefix`
 * stands for its network: comparisons mask both sides to the smaller prefix, as the docs say.
 * Addresses are numbers (IPv4) or bigints (IPv6); text that is not an address gives null.
 */
interface V4 {
  n: number;
  bits: number;
}

export function parseV4(text: unknown): V4 | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(str(text).trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return null;
  return { n: octets.reduce((acc, o) => acc * 256 + o, 0), bits };
}

/** The address as a number (its prefix ignored), or null. */
export function ipv4Number(text: unknown): number | null {
  return parseV4(text)?.n ?? null;
}

const masked = (n: number, bits: number) => Math.floor(n / 2 ** (32 - bits)) * 2 ** (32 - bits);

/** `ipv4_compare(a, b[, prefix])`: -1, 0, 1 once both are masked to the smallest prefix. */
export function ipv4Compare(a: unknown, b: unknown, prefix?: unknown): number | null {
  const x = parseV4(a);
  const y = parseV4(b);
  if (!x || !y) return null;
  const bits = Math.min(x.bits, y.bits, isNull(prefix) ? 32 : Math.max(0, Math.min(32, Number(prefix))));
  const d = masked(x.n, bits) - masked(y.n, bits);
  return Math.sign(d);
}

export function ipv4Match(a: unknown, b: unknown, prefix?: unknown): boolean | null {
  const c = ipv4Compare(a, b, prefix);
  return c === null ? null : c === 0;
}

/** `ipv4_is_in_range(ip, range)`: the address masked to the range's prefix equals the range's network. */
export function ipv4InRange(ip: unknown, range: unknown): boolean | null {
  const addr = parseV4(ip);
  const net = parseV4(range);
  if (!addr || !net) return null;
  return masked(addr.n, net.bits) === masked(net.n, net.bits);
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export function formatV4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** `format_ipv4(ip[, prefix])` / `format_ipv4_mask`: the masked address (with `/prefix` for the mask form). */
function formatIpv4(ip: unknown, prefix: unknown, withMask: boolean): string {
  const v = typeof ip === 'number' ? { n: ip, bits: 32 } : parseV4(ip);
  if (!v || v.n < 0 || v.n > 0xffffffff) return '';
  const bits = Math.min(v.bits, isNull(prefix) ? 32 : Number(prefix));
  if (!(bits >= 0 && bits <= 32)) return '';
  const text = formatV4(masked(v.n, bits));
  return withMask ? `${text}/${bits}` : text;
}

/** IPv4 addresses appearing in text as terms (not inside longer digit runs). */
function v4Terms(text: unknown): string[] {
  const found = str(text).match(/(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.]*\d)/g) ?? [];
  return found.filter((t) => parseV4(t) !== null);
}

// ---- IPv6 ----

/** An IPv6 address (or IPv4, mapped to ::ffff:a.b.c.d) with its prefix, as a 128-bit bigint. */
export function parseV6(text: unknown): { n: bigint; bits: number } | null {
  const [addr = '', prefixText] = str(text).trim().split('/');
  const bits = prefixText === undefined ? 128 : Number(prefixText);
  if (!(bits >= 0 && bits <= 128)) return null;
  const v4 = parseV4(addr);
  if (v4)
    return {
      n: 0xffffn * 2n ** 32n + BigInt(v4.n),
      bits: prefixText === undefined ? 128 : 96 + Math.min(32, bits),
    };
  let head = addr;
  let tail = '';
  if (addr.includes('::')) [head = '', tail = ''] = addr.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  let left = groups(head);
  let right = groups(tail);
  const last = right.length ? right.at(-1) : left.at(-1);
  const embedded = last ? parseV4(last) : null;
  if (embedded) {
    const words = [Math.floor(embedded.n / 65536).toString(16), (embedded.n % 65536).toString(16)];
    if (right.length) right = [...right.slice(0, -1), ...words];
    else left = [...left.slice(0, -1), ...words];
  }
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (!addr.includes('::') && fill !== 0)) return null;
  const all = [...left, ...Array(fill).fill('0'), ...right];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return { n: all.reduce((acc, g) => acc * 65536n + BigInt(Number.parseInt(g, 16)), 0n), bits };
}

const masked6 = (n: bigint, bits: number) => (n >> BigInt(128 - bits)) << BigInt(128 - bits);

function ipv6Compare(a: unknown, b: unknown, prefix?: unknown): number | null {
  const x = parseV6(a);
  const y = parseV6(b);
  if (!x || !y) return null;
  const bits = Math.min(x.bits, y.bits, isNull(prefix) ? 128 : Math.max(0, Math.min(128, Number(prefix))));
  const d = masked6(x.n, bits) - masked6(y.n, bits);
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}

function ipv6InRange(ip: unknown, range: unknown): boolean | null {
  const x = parseV6(ip);
  const net = parseV6(range);
  if (!x || !net) return null;
  return masked6(x.n, net.bits) === masked6(net.n, net.bits);
}

const anyRange = (inRange: (ip: unknown, r: unknown) => boolean | null) =>
  pure(([ip, ...ranges]) => {
    const list = ranges.flatMap((r) => (Array.isArray(r) ? r : [r]));
    if (ip === null || (inRange(ip, '0.0.0.0/0') === null && inRange(ip, '::/0') === null)) return null;
    return list.some((r) => inRange(ip, r) === true);
  });

const prefixes = (values: unknown[]) => values.flatMap((v) => (Array.isArray(v) ? v : [v])).map(str);

export const IP_FUNCTIONS: Record<string, Builtin> = {
  ipv4_is_private: pure(([ip]) =>
    ipv4Number(ip) === null ? null : PRIVATE_V4.some((r) => ipv4InRange(ip, r)),
  ),
  ipv4_is_in_range: pure(([ip, range]) => ipv4InRange(ip, range)),
  ipv4_is_in_any_range: anyRange(ipv4InRange),
  ipv4_is_match: pure(([a, b, prefix]) => ipv4Match(a, b, prefix)),
  ipv4_compare: pure(([a, b, prefix]) => ipv4Compare(a, b, prefix)),
  ipv4_netmask_suffix: pure(([ip]) => parseV4(ip)?.bits ?? null),
  parse_ipv4: pure(([ip]) => {
    const v = parseV4(ip);
    return v ? masked(v.n, v.bits) : null;
  }),
  parse_ipv4_mask: pure(([ip, prefix]) => {
    const v = parseV4(ip);
    const bits = Number(prefix);
    return v && bits >= 0 && bits <= 32 ? masked(v.n, Math.min(v.bits, bits)) : null;
  }),
  format_ipv4: pure(([ip, prefix]) => formatIpv4(ip, prefix, false)),
  format_ipv4_mask: pure(([ip, prefix]) => formatIpv4(ip, prefix, true)),
  has_ipv4: pure(([text, ip]) => v4Terms(text).includes(str(ip))),
  has_ipv4_prefix: pure(([text, prefix]) => v4Terms(text).some((t) => t.startsWith(str(prefix)))),
  has_any_ipv4: pure(([text, ...ips]) => {
    const terms = new Set(v4Terms(text));
    return prefixes(ips).some((ip) => terms.has(ip));
  }),
  has_any_ipv4_prefix: pure(([text, ...ps]) => {
    const terms = v4Terms(text);
    return prefixes(ps).some((p) => terms.some((t) => t.startsWith(p)));
  }),
  ipv6_compare: pure(([a, b, prefix]) => ipv6Compare(a, b, prefix)),
  ipv6_is_match: pure(([a, b, prefix]) => {
    const c = ipv6Compare(a, b, prefix);
    return c === null ? null : c === 0;
  }),
  ipv6_is_in_range: pure(([ip, range]) => ipv6InRange(ip, range)),
  ipv6_is_in_any_range: anyRange(ipv6InRange),
};
