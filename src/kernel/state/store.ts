/**
 * Shared state for policy: single-use nonces and rate-limit counters. In-memory for one process;
 * a Redis implementation serves several replicas behind a load balancer. Every method is atomic.
 */
export interface StateStore {
  /** Sets `key` only if absent, expiring after `ttlMs`. Returns true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  /**
   * Adds `by` to the counter at `key`, creating it with a time-to-live of `ttlMs` when absent
   * (the ttl is not extended by later increments). Returns the new value and the ms left to live.
   */
  increment(key: string, by: number, ttlMs: number): Promise<{ value: number; ttlMs: number }>;
  close(): Promise<void>;
}
