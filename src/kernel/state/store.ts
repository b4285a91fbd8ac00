/**
 * Shared state for policy: single-use nonces and rate-limit counters. In-memory for one process;
 * a Redis implementation serves several replicas behind a load balancer. Every method is atomic.
 */
export interface StateStore {
  /** Sets `key` only if absent, expiring after `ttlMs`. Returns true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Sets `key` to `value` whether or not it exists, expiring after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Replaces the value at `key` only while it still equals `expected` (one state transition, such as
   * an approval going from pending to approved, wins a race). The new ttl is `ttlMs`, or the old one
   * when omitted. Returns true when this call made the change.
   */
  compareAndSet(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  /**
   * Live entries whose key starts with `prefix`, at most `limit` of them, in no set order. For small
   * sets an operator looks at (pending approvals), not for hot paths.
   */
  list(prefix: string, limit: number): Promise<Array<{ key: string; value: string }>>;
  delete(key: string): Promise<void>;
  /**
   * Adds `by` to the counter at `key`, creating it with a time-to-live of `ttlMs` when absent
   * (the ttl is not extended by later increments). Returns the new value and the ms left to live.
   */
  increment(key: string, by: number, ttlMs: number): Promise<{ value: number; ttlMs: number }>;
  close(): Promise<void>;
}
