import { ToolError } from '../errors.js';
import { type BindingDigests, bindingMismatch } from '../middleware/confirmation-token.js';
import type { Preview } from '../preview.js';
import type { StateStore } from '../state/store.js';
import type { Clock } from '../tokens.js';
import type { ApprovalEvents } from './approval-events.js';
import {
  APPROVAL_ID,
  APPROVAL_KEY_PREFIX,
  type ApprovalActor,
  type ApprovalRecord,
  approvalKey,
  hasLapsed,
  newApprovalId,
  parseApprovalRecord,
  recordTtlMs,
} from './approval-record.js';

const NOTHING_DONE = 'Nothing was done.';
/** Transitions retried this often when another writer changed the record in between. */
const MAX_ATTEMPTS = 8;
const MAX_REASON = 500;
const LIST_LIMIT = 200;

export interface NewApproval {
  tool: string;
  toolTitle: string;
  binding: BindingDigests;
  args: unknown;
  tenant: string | null;
  requester: ApprovalActor;
  preview: Preview;
  callId: string;
  approversNeeded: 1 | 2;
}

/** Why a person's decision was not taken; the console shows it. */
export class DecisionRefused extends Error {
  constructor(
    readonly reason:
      | 'unknown'
      | 'expired'
      | 'not_pending'
      | 'self_approval'
      | 'already_approved_by_you'
      | 'reason_required'
      | 'not_allowed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Pending approvals in the StateStore. Every change of state is one compareAndSet from the value just
 * read, so two approvers (or an approver and an expiry, or two retries of the same call on two
 * replicas) racing on one record cannot both win: exactly one transition happens, the other re-reads.
 */
export class PendingApprovals {
  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly expiryMs: number,
    private readonly events: ApprovalEvents,
  ) {}

  async create(request: NewApproval): Promise<ApprovalRecord> {
    const now = this.clock.now();
    const record: ApprovalRecord = {
      v: 1,
      id: newApprovalId(),
      ...request,
      createdAt: now,
      expiresAt: now + this.expiryMs,
      status: 'pending',
      approvals: [],
    };
    await this.store.set(approvalKey(record.id), JSON.stringify(record), recordTtlMs(record, now));
    await this.events.record(record, 'requested', { actor: record.requester.id, callId: record.callId });
    return record;
  }

  /** The record (its lapse settled and audited), or undefined for an unknown or long-gone id. */
  async get(id: string): Promise<ApprovalRecord | undefined> {
    if (!APPROVAL_ID.test(id)) return undefined;
    return (await this.#read(id))?.record;
  }

  /** Every record still kept, newest first, lapses settled. */
  async list(): Promise<ApprovalRecord[]> {
    const entries = await this.store.list(APPROVAL_KEY_PREFIX, LIST_LIMIT);
    const records = await Promise.all(
      entries.map(async ({ key }) => this.get(key.slice(APPROVAL_KEY_PREFIX.length))),
    );
    return records
      .filter((record): record is ApprovalRecord => record !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /**
   * An approver's decision. Four eyes: the requester never decides their own request, and a tool
   * that needs two approvers needs two different ones. `mayDecide` says whether this approver may
   * act on the record's tenant.
   */
  async decide(
    id: string,
    approver: ApprovalActor,
    decision: 'approve' | 'deny',
    reasonText: string,
    mayDecide: (record: ApprovalRecord) => boolean,
  ): Promise<ApprovalRecord> {
    const reason = reasonText.trim().slice(0, MAX_REASON);
    if (decision === 'deny' && reason === '') {
      throw new DecisionRefused('reason_required', 'Say why it is denied: the requester is told.');
    }
    return this.#transition(id, (record) => {
      if (!mayDecide(record)) {
        throw new DecisionRefused('not_allowed', 'Your role may not decide requests for this tenant.');
      }
      if (record.status !== 'pending') {
        throw new DecisionRefused('not_pending', `It is already ${record.status}.`);
      }
      if (record.requester.id === approver.id) {
        throw new DecisionRefused(
          'self_approval',
          'You asked for this call yourself: another approver must decide it (four eyes).',
        );
      }
      if (record.approvals.some((given) => given.by.id === approver.id)) {
        throw new DecisionRefused(
          'already_approved_by_you',
          'You approved it already: it needs a second, different approver.',
        );
      }
      const entry = { by: approver, at: this.clock.now(), reason };
      if (decision === 'deny') return { ...record, status: 'denied', denial: entry };
      const approvals = [...record.approvals, entry];
      const status = approvals.length >= record.approversNeeded ? 'approved' : 'pending';
      return { ...record, approvals, status };
    }).then(async (record) => {
      await this.events.record(record, decision === 'deny' ? 'denied' : 'approved', {
        actor: approver.id,
        reason,
      });
      return record;
    });
  }

  /**
   * The retry of the requester's call: succeeds once, only for an approved record bound to exactly
   * this tool, these arguments, this tenant and this requester, and marks it executed (single use).
   */
  async claim(id: string, presented: BindingDigests, callId: string): Promise<ApprovalRecord> {
    const found = APPROVAL_ID.test(id) ? await this.#read(id) : undefined;
    if (found === undefined) {
      throw refusal('unknown', 'This approval id is unknown or expired long ago.', 'approval_required');
    }
    const mismatch = bindingMismatch(found.record.binding, presented);
    if (mismatch !== undefined) {
      // Another caller's (or other arguments') approval: refused without touching it.
      throw refusal(mismatch.reason, `This approval was ${mismatch.why}.`, 'approval_required');
    }
    const claimed = await this.#transition(id, (record) => {
      if (record.status !== 'approved') throw statusRefusal(record);
      return { ...record, status: 'executed', executedBy: callId };
    }).catch((error: unknown) => {
      if (error instanceof DecisionRefused && error.reason === 'expired') {
        throw refusal('expired', 'This approval expired.', 'approval_required');
      }
      if (error instanceof DecisionRefused) {
        throw refusal('unknown', 'This approval id is unknown or expired long ago.', 'approval_required');
      }
      throw error;
    });
    await this.events.record(claimed, 'executed', { actor: claimed.requester.id, callId });
    return claimed;
  }

