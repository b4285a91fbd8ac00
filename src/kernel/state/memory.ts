import type { Clock } from '../tokens.js';
import { systemClock } from '../tokens.js';
import type { StateStore } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryStateStoreOptions {
  clock?: Clock;
  /** Sweep expired entries after this many writes (amortises the O(n) sweep). */
  sweepEvery?: number;
  /**
   * Hard cap on live entries. When full, writes fail rather than evict live entries: evicting a
   * nonce would let a confirmation token be replayed, evicting a counter would reset a rate limit.
   */
  maxEntries?: number;
}

/**
 * The single-process StateStore. Every method runs synchronously inside one turn of the event loop,
 * so each is atomic by construction. Expiry follows the injected clock; expired entries are swept
 * on a schedule so the map cannot grow without limit.
 */
export class MemoryStateStore implements StateStore {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #sweepEvery: number;
  readonly #maxEntries: number;
  #writesSinceSweep = 0;
  #closed = false;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#sweepEvery = options.sweepEvery ?? 1000;
    this.#maxEntries = options.maxEntries ?? 1_000_000;
  }

  /** Live entries (after dropping expired ones): for tests and metrics. */
  get size(): number {
    this.sweep();
    return this.#entries.size;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(key) !== undefined) return false;
    this.#put(key, value, ttlMs);
    return true;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#assertOpen();
    this.#entries.delete(key);
    this.#put(key, value, ttlMs);
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean> {
    const current = this.#live(key);
    if (current === undefined || current.value !== expected) return false;
    if (ttlMs === undefined) {
      current.value = value;
      return true;
    }
    this.#entries.delete(key);
    this.#put(key, value, ttlMs);
    return true;
  }

  async list(prefix: string, limit: number): Promise<Array<{ key: string; value: string }>> {
    this.#assertOpen();
    const found: Array<{ key: string; value: string }> = [];
    for (const key of this.#entries.keys()) {
      if (found.length >= limit) break;
      if (!key.startsWith(prefix)) continue;
      const entry = this.#live(key);
      if (entry !== undefined) found.push({ key, value: entry.value });
    }
    return found;
  }

  async get(key: string): Promise<string | undefined> {
    this.#assertOpen();
    return this.#live(key)?.value;
  }

  async delete(key: string): Promise<void> {
    this.#assertOpen();
    this.#entries.delete(key);
  }

  async increment(key: string, by: number, ttlMs: number): Promise<{ value: number; ttlMs: number }> {
    const now = this.#clock.now();
    const current = this.#live(key);
    if (current === undefined) {
      this.#put(key, String(by), ttlMs);
      return { value: by, ttlMs };
    }
    // The ttl is fixed at creation: later increments do not extend the window.
    const value = Number(current.value) + by;
    current.value = String(value);
    return { value, ttlMs: current.expiresAt - now };
  }

  async close(): Promise<void> {
    this.#entries.clear();
    this.#closed = true;
  }

  /** Drops every expired entry. */
  sweep(): void {
    const now = this.#clock.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
    }
    this.#writesSinceSweep = 0;
  }

  #live(key: string): Entry | undefined {
    this.#assertOpen();
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #put(key: string, value: string, ttlMs: number): void {
    if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${ttlMs}`);
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep >= this.#sweepEvery || this.#entries.size >= this.#maxEntries) this.sweep();
    if (this.#entries.size >= this.#maxEntries) {
      throw new Error(`state store full (${this.#maxEntries} live entries)`);
    }
    this.#entries.set(key, { value, expiresAt: this.#clock.now() + ttlMs });
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('state store is closed');
  }
}
