/** OAuth 2.0 authorization codes, stored as their hash. */
export interface AuthorizationCodeRow {
  codeHash: string;
  poolId: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  nonce: string | null;
  /** Seconds since the epoch of the sign-in this code came from. */
  authTime: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** Set by the redemption that won: the origin_jti of the tokens it produced. */
  originJti: string | null;
  /** The hosted session (its idHash) that answered the authorization; its tokens end with it (ADR 0055). */
  hostedSessionHash?: string;
}

export type RedeemResult =
  | { status: "redeemed"; row: AuthorizationCodeRow }
  /** Already redeemed: `originJti` names the tokens the first redemption produced. */
  | { status: "replayed"; row: AuthorizationCodeRow }
  | { status: "expired" | "unknown" };

export interface AuthorizationCodeStore {
  insert(r: AuthorizationCodeRow): Promise<void>;
  get(codeHash: string): Promise<AuthorizationCodeRow | undefined>;
  /**
   * Atomic single use: one `UPDATE … SET used_at, origin_jti WHERE used_at IS NULL AND expires_at > now`
   * that must change exactly one row. Of many concurrent callers exactly one gets "redeemed"; the
   * others get "replayed" with the winner's origin_jti (so the caller can revoke those tokens).
   */
  redeem(codeHash: string, originJti: string, now: number): Promise<RedeemResult>;
  /** Deletes codes that expired at or before `before`, used or not; returns how many. */
  purgeExpired(before: number): Promise<number>;
}