  async #read(id: string): Promise<{ raw: string; record: ApprovalRecord } | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.store.get(approvalKey(id));
      if (raw === undefined) return undefined;
      const record = parseApprovalRecord(raw);
      const now = this.clock.now();
      if (!hasLapsed(record, now)) return { raw, record };
      const expired: ApprovalRecord = { ...record, status: 'expired' };
      const next = JSON.stringify(expired);
      // Whoever notices the lapse first records it, once.
      if (await this.store.compareAndSet(approvalKey(id), raw, next, recordTtlMs(record, now))) {
        await this.events.record(expired, 'expired', {});
        return { raw: next, record: expired };
      }
    }
    throw new Error(`approval ${id}: too many concurrent changes`);
  }

  async #transition(id: string, change: (record: ApprovalRecord) => ApprovalRecord): Promise<ApprovalRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await this.#read(id);
      if (found === undefined) throw new DecisionRefused('unknown', 'No such request (it may have expired).');
      if (found.record.status === 'expired') {
        throw new DecisionRefused('expired', 'It expired before anyone decided it.');
      }
      const next = change(found.record);
      const now = this.clock.now();
      if (
        await this.store.compareAndSet(
          approvalKey(id),
          found.raw,
          JSON.stringify(next),
          recordTtlMs(next, now),
        )
      ) {
        return next;
      }
    }
    throw new Error(`approval ${id}: too many concurrent changes`);
  }
}

/** The retry's answer for a record that is not (or no longer) approved. */
function statusRefusal(record: ApprovalRecord): ToolError {
  switch (record.status) {
    case 'pending':
      return refusal(
        'pending',
        `Nobody has approved it yet (${record.approvals.length} of ${record.approversNeeded} approvals).`,
        'approval_required',
        'Wait for the approver, then call again with the same arguments and approvalId.',
      );
    case 'denied':
      return refusal(
        'denied',
        `${record.denial?.by.id ?? 'An approver'} denied it: ${JSON.stringify(record.denial?.reason ?? '')}.`,
        'approval_denied',
        'Do not retry unless the person asks for it again.',
      );
    case 'executed':
      return refusal(
        'replayed',
        'This approval was used already (approvals are single-use).',
        'approval_required',
      );
    default:
      return refusal('expired', 'This approval expired.', 'approval_required');
  }
}

function refusal(
  reason: string,
  message: string,
  code: 'approval_required' | 'approval_denied',
  hint = 'Preview again (call without approvalId) to ask for a new approval.',
): ToolError {
  return new ToolError(code, `${message} ${NOTHING_DONE}`, { hint, details: { reason } });
}
