import { ToolError } from '../errors.js';
import { changesOnly } from '../pipeline.js';
import type { StateStore } from '../state/store.js';
import { isStateUnavailable, StateUnavailableError } from '../state/unavailable.js';
import type { Clock } from '../tokens.js';
import type { ToolMiddleware } from '../types.js';
import type { ApprovalEvents } from './approval-events.js';

/**
 * The StateStore key every replica reads. Present with `{"on":true,...}` = every write and
 * destructive call is refused; absent (or `"on":false`) = normal. Documented in docs/security.md.
 */
export const KILL_SWITCH_KEY = 'kill-switch';
/** How stale a replica's view of the switch may be: each reads the store at most once per this. */
export const KILL_SWITCH_CACHE_MS = 1000;
/** The store needs a ttl: ten years stands for "until switched off". */
const FOREVER_MS = 10 * 365 * 24 * 3600_000;

export interface KillSwitchState {
  readonly on: boolean;
  /** Who flipped it last and why (absent when it was never flipped). */
  readonly by?: string;
  readonly reason?: string;
  /** ISO time of the last flip. */
  readonly at?: string;
}

const OFF: KillSwitchState = { on: false };
/** Unknown means stopped: a change must never slip through because the store is down. */
const UNREADABLE: KillSwitchState = { on: true, reason: 'the kill switch state cannot be read' };
/** The same, when the shared store is unreachable: then the caller hears that, which says more. */
const STORE_DOWN: KillSwitchState = { ...UNREADABLE };

/**
 * The emergency stop. Reads are cheap: one store read per KILL_SWITCH_CACHE_MS at most, and
 * concurrent callers share it; a flip through this instance is seen by it at once, by other replicas
 * within the cache time. A store that cannot be read counts as ON (fail closed) for changes.
 */
export class KillSwitch {
  #cached: { state: KillSwitchState; until: number } | undefined;
  #reading: Promise<KillSwitchState> | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly events: ApprovalEvents,
    private readonly cacheMs = KILL_SWITCH_CACHE_MS,
  ) {}

  async state(): Promise<KillSwitchState> {
    const cached = this.#cached;
    if (cached !== undefined && this.clock.now() < cached.until) return cached.state;
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async set(on: boolean, by: string, reason: string): Promise<KillSwitchState> {
    const state: KillSwitchState = { on, by, reason, at: new Date(this.clock.now()).toISOString() };
    // The stop first, the record after: an audit log that cannot be written must not keep it off.
    await this.store.set(KILL_SWITCH_KEY, JSON.stringify(state), FOREVER_MS);
    this.#cached = { state, until: this.clock.now() + this.cacheMs };
    await this.events.killSwitch(on, by, reason);
    return state;
  }

  /** A policy step: write and destructive calls are refused while the switch is on; reads pass. */
  middleware(): ToolMiddleware {
    return changesOnly(async (call, next) => {
      if (call.tool.tier === 'read') return next();
      const state = await this.state();
      if (state === STORE_DOWN) throw new StateUnavailableError();
      if (state.on) {
        throw new ToolError(
          'forbidden',
          `An operator stopped every change (kill switch on${state.reason ? `: ${state.reason}` : ''}). ` +
            `${call.tool.name} was not run; nothing was changed. Read tools still work.`,
          {
            hint: 'Do not retry: tell the person that changes are stopped until an operator turns the kill switch off.',
            details: { reason: 'kill_switch' },
          },
        );
      }
      return next();
    });
  }

  async #read(): Promise<KillSwitchState> {
    let state: KillSwitchState;
    try {
      const raw = await this.store.get(KILL_SWITCH_KEY);
      state = raw === undefined ? OFF : parseState(raw);
    } catch (error) {
      return isStateUnavailable(error) ? STORE_DOWN : UNREADABLE;
    }
    this.#cached = { state, until: this.clock.now() + this.cacheMs };
    return state;
  }
}

function parseState(raw: string): KillSwitchState {
  try {
    const value = JSON.parse(raw) as Partial<KillSwitchState>;
    if (typeof value.on !== 'boolean') return { on: true, reason: 'unreadable kill switch state' };
    return value as KillSwitchState;
  } catch {
    return { on: true, reason: 'unreadable kill switch state' };
  }
}
