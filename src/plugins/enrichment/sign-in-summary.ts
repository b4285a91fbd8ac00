import { z } from 'zod';
import type { SignIn } from '../../defender/schemas/graph.js';

/** A user's recent sign-ins, summarised: what an analyst reads first (where from, what failed). */

const Counted = z.object({ value: z.string(), count: z.number().int() });

const SignInBrief = z.object({
  createdDateTime: z.string().nullable(),
  ipAddress: z.string().nullable(),
  location: z.string().nullable(),
  app: z.string().nullable(),
});

export const SignInSummarySchema = z.object({
  count: z.number().int().describe('Sign-ins summarised (the newest, up to signInLimit).'),
  failures: z.number().int().describe('Sign-ins with a non-zero status error code.'),
  truncated: z.boolean().describe('True when older sign-ins exist that were not read.'),
  oldest: z.string().nullable(),
  newest: z.string().nullable(),
  locations: z.array(Counted).describe('Distinct locations, most frequent first (at most 10).'),
  ipAddresses: z.array(Counted).describe('Distinct IP addresses, most frequent first (at most 10).'),
  apps: z.array(Counted).describe('Distinct applications, most frequent first (at most 10).'),
  lastSuccess: SignInBrief.nullable(),
  lastFailure: SignInBrief.extend({
    errorCode: z.number().nullable(),
    failureReason: z.string().nullable(),
  }).nullable(),
});
export type SignInSummary = z.output<typeof SignInSummarySchema>;

const DISTINCT = 10;

function locationOf(s: SignIn): string | null {
  const parts = [s.location?.city, s.location?.countryOrRegion].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : null;
}

function counted(values: (string | null | undefined)[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, DISTINCT);
}

const failed = (s: SignIn) => (s.status?.errorCode ?? 0) !== 0;
const brief = (s: SignIn) => ({
  createdDateTime: s.createdDateTime ?? null,
  ipAddress: s.ipAddress ?? null,
  location: locationOf(s),
  app: s.appDisplayName ?? null,
});

export function summariseSignIns(signIns: readonly SignIn[], truncated: boolean): SignInSummary {
  const sorted = [...signIns].sort(
    (a, b) => (Date.parse(b.createdDateTime ?? '') || 0) - (Date.parse(a.createdDateTime ?? '') || 0),
  );
  const success = sorted.find((s) => !failed(s));
  const failure = sorted.find(failed);
  return {
    count: sorted.length,
    failures: sorted.filter(failed).length,
    truncated,
    newest: sorted[0]?.createdDateTime ?? null,
    oldest: sorted.at(-1)?.createdDateTime ?? null,
    locations: counted(sorted.map(locationOf)),
    ipAddresses: counted(sorted.map((s) => s.ipAddress)),
    apps: counted(sorted.map((s) => s.appDisplayName)),
    lastSuccess: success ? brief(success) : null,
    lastFailure: failure
      ? {
          ...brief(failure),
          errorCode: failure.status?.errorCode ?? null,
          failureReason: failure.status?.failureReason ?? null,
        }
      : null,
  };
}
