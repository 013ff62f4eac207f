export interface QuotaStore {
  /**
   * Atomic: counts one use of `kind` by `subject` and returns the count in the current window,
   * this use included. A window opens at the first use and lasts `windowMs`; the first use at or
   * after its end opens a new one (count 1). One upsert statement, so concurrent uses never get
   * the same count.
   */
  hit(q: { poolId: string; subject: string; kind: string; now: number; windowMs: number }): Promise<number>;
  /**
   * Deletes the windows of length `windowMs` that have closed at `now` (the next hit would open a new one);
   * returns how many.
   */
  purgeExpired(now: number, windowMs: number): Promise<number>;
}
