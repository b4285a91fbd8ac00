import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { ControllableClock } from './clock.js';
import { type CallRecordControl, type OwnApiControl, ownApiControlRoute } from './control-entra.js';
import type { CounterFilter, CounterSnapshot, Counters } from './counters.js';
import type { ActionOutcome } from './data/machine-actions.js';
import type { World } from './data/world.js';
import { type ActiveFault, type FaultSpec, FaultSpecSchema, type Faults } from './faults.js';
import type { QuotaLimit, Quotas } from './quotas.js';
import { decodeSegment } from './router.js';
import type { EmuResponse } from './routing.js';
import { secretEquals } from './secret-equal.js';

export const CONTROL_PREFIX = '/_emulator';

/** What a test (or the control endpoint) can steer while the emulator runs. */
export interface EmulatorControl {
  /** Base URL of the control endpoint; requests need `Authorization: Bearer <key>`. */
  url: string;
  /** Random per start; whoever started the emulator holds it. */
  key: string;
  clock: ControllableClock;
  faults: {
    add(spec: FaultSpec): string;
    remove(id: string): boolean;
    clear(): void;
    list(): readonly ActiveFault[];
  };
  counters: {
    requests(filter?: CounterFilter): number;
    tokens(filter?: CounterFilter): number;
    snapshot(): CounterSnapshot;
    reset(): void;
  };
  quotas: {
    /** Sets the limits of a bucket (`hunting`, `graph`, `mde`, `mde:packageUri`, a route's bucket). */
    set(bucket: string, limit: QuotaLimit): void;
    reset(): void;
  };
  /** The emulator as Entra for mcp-xdr's own API. */
  entra: OwnApiControl;
  /** Graph/MDE calls as received (bounded). */
  calls: CallRecordControl;
  machineActions: {
    /** The next `count` (default 1) machine actions of a tenant (default: each tenant) end with `outcome`. */
    failNext(outcome: ActionOutcome, options?: { tenant?: string; count?: number }): void;
  };
}

export function createControl(parts: {
  url: string;
  key: string;
  clock: ControllableClock;
  faults: Faults;
  counters: Counters;
  quotas: Quotas;
  world: Pick<World, 'failNextMachineActions'>;
  entra: OwnApiControl;
  calls: CallRecordControl;
}): EmulatorControl {
  const { faults, counters, quotas } = parts;
  return {
    url: parts.url,
    key: parts.key,
    clock: parts.clock,
    faults: {
      add: (spec) => faults.add(spec),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    counters: {
      requests: (filter) => counters.requests(filter),
      tokens: (filter) => counters.tokens(filter),
      snapshot: () => counters.snapshot(),
      reset: () => counters.reset(),
    },
    quotas: { set: (bucket, limit) => quotas.set(bucket, limit), reset: () => quotas.reset() },
    entra: parts.entra,
    calls: parts.calls,
    machineActions: { failNext: (outcome, options) => parts.world.failNextMachineActions(outcome, options) },
  };
}

const ClockBody = z.union([
  z.object({ advanceMs: z.number().finite() }).strict(),
  z.object({ set: z.union([z.number().finite(), z.iso.datetime()]) }).strict(),
]);
const FailNextBody = z
  .object({
    outcome: z.enum(['Succeeded', 'Failed', 'TimeOut', 'Cancelled']),
    tenant: z.string().min(1).max(100).optional(),
    count: z.number().int().positive().max(1000).optional(),
  })
  .strict();
const QuotaBody = z
  .object({
    perMinute: z.number().int().positive().optional(),
    perHour: z.number().int().positive().optional(),
  })
  .strict();

function keyMatches(headers: IncomingHttpHeaders, key: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
  return given !== '' && secretEquals(given, key);
}

const ok = (body: unknown): EmuResponse => ({ status: 200, body });
const fail = (status: number, message: string): EmuResponse => ({ status, body: { error: message } });

/**
 * `/_emulator/...`: the same control over HTTPS, for processes that did not start the emulator
 * (the CLI's users). Routes: GET/POST/DELETE `faults`, DELETE `faults/{id}`, GET `counters`,
 * POST `counters/reset`, GET/POST `clock`, PUT `quotas/{bucket}`, POST `quotas/reset`,
 * POST `machineActions/failNext`; and those of control-entra.ts.
 */
export function handleControlRequest(
  control: EmulatorControl,
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer },
): EmuResponse | Promise<EmuResponse> {
  if (!keyMatches(request.headers, control.key)) return fail(401, 'control key missing or wrong');
  let body: unknown;
  try {
    body = request.body.length > 0 ? JSON.parse(request.body.toString('utf8')) : undefined;
  } catch {
    return fail(400, 'body is not valid JSON');
  }
  const route = `${request.method} ${request.path.slice(CONTROL_PREFIX.length).replace(/\/$/, '')}`;
  const ownApi = ownApiControlRoute(control, route, body);
  if (ownApi !== undefined) return ownApi;
  const faultId = /^DELETE \/faults\/([\w-]+)$/.exec(route)?.[1];
  if (faultId) return control.faults.remove(faultId) ? ok({ removed: faultId }) : fail(404, 'no such fault');
  const bucket = /^PUT \/quotas\/([^/]+)$/.exec(route)?.[1];
  if (bucket) {
    const parsed = QuotaBody.safeParse(body);
    if (!parsed.success) return fail(400, parsed.error.message);
    control.quotas.set(decodeSegment(bucket), parsed.data);
    return ok({ bucket: decodeSegment(bucket), ...parsed.data });
  }
  switch (route) {
    case 'GET /faults':
      return ok({ faults: control.faults.list() });
    case 'POST /faults': {
      const parsed = FaultSpecSchema.safeParse(body);
      return parsed.success ? ok({ id: control.faults.add(parsed.data) }) : fail(400, parsed.error.message);
    }
    case 'DELETE /faults':
      control.faults.clear();
      return ok({ cleared: true });
    case 'GET /counters':
      return ok(control.counters.snapshot());
    case 'POST /counters/reset':
      control.counters.reset();
      return ok({ reset: true });
    case 'GET /clock':
      return ok({ now: new Date(control.clock.now()).toISOString() });
    case 'POST /clock': {
      const parsed = ClockBody.safeParse(body);
      if (!parsed.success) return fail(400, parsed.error.message);
      if ('advanceMs' in parsed.data) control.clock.advance(parsed.data.advanceMs);
      else
        control.clock.set(
          typeof parsed.data.set === 'number' ? parsed.data.set : Date.parse(parsed.data.set),
        );
      return ok({ now: new Date(control.clock.now()).toISOString() });
    }
    case 'POST /machineActions/failNext': {
      const parsed = FailNextBody.safeParse(body);
      if (!parsed.success) return fail(400, parsed.error.message);
      try {
        control.machineActions.failNext(parsed.data.outcome, {
          tenant: parsed.data.tenant,
          count: parsed.data.count,
        });
      } catch {
        return fail(400, 'unknown tenant');
      }
      return ok(parsed.data);
    }
    case 'POST /quotas/reset':
      control.quotas.reset();
      return ok({ reset: true });
    default:
      return fail(404, `no control route ${route}`);
  }
}
