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
  /**
   * Inserts a row already used (a SAML assertion ID remembered against replay until `expiresAt`); false when the
   * hash is already there. The unique primary key decides, so two concurrent posts cannot both win.
   */
  rememberOnce(r: FederationStateRow): Promise<boolean>;
  /** Atomic single use: the row only for the one caller that consumed it while unexpired. */
  consume(stateHash: string, now: number): Promise<FederationStateRow | undefined>;
  /** Deletes states that have expired at `now`, used or not; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
