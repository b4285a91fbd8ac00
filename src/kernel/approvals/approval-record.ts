import { randomBytes } from 'node:crypto';
import type { BindingDigests } from '../middleware/confirmation-token.js';
import type { Preview } from '../preview.js';

/** Where pending approvals live in the StateStore: `approval:<id>`. */
export const APPROVAL_KEY_PREFIX = 'approval:';
/** Decided and expired records stay this long after their expiry, so a late retry hears why. */
export const APPROVAL_RETENTION_MS = 60 * 60_000;

/** `apr_` + 22 base64url characters (128 random bits): unguessable, safe in URLs and HTML. */
export const APPROVAL_ID = /^apr_[A-Za-z0-9_-]{22}$/;

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'executed';

/** A person (or the local operator) as approval records name them. */
export interface ApprovalActor {
  readonly id: string;
  readonly displayName?: string;
}

export interface ApprovalDecision {
  readonly by: ApprovalActor;
  /** Epoch ms. */
  readonly at: number;
  readonly reason: string;
}

/**
 * One destructive call waiting for (or past) a human decision. The binding holds digests of exactly
 * what may run; `args` (secrets redacted) and `preview` are what the approver is shown.
 */
export interface ApprovalRecord {
  readonly v: 1;
  readonly id: string;
  readonly tool: string;
  readonly toolTitle: string;
  readonly binding: BindingDigests;
  readonly args: unknown;
  readonly tenant: string | null;
  readonly requester: ApprovalActor;
  readonly preview: Preview;
  /** The call that asked (audit correlation). */
  readonly callId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly approversNeeded: 1 | 2;
  readonly status: ApprovalStatus;
  readonly approvals: readonly ApprovalDecision[];
  readonly denial?: ApprovalDecision;
  /** The call that used the approval. */
  readonly executedBy?: string;
}

export function newApprovalId(): string {
  return `apr_${randomBytes(16).toString('base64url')}`;
}

export function approvalKey(id: string): string {
  return `${APPROVAL_KEY_PREFIX}${id}`;
}

export function parseApprovalRecord(raw: string): ApprovalRecord {
  const record = JSON.parse(raw) as ApprovalRecord;
  if (record.v !== 1 || typeof record.id !== 'string' || !APPROVAL_ID.test(record.id)) {
    throw new Error('not an approval record of this version');
  }
  return record;
}

/** Pending or approved past its expiry: it can no longer be decided nor used. */
export function hasLapsed(record: ApprovalRecord, now: number): boolean {
  return (record.status === 'pending' || record.status === 'approved') && now >= record.expiresAt;
}

/** Store ttl of a record: until its expiry plus the retention. */
export function recordTtlMs(record: ApprovalRecord, now: number): number {
  return Math.max(1, record.expiresAt + APPROVAL_RETENTION_MS - now);
}
