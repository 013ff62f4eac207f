/** The state of a sign-in sent to an external identity provider, until it comes back (single use). */
export interface FederationStateRow {
  stateHash: string;
  poolId: string;
  providerName: string;
  dataEnc: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface FederationStateStore {
  create(r: FederationStateRow): Promise<void>;
  /** Atomic single use: the row only for the one caller that consumed it while unexpired. */
  consume(stateHash: string, now: number): Promise<FederationStateRow | undefined>;
  /** Deletes states that have expired at `now`, used or not; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
