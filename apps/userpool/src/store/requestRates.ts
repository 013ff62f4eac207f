/**
 * Request-rate counters (services/requestRates). The counters live in the database so that every
 * instance on it counts against the same limits.
 */

/** One counter to count a request against: a key and the length of its fixed windows. */
export interface RateCounter {
  key: string;
  windowMs: number;
}

export interface RequestRateStore {
  /**
   * Atomic, one statement: counts one request against every counter and returns, per key, the
   * count in the counter's current window, this request included. Windows are fixed and aligned
   * to multiples of `windowMs` since the epoch (every instance agrees on where they start); the
   * first request of a new window starts its count at 1. A counter never moves back to an earlier
   * window, so an instance whose clock lags counts into the newer one. Keys must be distinct.
   * Concurrent callers never get the same count for one key.
   */
  hit(now: number, counters: readonly RateCounter[]): Promise<Map<string, number>>;
  /** Forgets counters whose window has ended at `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
