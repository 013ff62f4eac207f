/** Confirmation codes (sign-up, password reset, attribute verification): stored as a MAC, single use. */
export interface CodeRow {
  id: string;
  poolId: string;
  userId: string;
  purpose: string;
  codeMac: string;
  createdAt: number;
  expiresAt: number;
}

export type ConsumeResult = "consumed" | "expired" | "mismatch";

export interface CodeStore {
  /** Stores a code and, in the same transaction, retires every older unused code for that user and purpose. */
  issue(c: CodeRow): Promise<void>;
  /**
   * Atomic single use: one `UPDATE … WHERE used_at IS NULL AND expires_at > now` that must change
   * exactly one row. Of many concurrent callers with the right code, exactly one gets "consumed".
   */
  consume(q: { poolId: string; userId: string; purpose: string; codeMac: string; now: number }): Promise<ConsumeResult>;
  /**
   * The state of the code with this MAC, used or not (a code retired by a newer one counts as used):
   * for saying why a code that was once right no longer works. Undefined when none matches.
   */
  lookup(q: {
    poolId: string;
    userId: string;
    purpose: string;
    codeMac: string;
  }): Promise<{ usedAt: number | null; expiresAt: number } | undefined>;
  /** Deletes codes that expired at or before `before`; returns how many. */
  purgeExpired(before: number): Promise<number>;
}
