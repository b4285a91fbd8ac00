import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuditLog } from '../audit/log.js';
import type { AuditEntry, AuditKind, AuditOutcome } from '../audit/record.js';
import { redactSecrets, redactText } from '../audit/redact.js';
import { principalRecord } from '../auth/principal-record.js';
import { isToolError, ToolError, type ToolErrorCode } from '../errors.js';
import type { Clock } from '../tokens.js';
import type { ToolCall, ToolMiddleware } from '../types.js';

const ALL_TENANTS = '*';

/** Codes that mean "the policy stopped it" rather than "it failed while running". */
const REFUSALS = new Set<ToolErrorCode>([
  'validation_error',
  'forbidden',
  'rate_limited',
  'confirmation_required',
  'stale_preview',
  'approval_required',
  'approval_denied',
  'audit_unavailable',
]);

export interface AuditMiddlewareOptions {
  log: AuditLog;
  clock: Clock;
  /** Hears about records that could not be written (the call itself goes on or was already refused). */
  onWriteError: (message: string) => void;
}

/**
 * The outermost step: every call leaves a record. Write and destructive calls leave an `intent`
 * record, written durably BEFORE anything else runs, and refuse to run when it cannot be written;
 * reads are recorded after the fact and go on even when the log is down.
 */
export function auditMiddleware(options: AuditMiddlewareOptions): ToolMiddleware {
  const { log, clock, onWriteError } = options;
  // Audit off: no record is built, hashed or written (the chain warned about it at start).
  if (!log.enabled) return (_call, next) => next();
  return async (call, next) => {
    const changesData = call.tool.tier !== 'read';
    const started = performance.now();
    if (changesData) {
      try {
        // Flushed to disk before a change; a call without a token only previews, so it need not wait.
        const durable = call.confirmationToken !== undefined;
        await log.append(entryFor(call, 'intent', clock), { durable });
      } catch (error) {
        onWriteError(
          `audit intent for call ${call.callId} (${call.tool.name}) not written: ${describe(error)}`,
        );
        throw new ToolError(
          'audit_unavailable',
          `The audit log cannot be written, so ${call.tool.name} (a ${call.tool.tier} tool) was not run. ` +
            'Nothing was changed.',
          {
            hint: 'An operator must fix the audit log (disk space, the file, its permissions); read tools still work.',
          },
        );
      }
    }
    let result: CallToolResult | undefined;
    let failure: unknown;
    try {
      result = await next();
      return result;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const entry: AuditEntry = {
        ...entryFor(call, changesData ? 'outcome' : 'call', clock),
        ...outcomeOf(call, result, failure),
        durationMs: Math.round(performance.now() - started),
      };
      // The work is done (or refused): a lost outcome record is reported, not turned into a failure.
      await log.append(entry, { durable: false }).catch((error: unknown) => {
        onWriteError(
          `audit record for call ${call.callId} (${call.tool.name}) not written: ${describe(error)}`,
        );
      });
    }
  };
}

function entryFor(call: ToolCall, kind: AuditKind, clock: Clock): AuditEntry {
  const { ctx, tool } = call;
  return {
    time: new Date(clock.now()).toISOString(),
    kind,
    callId: call.callId,
    principal: principalRecord(ctx.principal),
    session: ctx.sessionId ?? null,
    tool: tool.name,
    tier: tool.tier,
    ...tenantFields(ctx),
    args: redactSecrets(call.args ?? call.rawArgs),
    argsValidated: call.args !== undefined,
  };
}

/**
 * The tenant a call reached, as resolved (the default's key when `tenant` was omitted), the same keys
 * the rate limit and the confirmation token use. A fan-out is `tenant: "*"` with the keys it reached.
 */
function tenantFields(ctx: ToolCall['ctx']): Pick<AuditEntry, 'tenant' | 'tenants'> {
  if (ctx.tenant === ALL_TENANTS) return { tenant: ALL_TENANTS, tenants: [...ctx.tenants] };
  return { tenant: ctx.tenants[0] ?? null };
}

function outcomeOf(
  call: ToolCall,
  result: CallToolResult | undefined,
  failure: unknown,
): Partial<AuditEntry> {
  const { notes } = call;
  const common: Partial<AuditEntry> = {
    ...(typeof notes.phase === 'string' ? { phase: notes.phase } : {}),
    ...(typeof notes.approval === 'string' ? { approval: notes.approval } : {}),
    ...(notes.truncated !== undefined ? { truncated: true } : {}),
  };
  if (result === undefined) {
    const code: ToolErrorCode = isToolError(failure) ? failure.code : 'internal_error';
    const outcome: AuditOutcome = REFUSALS.has(code)
      ? 'refused'
      : code === 'cancelled'
        ? 'cancelled'
        : 'error';
    return { ...common, outcome, errorCode: code, error: redactText(describe(failure)) };
  }
  const outcome: AuditOutcome = result.isError
    ? 'error'
    : notes.phase === 'preview'
      ? 'preview'
      : notes.phase === 'approval_pending'
        ? 'pending'
        : 'ok';
  const counts = arrayLengths(result.structuredContent);
  return {
    ...common,
    outcome,
    ...(typeof notes.resultCount === 'number' ? { resultCount: notes.resultCount } : {}),
    ...(Object.keys(counts).length > 0 ? { counts } : {}),
  };
}

/** Lengths of the top-level arrays (and those of a write envelope's `result`): simple result counts. */
function arrayLengths(structured: Record<string, unknown> | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (value: unknown, prefix: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [key, member] of Object.entries(value)) {
      if (Array.isArray(member)) counts[`${prefix}${key}`] = member.length;
    }
  };
  visit(structured, '');
  visit(structured?.result, 'result.');
  return counts;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
