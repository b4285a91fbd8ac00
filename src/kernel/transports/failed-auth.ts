/**
 * Counts failed authentications per client address in fixed windows. Bounded: at most `maxTracked`
 * addresses are remembered (the oldest window is dropped first), so a spray of addresses cannot
 * grow it without limit.
 */
export class FailedAuthLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxTracked = 10_000,
  ) {}

  /** Seconds until the address may try again, or 0 when it may now. */
  blockedFor(address: string): number {
    const window = this.#windows.get(address);
    if (window === undefined) return 0;
    const left = window.resetAt - this.now();
    if (left <= 0) {
      this.#windows.delete(address);
      return 0;
    }
    return window.count >= this.max ? Math.ceil(left / 1000) : 0;
  }

  fail(address: string): void {
    const now = this.now();
    const window = this.#windows.get(address);
    if (window !== undefined && window.resetAt > now) {
      window.count += 1;
      return;
    }
    this.#windows.delete(address);
    if (this.#windows.size >= this.maxTracked) {
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
    this.#windows.set(address, { count: 1, resetAt: now + this.windowMs });
  }
}
