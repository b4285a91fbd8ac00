import { z } from 'zod';
import type { TenantInfo } from './apps.js';

/** Which requests a fault hits. Every given field must match; none given = every request. */
const FaultMatch = {
  /** `login` = token endpoint, `msi` = managed identity endpoint, `graph` / `mde` = the APIs. */
  api: z.enum(['login', 'msi', 'graph', 'mde']).optional(),
  /** Path glob, case-insensitive, `*` = any characters: `/v1.0/security/incidents*`. */
  path: z.string().min(1).max(500).optional(),
  method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']).optional(),
  /** Tenant key (`contoso`) or tenant id. */
  tenant: z.string().min(1).max(100).optional(),
  /** Fire on a share of matching calls (0..1], drawn from the emulator's seeded generator. */
  rate: z.number().gt(0).max(1).optional(),
  /** Fire on the next N matching calls only, then retire. */
  times: z.number().int().positive().optional(),
};

export const FaultSpecSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('latency'),
      ms: z.number().int().min(0).max(600_000),
      /** Adds a uniformly drawn 0..jitterMs on top of `ms`. */
      jitterMs: z.number().int().min(0).max(600_000).optional(),
      ...FaultMatch,
    })
    .strict(),
  z
    .object({
      kind: z.literal('status'),
      status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal(504)]),
      /** Seconds, sent as `Retry-After` (429 and 503); default 1 for 429. */
      retryAfter: z.number().min(0).max(3600).optional(),
      ...FaultMatch,
    })
    .strict(),
  /** The TCP connection is reset before any response byte. */
  z.object({ kind: z.literal('reset'), ...FaultMatch }).strict(),
  /**
   * The request is handled (a POST takes effect: the action is accepted and recorded), then the
   * connection is reset before any response byte: the client cannot tell whether it worked.
   */
  z.object({ kind: z.literal('resetAfter'), ...FaultMatch }).strict(),
  /** Headers and the first half of the body, then nothing (for `ms`, default until the emulator stops). */
  z
    .object({ kind: z.literal('stall'), ms: z.number().int().min(0).max(600_000).optional(), ...FaultMatch })
    .strict(),
  /** A 200 whose JSON body is cut short. */
  z.object({ kind: z.literal('malformedJson'), ...FaultMatch }).strict(),
  /** The real response, its `value`/`results` array repeated until the body reaches `bytes`. */
  z
    .object({
      kind: z.literal('oversized'),
      bytes: z
        .number()
        .int()
        .min(1024)
        .max(512 * 1024 * 1024)
        .optional(),
      ...FaultMatch,
    })
    .strict(),
  /** The token endpoint of one tenant answers 503 `temporarily_unavailable`; other tenants work. */
  z
    .object({
      kind: z.literal('tokenOutage'),
      tenant: z.string().min(1).max(100),
      rate: FaultMatch.rate,
      times: FaultMatch.times,
    })
    .strict(),
]);

export type FaultSpec = z.input<typeof FaultSpecSchema>;
type ParsedFault = z.output<typeof FaultSpecSchema>;
export type FaultKind = ParsedFault['kind'];

export interface ActiveFault {
  id: string;
  spec: ParsedFault;
  /** Calls left for a `times` fault. */
  remaining?: number;
  fired: number;
}

export interface FaultTarget {
  api: 'login' | 'msi' | 'graph' | 'mde';
  method: string;
  path: string;
  tenant?: TenantInfo;
}

export type FaultOutcome =
  | { kind: 'status'; status: 429 | 500 | 503 | 504; retryAfter?: number }
  | { kind: 'reset' }
  | { kind: 'resetAfter' }
  | { kind: 'stall'; ms?: number }
  | { kind: 'malformedJson' }
  | { kind: 'oversized'; bytes: number };

export interface FaultDecision {
  delayMs: number;
  outcome?: FaultOutcome;
}

export const DEFAULT_OVERSIZED_BYTES = 8 * 1024 * 1024;

