export interface RefreshTokenRow {
  tokenHash: string;
  poolId: string;
  clientId: string;
  userId: string;
  originJti: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  rotatedAt: number | null;
  parentHash: string | null;
}

/**
 * What a rotation did: "rotated" (the successor is stored), "replayed" (the token was rotated
 * before, outside the grace period: a reuse), "refused" (unknown, revoked or expired).
 */
/** One live session: the refresh-token family of one sign-in, summed over its tokens. */
export interface RefreshFamily {
  originJti: string;
  clientId: string;
  /** The sign-in: the oldest token of the family. */
  createdAt: number;
  /** The newest token of the family (the last rotation; the sign-in when it never rotated). */
  lastIssuedAt: number;
  /** The latest expiry of any of its tokens. */
  expiresAt: number;
}

export type RotateResult = "rotated" | "replayed" | "refused";

export interface RefreshTokenStore {
  insert(r: RefreshTokenRow): Promise<void>;
  get(tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /**
   * A refresh's reads in one statement: the token, when its session (origin) was revoked, and the
   * scopes a hosted-UI sign-in granted it (oauth_grants; undefined for API sign-ins).
   */
  getForRefresh(
    tokenHash: string,
  ): Promise<{ row: RefreshTokenRow; originRevokedAt: number | null; grantScopes: string[] | undefined } | undefined>;
  /**
   * Atomic rotation: retires `oldHash` and stores `next` in one transaction. Within the grace
   * period a retry replaces the earlier successor, so at most one successor is ever live. Of
   * concurrent rotations of one token (grace 0) exactly one gets "rotated", the others "replayed".
   */
  rotate(oldHash: string, next: RefreshTokenRow, now: number, graceMs: number): Promise<RotateResult>;
  /**
   * The user's live sessions: families that still hold an unrevoked, unexpired, not rotated-out
   * token and whose origin is not revoked. Unordered.
   */
  listFamilies(q: { poolId: string; userId: string; now: number }): Promise<RefreshFamily[]>;
  /** Deletes refresh tokens that expired at or before `before`; returns how many. */
  purgeExpired(before: number): Promise<number>;
}
