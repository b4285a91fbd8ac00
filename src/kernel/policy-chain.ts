import type { Approvals } from './approvals/approvals.js';
import { sharedAuditLog } from './audit/log.js';
import type { AuditConfig, PolicyConfig } from './config/schema.js';
import type { Logger } from './logger.js';
import { auditMiddleware } from './middleware/audit.js';
import { confirmationMiddleware } from './middleware/confirmation.js';
import { outputBudgetMiddleware } from './middleware/output-budget.js';
import { rateLimitMiddleware } from './middleware/rate-limit.js';
import { riskTierMiddleware } from './middleware/risk-tier.js';
import { timeoutMiddleware } from './middleware/timeout.js';
import type { StateStore } from './state/store.js';
import type { Clock } from './tokens.js';
import type { ToolMiddleware } from './types.js';

export interface PolicyChainOptions {
  policy: PolicyConfig;
  audit: AuditConfig;
  store: StateStore;
  clock: Clock;
  /** The validation step (owned by the tool layer): sets `call.args`. */
  validate: ToolMiddleware;
  logger: Logger;
  /** Whether any enabled tool is above `read` (only then can a confirmation token be issued). */
  confirmsCalls?: boolean;
  /** Pending approvals and the kill switch (createKernel always passes them). */
  approvals?: Approvals;
}

/**
 * The policy chain, outermost first. Audit is outermost so that every call, refused ones included,
 * leaves a record; validation runs next so that every later step sees the validated arguments;
 * the cheap refusals (tier, rate) come before the preview/approval round trips; the deadline and
 * the output budget wrap only the tool itself.
 */
export function buildPolicyChain(options: PolicyChainOptions): ToolMiddleware[] {
  const { policy, audit, store, clock, validate, logger, confirmsCalls, approvals } = options;
  const warn = (message: string) => logger.warn({}, message);
  if (policy.approval.dangerouslySkipHumanApproval) {
    logger.warn(
      { setting: 'policy.approval.dangerouslySkipHumanApproval' },
      'DANGER: destructive tools run WITHOUT human approval. This is a lab-only setting; never use it in production.',
    );
  }
  if (!audit.stderr && audit.file === undefined) {
    warn('audit is off (audit.stderr is false and no audit.file): no record of tool calls is kept');
  }
  // The kill switch refuses changes before any preview, and again right before the tool runs: a call
  // that was waiting for its approval when the switch went on does not run either.
  const killSwitch = approvals === undefined ? [] : [approvals.killSwitch.middleware()];
  return [
    auditStep(options),
    validate,
    riskTierMiddleware(policy),
    ...killSwitch,
    rateLimitMiddleware(policy, store),
    confirmationMiddleware({ policy, store, clock, warn, confirmsCalls, approvals }),
    ...killSwitch,
    timeoutMiddleware(policy),
    outputBudgetMiddleware(policy),
  ];
}

/**
 * The audit step alone, on the process's shared log for this destination: the chain's outermost
 * step, and what records calls to withheld tools (which never enter the chain).
 */
export function auditStep(options: Pick<PolicyChainOptions, 'audit' | 'clock' | 'logger'>): ToolMiddleware {
  const { audit, clock, logger } = options;
  const log = sharedAuditLog(audit, { warn: (message) => logger.warn({}, message) });
  return auditMiddleware({ log, clock, onWriteError: (message) => logger.error({}, message) });
}
