/**
 * Storage contract for the account lifecycle (issue 3): revocation, lockout, quotas, groups and
 * pending attribute values. Composed into `Store` in types.ts; `lifecycle.contract.ts` is the
 * executable definition every backend must pass.
 */
import type { RefreshTokenRow, UserRow } from "./types.js";

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

/** A PASSWORD_VERIFIER answer whose proof has been checked against its sealed challenge. */
export interface SrpAnswer {
  poolId: string;
  /** The challenge's random ID: the first answer records it, every later one is refused. */
  challengeId: string;
  /** When the challenge stops being answerable: the record is kept until then. */
  expiresAt: number;
  now: number;
  /** The lockout counter to settle. */
  subject: string;
  /** Whether the client's proof matched the sealed verifier. */
  proofOk: boolean;
  /** The user the challenge was made for, with the salt of the password it was made against; null when simulated. */
  user: { id: string; srpSalt: string } | null;
  policy: LockoutPolicy;
  /**
   * The refresh token of the sign-in, if it stands: stored in the same step when the outcome is
   * "signedIn" and the user, as read, is CONFIRMED and enabled (so it will get tokens).
   */
  refreshToken?: RefreshTokenRow;
}

export type SrpAnswerOutcome =
  /** The challenge was answered before. Nothing else changed. */
  | { outcome: "replayed" }
  /** The subject is locked out at `now`: nothing counted, whatever the proof said. */
  | { outcome: "locked" }
  /** A wrong proof, or one against a password that has since changed (or a user since deleted): one failure counted. */
  | { outcome: "wrong" }
  /** The proof was right for the current password: the count starts over; the user as it is now, with its groups. */
  | { outcome: "signedIn"; user: UserRow; groups: GroupRow[]; refreshTokenStored: boolean };

export interface SrpAnswerStore {
  /**
   * Settles an answer: records the challenge as answered (unless it was), then, like
   * LockoutStore.resetUnlessLocked / countFailure, settles the subject's lockout, and reads the
   * user back when the sign-in succeeds. The parts are each atomic, so concurrent answers of one
   * challenge give one non-"replayed" outcome, and concurrent answers for one subject lose no count.
   */
  settle(a: SrpAnswer): Promise<SrpAnswerOutcome>;
  /** Forgets answered challenges that have expired; returns how many. */
  purgeExpired(now: number): Promise<number>;
}

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

export interface GroupRow {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  precedence: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface GroupStore {
  /** Fails with StoreConflictError("group") when the pool already has a group of that name. */
  create(g: GroupRow): Promise<void>;
  get(poolId: string, name: string): Promise<GroupRow | undefined>;
  /** Ordered by name; `after` is the last name of the previous page. */
  list(poolId: string, opts: { limit: number; after?: string }): Promise<GroupRow[]>;
  update(
    poolId: string,
    name: string,
    patch: { description: string | null; roleArn: string | null; precedence: number | null; updatedAt: number },
  ): Promise<boolean>;
  /** Deletes the group and its memberships. */
  delete(poolId: string, name: string): Promise<boolean>;
  /** Idempotent; false when the group does not exist. */
  addMember(poolId: string, name: string, userId: string): Promise<boolean>;
  removeMember(poolId: string, name: string, userId: string): Promise<boolean>;
  /** Every group of the user, ordered by name. */
  groupsOf(poolId: string, userId: string): Promise<GroupRow[]>;
  /** Members ordered by username key; `after` is the last username key of the previous page. */
  membersOf(poolId: string, name: string, opts: { limit: number; after?: string }): Promise<UserRow[]>;
}

export interface PendingAttributeStore {
  /** Sets (or replaces) the value waiting for verification. */
  set(p: { poolId: string; userId: string; name: string; value: string; now: number }): Promise<void>;
  /** The user's waiting values, by attribute name. */
  get(poolId: string, userId: string): Promise<Record<string, string>>;
  delete(poolId: string, userId: string, name: string): Promise<void>;
}
