export interface RevocationStatus {
  /** When the token's origin_jti was revoked (RevokeToken, GlobalSignOut), or null. */
  originRevokedAt: number | null;
  /** The user's GlobalSignOut watermark (ms), or null when never signed out everywhere. */
  signedOutAt: number | null;
}

export interface RevocationStore {
  /**
   * Atomic and idempotent: records `originJti` as revoked and revokes every refresh token carrying
   * it, in one transaction. `expiresAt` is when the record may be forgotten (every token of the
   * origin has expired by then).
   */
  revokeOrigin(r: {
    poolId: string;
    originJti: string;
    userId: string | null;
    now: number;
    expiresAt: number;
  }): Promise<void>;
  /**
   * Atomic: revokes every unrevoked refresh token of the user and records their origins as revoked,
   * except `exceptOrigin` (the caller's own session). Each origin's record expires `retainMs` after
   * the latest expiry of its refresh tokens. With `watermark`, also moves the user's sign-out
   * watermark to `now`. Returns how many refresh tokens it revoked.
   */
  revokeUserSessions(q: {
    poolId: string;
    userId: string;
    now: number;
    retainMs: number;
    exceptOrigin?: string;
    watermark: boolean;
  }): Promise<number>;
  /** Moves the user's sign-out watermark to `now` without touching refresh tokens (AdminDisableUser). */
  setWatermark(q: { poolId: string; userId: string; now: number }): Promise<void>;
  /** One read: the origin's revocation and the user's watermark. */
  status(q: { poolId: string; userId: string; originJti: string | undefined }): Promise<RevocationStatus>;
  /** Forgets revocation records whose tokens have all expired; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
