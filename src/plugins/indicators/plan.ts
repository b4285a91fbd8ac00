import {
  hostOf,
  type IndicatorAction,
  type IndicatorType,
  indicatorTarget,
  isBlocking,
  normaliseIndicatorValue,
  rangeHolding,
} from '../../defender/indicators/index.js';
import { type GuardTarget, protectedError, protectionOf, ToolError } from '../../kernel/index.js';
import type { IndicatorsOptions } from './options.js';

export interface SubmitInput {
  indicatorType: IndicatorType;
  value: string;
  action: IndicatorAction;
  title: string;
  description: string;
  severity?: 'Informational' | 'Low' | 'Medium' | 'High' | undefined;
  expiresInDays?: number | undefined;
  permanent?: boolean | undefined;
  recommendedActions?: string | undefined;
  deviceGroups?: string[] | undefined;
  generateAlert?: boolean | undefined;
  tenant?: string | undefined;
}

/** What the arguments ask for, checked before any call: the value, the target, the expiration. */
export interface SubmitPlan {
  value: string;
  target: GuardTarget;
  blocking: boolean;
  /** Days until it expires, or null for a permanent indicator. */
  days: number | null;
  generateAlert: boolean;
}

const DAY_MS = 86_400_000;

function refuse(message: string, hint: string, reason: string): ToolError {
  return new ToolError('validation_error', `${message} Nothing was sent.`, { hint, details: { reason } });
}

/** The expiration rules: blocks always expire unless the operator allows permanent ones; a ceiling. */
function daysOf(input: SubmitInput, blocking: boolean, o: IndicatorsOptions): number | null {
  if (input.permanent && input.expiresInDays !== undefined) {
    throw refuse('Give either permanent or expiresInDays, not both.', 'Drop one of them.', 'expiration');
  }
  if (input.permanent) {
    if (blocking && !o.allowPermanentBlocks) {
      throw refuse(
        `A ${input.action} indicator must expire: this deployment does not allow permanent blocks.`,
        `Give expiresInDays (at most ${o.maxExpirationDays}); an operator can set allowPermanentBlocks.`,
        'permanent_block',
      );
    }
    return null;
  }
  const days = input.expiresInDays ?? Math.min(o.defaultExpirationDays, o.maxExpirationDays);
  if (days > o.maxExpirationDays) {
    throw refuse(
      `expiresInDays ${days} is over this deployment's maximum of ${o.maxExpirationDays} days.`,
      `Give at most ${o.maxExpirationDays}, and submit again when it nears its end if still needed.`,
      'expiration_too_long',
    );
  }
  return days;
}

/** The never-block list: the operator's rules and address ranges; only blocks are refused. */
export function neverBlockRule(
  o: IndicatorsOptions,
  type: IndicatorType,
  target: GuardTarget,
): string | undefined {
  const rule = protectionOf(o.protected, target);
  if (rule !== undefined) return rule;
  const host = hostOf(type, target.id);
  const range = host === undefined ? undefined : rangeHolding(o.protectedRanges, host);
  return range === undefined ? undefined : `protected address range "${range}"`;
}

/**
 * Checks everything the arguments alone decide, in the order a person would want to hear it: the
 * value (Defender's own error codes), the expiration, Audit's alert, the never-block list.
 * Throws before any call to Microsoft.
 */
export function planSubmission(input: SubmitInput, o: IndicatorsOptions): SubmitPlan {
  const value = normaliseIndicatorValue(input.indicatorType, input.value);
  const blocking = isBlocking(input.action);
  const days = daysOf(input, blocking, o);
  if (input.action === 'Audit' && input.generateAlert === false) {
    throw refuse(
      'An Audit indicator must generate alerts (Defender requires generateAlert true for Audit).',
      'Leave generateAlert out or set it to true, or choose another action.',
      'audit_without_alert',
    );
  }
  const target = indicatorTarget(input.indicatorType, value);
  if (blocking) {
    const rule = neverBlockRule(o, input.indicatorType, target);
    if (rule !== undefined) throw protectedError(target, rule);
  }
  const generateAlert =
    input.generateAlert ??
    (input.action === 'Audit' || input.action === 'Alert' || input.action === 'AlertAndBlock');
  return { value, target, blocking, days, generateAlert };
}

/** The expiration time of a plan, from now. */
export function expirationOf(plan: SubmitPlan, now: number): string | undefined {
  return plan.days === null ? undefined : new Date(now + plan.days * DAY_MS).toISOString();
}
