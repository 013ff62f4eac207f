import type { GroupRow } from "./groups.js";
import type { LockoutPolicy } from "./lockouts.js";
import type { RefreshTokenRow } from "./refreshTokens.js";
import type { UserRow } from "./users.js";

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
