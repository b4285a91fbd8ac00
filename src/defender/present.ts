import { z } from 'zod';
import { TOOL_ERROR_CODES, type ToolErrorCode } from '../kernel/errors.js';
import type { NextStep } from '../kernel/next-steps.js';
import type { ToolContext } from '../kernel/types.js';
import { type CallOptions, callOptionsFrom } from './api-client.js';
import { fanOut } from './fanout.js';
import { escapeDeep, escapeUntrusted, Fence } from './fence.js';
import type { TenantDefinition } from './tenant-sources.js';
import { ALL_TENANTS, type Tenants } from './tenants.js';

/**
 * What every Defender tool shares to show its result: structured content with every upstream string
 * escaped (`escapeDeep`), a short text view where upstream text sits inside one response's fence,
 * and per-tenant results for `tenant: "*"`. Tools then say only what they read and what matters.
 * Nothing here knows about the sandbox: its marking is added by the kernel around every result.
 */
export { escapeDeep };

/** A value on a key/value line: upstream text (fenced) or our own numbers and flags. */
export type FieldValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Fields = Readonly<Record<string, FieldValue>>;

/** Arguments made only of ids, keys and numbers are shown inline; anything else is fenced. */
const PLAIN = /^[A-Za-z0-9._@:*+/=-]{0,128}$/;

function isPlain(value: unknown): boolean {
  if (typeof value === 'string') return PLAIN.test(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return true;
  if (Array.isArray(value)) return value.every(isPlain);
  if (typeof value === 'object') return Object.values(value).every(isPlain);
  return false;
}

/** Starts every later line of a multi-line value: data cannot begin a line that looks like our own. */
export const CONTINUATION = '\n    ↳ ';

/**
 * One value as shown on a `key: value` line. A line feed continues behind a visible marker, and a
 * string that could be read as more than one value (it holds `; `, `: `, `"`, a line feed, edge
 * spaces, or `,` in a list) is quoted, its own quotes shown as the `\u{22}` escape, so
 * `"ok; classification: falsePositive"` stays one value and never reads as a field.
 */
function quoted(text: string, separators: RegExp): string {
  const ambiguous =
    separators.test(text) || text.includes('"') || text.includes('\n') || text !== text.trim();
  const body = text.replaceAll('"', '\\u{22}').replace(/\n/g, CONTINUATION);
  return ambiguous ? `"${body}"` : body;
}

function show(value: FieldValue): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return value
      .map((item) => (typeof item === 'string' ? quoted(item, /[;,]|: /) : String(item)))
      .join(', ');
  }
  return typeof value === 'string' ? quoted(value, /;|: /) : String(value);
}

function lines(fields: Fields, separator: string): string {
  return Object.entries(fields)
    .flatMap(([key, value]) => {
      const shown = show(value);
      return shown === undefined ? [] : [`${key}: ${shown}`];
    })
    .join(separator);
}

/**
 * The text rendering of one response. It owns the response's only `Fence` (one nonce), so create
 * one per `toText()` call. Headings, `say()` lines and step reasons are our own words; everything
 * passed to `record()`, `list()` and step arguments is treated as upstream data and fenced. Values
 * are expected to come from the tool's `escapeDeep`ed output: their escapes are kept as they are,
 * and any character still hidden is made visible, so text stays safe even if a value skipped it.
 */
export class TextView {
  readonly #fence = new Fence();
  readonly #heading: string;
  readonly #parts: string[] = [];
  #fenced = false;

  constructor(heading: string) {
    this.#heading = heading;
  }

  /** The response's nonce (for tests and for tools that need to refer to it). */
  get nonce(): string {
    return this.#fence.nonce;
  }

  /** A line in our own words (counts, our tenant keys, hints): not fenced. */
  say(text: string): this {
    this.#parts.push(text);
    return this;
  }

  /** One record as `key: value` lines (empty values skipped), fenced as one block. */
  record(label: string, fields: Fields): this {
    return this.#block(label, lines(fields, '\n'));
  }

  /** One line per item (`key: value; …` for records), fenced as one block; `empty` when none. */
  list(label: string, items: readonly (Fields | string)[], empty: string): this {
    if (items.length === 0) return this.say(empty);
    const text = items
      .map((item) => `- ${typeof item === 'string' ? item.replace(/\n/g, CONTINUATION) : lines(item, '; ')}`)
      .join('\n');
    return this.#block(label, text);
  }

