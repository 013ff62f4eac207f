export interface LockoutRow {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/**
 * The lockout rule the store applies: `freeFailures` free, then 2^(n−free−1) s capped at `maxLockMs`;
 * `quietMs` without a failure resets.
 */
export interface LockoutPolicy {
  freeFailures: number;
  maxLockMs: number;
  quietMs: number;
}

/** Lock duration after `failures` failures under `policy`; every LockoutStore computes the same. */
export function lockMs(failures: number, policy: LockoutPolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(2 ** Math.min(failures - policy.freeFailures - 1, 30) * 1000, policy.maxLockMs);
}

export interface LockoutStore {
  /**
   * Atomic, one statement: unless the subject is locked at `now`, counts one failure (starting
   * over after `quietMs` without one) and locks it per `policy`; returns the new row. During a
   * lock nothing changes and the result is undefined. Concurrent callers never lose a count.
   */
  countFailure(poolId: string, subject: string, now: number, policy: LockoutPolicy): Promise<LockoutRow | undefined>;
  /**
   * Atomic, one statement: unless the subject is locked at `now`, sets its count back to zero and
   * returns true; during a lock nothing changes and the result is false.
   */
  resetUnlessLocked(poolId: string, subject: string, now: number): Promise<boolean>;
  get(poolId: string, subject: string): Promise<LockoutRow | undefined>;
  clear(poolId: string, subject: string): Promise<void>;
  /**
   * Deletes the rows that are equivalent to no row under `policy` at `now`: not locked, and the
   * last failure at least `quietMs` ago (the next failure would count as the first, a right
   * password finds nothing to reset). Returns how many.
   */
  purgeExpired(now: number, policy: LockoutPolicy): Promise<number>;
}
