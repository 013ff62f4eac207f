/**
 * The state of a challenge answered with a Session handle (NEW_PASSWORD_REQUIRED), sealed under
 * the data key; the handle itself is stored only as its hash. Not the hosted UI's sessions
 * (hostedSessions.ts).
 */
export interface ChallengeSessionRow {
  idHash: string;
  poolId: string;
  clientId: string;
  /** Null for the simulated session of an unknown user (PreventUserExistenceErrors). */
  userId: string | null;
  kind: string;
  dataEnc: string;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
}

export interface ChallengeSessionStore {
  create(s: ChallengeSessionRow): Promise<void>;
  get(idHash: string): Promise<ChallengeSessionRow | undefined>;
  /** Atomic single use: returns the row only to the one caller that consumed it while unexpired. */
  consume(idHash: string, now: number): Promise<ChallengeSessionRow | undefined>;
  /**
   * Atomic: counts a wrong answer against a live session; the answer that reaches `max` uses the
   * session up. Returns the count after this one, or undefined when the session is not live.
   */
  countFailedAnswer(idHash: string, now: number, max: number): Promise<number | undefined>;
  /** Deletes sessions that have expired (used or not); returns how many. */
  purgeExpired(now: number): Promise<number>;
}
