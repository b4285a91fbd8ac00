import type { EmuClock } from './routing.js';

/**
 * The emulator's clock: real time plus an offset tests can move, so token expiry, quota windows and
 * machine-action progress can be exercised without waiting.
 */
export interface ControllableClock extends EmuClock {
  /** Moves the clock forward (or back, for a negative value); returns the new time in epoch ms. */
  advance(ms: number): number;
  /** Jumps to an absolute time (epoch ms). */
  set(epochMs: number): void;
}

export function createClock(startEpochMs?: number): ControllableClock {
  let offset = startEpochMs === undefined ? 0 : startEpochMs - Date.now();
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms)) throw new RangeError('clock.advance needs a finite number of ms');
      offset += ms;
      return Date.now() + offset;
    },
    set(epochMs) {
      if (!Number.isFinite(epochMs)) throw new RangeError('clock.set needs a finite epoch ms');
      offset = epochMs - Date.now();
    },
  };
}
