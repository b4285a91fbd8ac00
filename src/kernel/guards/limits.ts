import { ToolError } from '../errors.js';
import type { StateStore } from '../state/store.js';
import type { Clock } from '../tokens.js';
import type { GuardTarget } from './targets.js';

/**
 * Cooldowns and hourly caps for acting tools, counted in the StateStore so that replicas sharing a
 * store share the counts. The tool declares the group and cap kind; this file only counts.
 */
export interface LimitSpec {
  /** The resolved tenant key (never the raw argument). */
  readonly tenant: string;
  /**
   * Cooldown group. Actions of one group on one target share one cooldown: put an action and its
   * undo in the same group ("isolation" for isolate and release) and flapping is refused too.
   */
  readonly group: string;
  readonly cooldownSeconds: number;
  /** Per-tenant hourly cap on this kind of action; each target of a bulk call counts. */
  readonly cap?: { readonly kind: string; readonly perHour: number };
}

export interface TargetRefusal {
  readonly target: GuardTarget;
  readonly error: ToolError;
}

/** What a claim admitted; `release` undoes one target's cooldown and cap count (definite failure). */
export interface LimitClaim {
  readonly admitted: readonly GuardTarget[];
  readonly refused: readonly TargetRefusal[];
  release(target: GuardTarget): Promise<void>;
}

const HOUR_MS = 3_600_000;
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export class ResponseLimits {
  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
  ) {}

  /** Read-only: what a claim would refuse now (for previews). Throws when the cap is already too low. */
  async check(spec: LimitSpec, targets: readonly GuardTarget[]): Promise<TargetRefusal[]> {
    const refused: TargetRefusal[] = [];
    for (const target of targets) {
      const error = await this.cooling(spec, target);
      if (error) refused.push({ target, error });
    }
    if (spec.cap) {
      // Adding 0 reads the window without consuming it (and tells how long it has left).
      const window = await this.store.increment(this.capKey(spec), 0, HOUR_MS);
      this.assertUnderCap(spec, window, targets.length - refused.length);
    }
    return refused;
  }

  /**
   * Claims the cooldown of each target and the cap for all admitted ones, just before acting.
   * Targets cooling down are refused one by one; a cap too low for the admitted ones refuses the
   * whole call (ToolError rate_limited) and claims nothing.
   */
  async claim(spec: LimitSpec, targets: readonly GuardTarget[]): Promise<LimitClaim> {
    const admitted: GuardTarget[] = [];
    const refused: TargetRefusal[] = [];
    const until = this.clock.now() + spec.cooldownSeconds * 1000;
    for (const target of targets) {
      if (spec.cooldownSeconds <= 0) admitted.push(target);
      else if (
        await this.store.setIfAbsent(
          this.cooldownKey(spec, target),
          String(until),
          spec.cooldownSeconds * 1000,
        )
      )
        admitted.push(target);
      else
        refused.push({
          target,
          error: (await this.cooling(spec, target)) ?? this.coolingError(spec, target, 1),
        });
    }
    if (spec.cap && admitted.length > 0) {
      const window = await this.store.increment(this.capKey(spec), admitted.length, HOUR_MS);
      if (window.value > spec.cap.perHour) {
        await this.store.increment(this.capKey(spec), -admitted.length, HOUR_MS);
        await Promise.all(admitted.map((t) => this.dropCooldown(spec, t)));
        this.assertUnderCap(
          spec,
          { value: window.value - admitted.length, ttlMs: window.ttlMs },
          admitted.length,
        );
      }
    }
    const released = new Set<string>();
    return {
      admitted,
      refused,
      release: async (target) => {
        if (released.has(target.id) || !admitted.includes(target)) return;
        released.add(target.id);
        await this.dropCooldown(spec, target);
        if (spec.cap) await this.store.increment(this.capKey(spec), -1, HOUR_MS);
      },
    };
  }

  /** Claims one target: throws the refusal instead of returning it. */
  async claimOne(spec: LimitSpec, target: GuardTarget): Promise<LimitClaim> {
    const claim = await this.claim(spec, [target]);
    const refusal = claim.refused[0];
    if (refusal) throw refusal.error;
    return claim;
  }

  private async cooling(spec: LimitSpec, target: GuardTarget): Promise<ToolError | undefined> {
    if (spec.cooldownSeconds <= 0) return undefined;
    const until = Number(await this.store.get(this.cooldownKey(spec, target)));
    const left = until - this.clock.now();
    return left > 0 ? this.coolingError(spec, target, left) : undefined;
  }

  private coolingError(spec: LimitSpec, target: GuardTarget, leftMs: number): ToolError {
    const retryAfter = seconds(leftMs);
    return new ToolError(
      'rate_limited',
      `${target.label} was acted on (${spec.group}) less than ${spec.cooldownSeconds} s ago; ` +
        `refused to act again for ${retryAfter} s.`,
      {
        retryAfter,
        hint: 'Check the result of the previous action before repeating or undoing it.',
        details: { reason: 'cooldown', group: spec.group, target: target.id },
      },
    );
  }

  private assertUnderCap(spec: LimitSpec, window: { value: number; ttlMs: number }, wanted: number): void {
    const cap = spec.cap;
    if (!cap || window.value + wanted <= cap.perHour) return;
    const left = Math.max(0, cap.perHour - window.value);
    throw new ToolError(
      'rate_limited',
      `The hourly cap of ${cap.perHour} ${cap.kind} actions in this tenant leaves ${left}; ` +
        `this call needs ${wanted}. Nothing was sent.`,
      {
        retryAfter: seconds(window.ttlMs),
        hint: 'An operator sets the cap in the plugin options; a person can act in the Defender portal meanwhile.',
        details: { reason: 'cap', kind: cap.kind, perHour: cap.perHour, left },
      },
    );
  }

  private async dropCooldown(spec: LimitSpec, target: GuardTarget): Promise<void> {
    if (spec.cooldownSeconds > 0) await this.store.delete(this.cooldownKey(spec, target));
  }

  private cooldownKey(spec: LimitSpec, target: GuardTarget): string {
    return `guard:cooldown:${spec.tenant}:${spec.group}:${target.id.toLowerCase()}`;
  }

  private capKey(spec: LimitSpec): string {
    return `guard:cap:${spec.tenant}:${spec.cap?.kind ?? ''}`;
  }
}
