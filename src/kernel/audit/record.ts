import { hash as digest } from 'node:crypto';
import type { PrincipalRecord } from '../auth/principal-record.js';
import { canonicalJson } from '../canonical-json.js';
import type { RiskTier } from '../risk.js';

/** `call` for read tools (one record); `intent` then `outcome` for write and destructive tools. */
export type AuditKind = 'call' | 'intent' | 'outcome';
/** `pending`: a destructive call now waits for the approval console. `cancelled`: the client cancelled the call or went away (disconnected) before it finished. */
export type AuditOutcome = 'ok' | 'error' | 'refused' | 'preview' | 'pending' | 'cancelled';

/** What the middleware knows about a call; the log adds the chain fields. */
export interface AuditEntry {
  time: string;
  kind: AuditKind;
  callId: string;
  principal: PrincipalRecord;
  session: string | null;
  tool: string;
  tier: RiskTier;
  tenant: string | null;
  tenants?: string[];
  /** Secrets redacted. Validated arguments when validation ran, else the raw ones (see argsValidated). */
  args: unknown;
  argsValidated: boolean;
  outcome?: AuditOutcome;
  errorCode?: string;
  /** The error message, secrets redacted. */
  error?: string;
  durationMs?: number;
  resultCount?: number;
  /** Lengths of the arrays in the structured result, by member name. */
  counts?: Record<string, number>;
  phase?: string;
  approval?: string;
  truncated?: boolean;
}

/** A refused inbound request (HTTP auth): who tried from where and why; never the credential. */
export interface AuthFailureEntry {
  time: string;
  kind: 'auth_failure';
  address: string;
  method: string;
  reason: string;
  detail: string;
}

/**
 * A step in the life of a pending approval (requested, approved, denied, expired, executed) or of the
 * kill switch (on, off): who did it and why. Never the arguments' secrets (they are redacted first).
 */
export interface ApprovalEventEntry {
  time: string;
  kind: 'approval';
  event: 'requested' | 'approved' | 'denied' | 'expired' | 'executed' | 'kill_switch_on' | 'kill_switch_off';
  /** Absent for kill switch events. */
  approvalId?: string;
  tool?: string;
  tenant?: string | null;
  /** Who asked for the call. */
  requester?: string;
  /** Who acted: the approver, the denier, the caller who executed, the operator of the kill switch. */
  actor?: string;
  reason?: string;
  callId?: string;
  status?: string;
}

/** Any line of the chain. */
export type AuditLine = AuditEntry | AuthFailureEntry | ApprovalEventEntry;

export interface AuditRecord extends AuditEntry {
  seq: number;
  /** `hash` of the previous record; GENESIS for the first. */
  prev: string;
  /** SHA-256 (hex) of the canonical JSON of this record without `hash`. */
  hash: string;
}

export const GENESIS = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS };

export function hashRecord(record: Omit<AuditRecord, 'hash'> | Record<string, unknown>): string {
  return digest('sha256', canonicalJson(record), 'hex');
}

/** Links an entry to the chain head: the line to append and the head after it. */
export function chainEntry(head: ChainHead, entry: AuditLine): { line: string; head: ChainHead } {
  const unsigned = { seq: head.seq + 1, prev: head.hash, ...entry };
  const hash = hashRecord(unsigned);
  // The same text as JSON.stringify({ ...unsigned, hash }), without copying the record again.
  const line = `${JSON.stringify(unsigned).slice(0, -1)},"hash":"${hash}"}\n`;
  return { line, head: { seq: unsigned.seq, hash } };
}

/**
 * Checks one parsed line against the chain so far. Returns why it is bad, or undefined.
 * Shared by the verifier and by the log when it resumes a file after a restart.
 */
export function checkRecord(value: unknown, expected: ChainHead | undefined): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const { hash, ...unsigned } = value as Record<string, unknown>;
  if (typeof hash !== 'string' || hashRecord(unsigned) !== hash) {
    return 'its content does not match its hash (the line was edited)';
  }
  const { seq, prev } = unsigned;
  if (typeof seq !== 'number' || typeof prev !== 'string') return 'it has no seq or prev field';
  if (expected === undefined) return undefined;
  if (seq !== expected.seq + 1 || prev !== expected.hash) {
    return (
      `expected seq ${expected.seq + 1} following hash ${expected.hash.slice(0, 12)}…, found seq ${seq}: ` +
      'a line before it was deleted, or this line was inserted or moved'
    );
  }
  return undefined;
}