  /** A fan-out tenant's failure, in our words (ToolError messages never carry upstream text). */
  failure(result: { tenant: string; error: TenantError }): this {
    const wait = result.error.retryAfter === undefined ? '' : ` Retry after ${result.error.retryAfter} s.`;
    return this.say(`Tenant "${result.tenant}" failed: ${result.error.code}: ${result.error.message}${wait}`);
  }

  /** Each tenant's result: `render` for a success, `failure()` for a failed tenant. */
  tenants<T extends object>(
    results: readonly TenantResult<T>[],
    render: (result: { tenant: string; ok: true } & T) => void,
  ): this {
    for (const result of results) {
      if (result.ok) render(result);
      else this.failure(result);
    }
    return this;
  }

  /** The suggested calls as `Next: tool(args) — why`; arguments that are not plain ids are fenced. */
  next(steps: readonly NextStep[]): this {
    for (const step of steps) {
      const args = step.args ?? {};
      if (isPlain(args)) {
        this.say(`Next: ${step.tool}(${JSON.stringify(args)}) — ${step.why}`);
      } else {
        this.say(`Next: ${step.tool}(arguments in the block below) — ${step.why}`);
        this.#block('arguments', JSON.stringify(args));
      }
    }
    return this;
  }

  toString(): string {
    const notice = this.#fenced ? [this.#fence.notice()] : [];
    return [escapeUntrusted(this.#heading), ...notice, ...this.#parts].join('\n');
  }

  #block(label: string, text: string): this {
    this.#fenced = true;
    this.#parts.push(this.#fence.wrapEscaped(text, label));
    return this;
  }
}

/** One tenant's failure in a fan-out: a stable code, our message, and the wait when throttled. */
export const TenantErrorSchema = z.object({
  code: z.enum(TOOL_ERROR_CODES).describe('Stable error code (rate_limited, forbidden, unavailable, ...).'),
  message: z.string().describe('What went wrong for this tenant.'),
  retryAfter: z.number().optional().describe('Seconds to wait before retrying this tenant.'),
});
export type TenantError = { code: ToolErrorCode; message: string; retryAfter?: number | undefined };

/**
 * The output schema of one tenant's result: `{ tenant, ok: true, ...shape }` or
 * `{ tenant, ok: false, error }`. Every tool that takes `tenant` (and `"*"`) returns an array of these,
 * so a model reads one tenant and many tenants the same way.
 */
export function tenantResult<S extends z.ZodRawShape>(shape: S) {
  const tenant = z.string().describe('Our tenant key (from the server configuration).');
  return z.discriminatedUnion('ok', [
    z.object({ tenant, ok: z.literal(true), ...shape }),
    z.object({ tenant, ok: z.literal(false), error: TenantErrorSchema }),
  ]);
}

export type TenantResult<T extends object> =
  | ({ tenant: string; ok: true } & T)
  | { tenant: string; ok: false; error: TenantError };

/**
 * Runs `fn` for the tenants a tool's `tenant` argument names. One tenant (omitted or a key): its
 * error is thrown, so the call fails with that code, hint and wait. `"*"`: every permitted tenant
 * with bounded concurrency, `notifications/progress` per finished tenant, failures in place.
 */
export async function forTenants<T extends object>(
  tenants: Tenants,
  requested: string | undefined,
  ctx: ToolContext,
  fn: (tenant: TenantDefinition, call: CallOptions) => Promise<T>,
): Promise<TenantResult<T>[]> {
  const targets = tenants.resolve(requested, ctx.principal);
  if (requested !== ALL_TENANTS) {
    return Promise.all(
      targets.map(async (t) => ({
        tenant: t.key,
        ok: true as const,
        ...(await fn(t, callOptionsFrom(ctx))),
      })),
    );
  }
  const outcomes = await fanOut(targets, (t, signal) => fn(t, { ...callOptionsFrom(ctx), signal }), {
    concurrency: tenants.concurrency,
    signal: ctx.signal,
    onProgress: (done, total, key) => ctx.progress(done, total, `Tenant "${key}" finished.`),
  });
  return outcomes.map((o) =>
    o.ok
      ? { tenant: o.tenant, ok: true as const, ...o.value }
      : { tenant: o.tenant, ok: false, error: o.error },
  );
}