/** mulberry32: a tiny seeded generator, so fault rates and jitter replay the same way for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}

/** Faults on demand, decided per request; `random` is the emulator's seeded generator. */
export class Faults {
  private readonly active: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number) {}

  add(spec: FaultSpec): string {
    const parsed = FaultSpecSchema.parse(spec);
    const id = `fault-${this.nextId++}`;
    this.active.push({ id, spec: parsed, remaining: parsed.times, fired: 0 });
    return id;
  }

  remove(id: string): boolean {
    const index = this.active.findIndex((fault) => fault.id === id);
    if (index >= 0) this.active.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.active.length = 0;
  }

  list(): readonly ActiveFault[] {
    return this.active.map((fault) => ({ ...fault }));
  }

  /** Picks what happens to one request: summed latency, then the first matching outcome fault. */
  decide(target: FaultTarget): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const fault of [...this.active]) {
      if (!this.matches(fault.spec, target)) continue;
      if (decision.outcome && fault.spec.kind !== 'latency') continue;
      if (fault.spec.rate !== undefined && this.random() >= fault.spec.rate) continue;
      this.fire(fault);
      const spec = fault.spec;
      switch (spec.kind) {
        case 'latency':
          decision.delayMs += spec.ms + Math.floor(this.random() * ((spec.jitterMs ?? 0) + 1));
          break;
        case 'status':
          decision.outcome = { kind: 'status', status: spec.status, retryAfter: spec.retryAfter };
          break;
        case 'tokenOutage':
          decision.outcome = { kind: 'status', status: 503, retryAfter: undefined };
          break;
        case 'oversized':
          decision.outcome = { kind: 'oversized', bytes: spec.bytes ?? DEFAULT_OVERSIZED_BYTES };
          break;
        case 'stall':
          decision.outcome = { kind: 'stall', ms: spec.ms };
          break;
        default:
          decision.outcome = { kind: spec.kind };
      }
    }
    return decision;
  }

  private fire(fault: ActiveFault): void {
    fault.fired += 1;
    if (fault.remaining === undefined) return;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.remove(fault.id);
  }

  private matches(spec: ParsedFault, target: FaultTarget): boolean {
    if (spec.kind === 'tokenOutage')
      return target.api === 'login' && tenantMatches(spec.tenant, target.tenant);
    if (spec.api && spec.api !== target.api) return false;
    if (spec.method && spec.method !== target.method.toUpperCase()) return false;
    if (spec.path && !globToRegExp(spec.path).test(target.path)) return false;
    return spec.tenant === undefined || tenantMatches(spec.tenant, target.tenant);
  }
}

function tenantMatches(wanted: string, tenant: TenantInfo | undefined): boolean {
  if (!tenant) return false;
  const w = wanted.toLowerCase();
  return tenant.key.toLowerCase() === w || tenant.tenantId.toLowerCase() === w;
}

/**
 * Repeats the items of the body's `value` / `results` / `Results` array until the serialised body
 * reaches `bytes`; a body without such an array gets a long `@emulator.padding` string instead.
 */
export function inflateBody(body: unknown, bytes: number): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const key = ['value', 'results', 'Results'].find(
    (k) => Array.isArray(record[k]) && (record[k] as []).length > 0,
  );
  if (!key) return { ...record, '@emulator.padding': 'x'.repeat(bytes) };
  const items = record[key] as unknown[];
  const build = (count: number) => ({
    ...record,
    [key]: Array.from({ length: count }, (_, i) => items[i % items.length]),
  });
  // Estimate from the average item size, then correct once or twice for separators and the envelope.
  let count = Math.ceil(bytes / Math.max(1, Buffer.byteLength(JSON.stringify(items)) / items.length));
  let inflated = build(count);
  for (
    let size = Buffer.byteLength(JSON.stringify(inflated));
    size < bytes;
    size = Buffer.byteLength(JSON.stringify(inflated))
  ) {
    count = Math.ceil((count * bytes) / size) + 1;
    inflated = build(count);
  }
  return inflated;
}
