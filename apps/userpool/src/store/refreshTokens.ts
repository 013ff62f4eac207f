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
export type RotateResult = "rotated" | "replayed" | "refused";

export interface RefreshTokenStore {
  insert(r: RefreshTokenRow): Promise<void>;
  get(tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /**
   * Atomic rotation: retires `oldHash` and stores `next` in one transaction. Within the grace
   * period a retry replaces the earlier successor, so at most one successor is ever live. Of
   * concurrent rotations of one token (grace 0) exactly one gets "rotated", the others "replayed".
   */
  rotate(oldHash: string, next: RefreshTokenRow, now: number, graceMs: number): Promise<RotateResult>;
  /** Deletes refresh tokens that expired at or before `before`; returns how many. */
  purgeExpired(before: number): Promise<number>;
}
