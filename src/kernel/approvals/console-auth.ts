import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Authenticator } from '../auth/authenticator.js';
import { allowedTenantsOf, mayApprove } from '../auth/roles.js';
import type { StateStore } from '../state/store.js';
import type { ApprovalActor, ApprovalRecord } from './approval-record.js';

const SESSION_PREFIX = 'console:session:';
const LOGIN_PREFIX = 'console:login:';
const SESSION_TTL_MS = 8 * 3600_000;
const LOGIN_LINK_TTL_MS = 24 * 3600_000;
/** Who logs in with the local approver key or a one-time link (no team auth). */
export const LOCAL_APPROVER: ApprovalActor = { id: 'local-approver', displayName: 'local approver' };

/** A signed-in approver, as the console keeps it (in the StateStore, so replicas share it). */
export interface ConsoleSession {
  readonly approver: ApprovalActor;
  readonly role?: string;
  /** Tenant keys the approver may decide for, or 'all'. */
  readonly tenants: readonly string[] | 'all';
  /** Sent with every form; a POST without it is refused. */
  readonly csrf: string;
}

export interface ConsoleAuthOptions {
  store: StateStore;
  /** Team auth (API keys): principals whose role may approve sign in with their key. */
  authenticator?: Authenticator | undefined;
  /** The local approver key (without team auth, and for the CLI). */
  approverKey?: string | undefined;
}

/** Why a credential did not sign anyone in: safe to show. */
export type LoginFailure = 'invalid' | 'may_not_approve';

/**
 * Who may use the console and how they prove it: an approver's API key (team auth), the local
 * approver key, or a one-time login link. Sessions and one-time links live in the StateStore, by
 * the hash of their secret: a store dump signs nobody in.
 */
export class ConsoleAuth {
  readonly #approverKey: Buffer | undefined;

  constructor(private readonly options: ConsoleAuthOptions) {
    const key = options.approverKey;
    this.#approverKey = key === undefined || key === '' ? undefined : digest(key);
  }

  /** Whether one-time links may sign in: only where no team auth names people. */
  get linksAllowed(): boolean {
    return this.options.authenticator === undefined;
  }

  /** The approver a presented key (API key or local approver key) stands for. */
  async approverFor(key: string): Promise<Omit<ConsoleSession, 'csrf'> | LoginFailure> {
    if (this.#approverKey !== undefined && timingSafeEqual(digest(key), this.#approverKey)) {
      return { approver: LOCAL_APPROVER, tenants: 'all' };
    }
    const authenticator = this.options.authenticator;
    if (authenticator === undefined) return 'invalid';
    const outcome = await authenticator.authenticate({ 'x-api-key': key });
    if (!outcome.ok) return 'invalid';
    const { principal } = outcome;
    if (!mayApprove(principal)) return 'may_not_approve';
    const approver =
      principal.displayName === undefined
        ? { id: principal.id }
        : { id: principal.id, displayName: principal.displayName };
    return {
      approver,
      tenants: allowedTenantsOf(principal),
      ...(principal.role === undefined ? {} : { role: principal.role.name }),
    };
  }

  /** A new session; returns the cookie value. */
  async openSession(who: Omit<ConsoleSession, 'csrf'>): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = { ...who, csrf: randomBytes(32).toString('base64url') };
    await this.options.store.set(sessionKey(id), JSON.stringify(session), SESSION_TTL_MS);
    return id;
  }

  async session(id: string | undefined): Promise<ConsoleSession | undefined> {
    if (id === undefined || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const raw = await this.options.store.get(sessionKey(id));
    return raw === undefined ? undefined : (JSON.parse(raw) as ConsoleSession);
  }

  async closeSession(id: string | undefined): Promise<void> {
    if (id !== undefined) await this.options.store.delete(sessionKey(id));
  }

  /** A one-time login secret for a link (stdio and unauthenticated HTTP only). */
  async newLoginSecret(): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.options.store.set(loginKey(secret), 'unused', LOGIN_LINK_TTL_MS);
    return secret;
  }

  /** Spends a one-time secret: true for the first use only. */
  async useLoginSecret(secret: string): Promise<boolean> {
    if (!this.linksAllowed || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return false;
    return this.options.store.compareAndSet(loginKey(secret), 'unused', 'used');
  }
}

/** Whether a session's approver may decide a record of this tenant. */
export function sessionMayDecide(session: ConsoleSession, record: ApprovalRecord): boolean {
  if (session.tenants === 'all') return true;
  return record.tenant !== null && session.tenants.includes(record.tenant);
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(session: ConsoleSession, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(session.csrf, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

function sessionKey(id: string): string {
  return `${SESSION_PREFIX}${digest(id).toString('base64url')}`;
}

function loginKey(secret: string): string {
  return `${LOGIN_PREFIX}${digest(secret).toString('base64url')}`;
}
