/**
 * Sign-in lockout, as Cognito describes it (developer guide, "Authentication flow", user lockout):
 * after five failed sign-ins a user is locked out for 1 s, doubling with each further failure up to
 * about 15 minutes; attempts during a lockout are refused ("Password attempts exceeded") and not
 * counted; 15 quiet minutes reset the counter. One counter covers a user under every name it
 * signs in with (username, e-mail, phone, preferred_username), and the SRP, password and admin flows.
 *
 * The verdict and the lock are one atomic statement after the password check (`settle`): a failure
 * is counted unless the subject is locked, a success resets the count unless it is locked, and a
 * locked subject gets "Password attempts exceeded" either way. There is no separate lock check for
 * parallel guesses to slip past: of N concurrent wrong guesses exactly five are answered "Incorrect",
 * and concurrent right passwords all sign in (no attempt is counted as a failure in the meantime).
 */
import type { Clock } from "../clock.js";
import {
  CHALLENGE_INVALID,
  type CognitoError,
  INCORRECT_CREDENTIALS,
  NotAuthorizedException,
} from "../errors/cognitoErrors.js";
import type { GroupRow, LockoutPolicy, RefreshTokenRow, Store, UserRow } from "../store/index.js";
import { lockMs } from "../store/index.js";
import type { LogDeliveryService } from "./logDelivery.js";
import type { Pool } from "./pools.js";

export const FREE_FAILURES = 4;
export const MAX_LOCK_MS = 900_000;
export const QUIET_RESET_MS = 900_000;
export const PASSWORD_ATTEMPTS_EXCEEDED = "Password attempts exceeded";

export const POLICY: LockoutPolicy = { freeFailures: FREE_FAILURES, maxLockMs: MAX_LOCK_MS, quietMs: QUIET_RESET_MS };

/** The lock after `failures` failures: none up to four, then 2^(failures−5) s, capped at 15 minutes. */
export function lockDurationMs(failures: number): number {
  return lockMs(failures, POLICY);
}

export class LockoutService {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      /** userAuthEvents logs of failed sign-ins (SetLogDeliveryConfiguration). */
      logDelivery?: Pick<LogDeliveryService, "record">;
    },
  ) {}

  /** The counter subject of a known user: its ID, whatever name was typed. */
  subjectOf(userId: string): string {
    return `u:${userId}`;
  }

  /**
   * Settles a credential check of `subject`: during a lockout throws NotAuthorizedException("Password
   * attempts exceeded") whatever `ok` says, and changes nothing; else a wrong credential is counted and
   * throws "Incorrect username or password.", and a right one starts the count over.
   */
  async settle(pool: Pool, subject: string, ok: boolean): Promise<void> {
    if (!ok) throw await this.failure(pool, subject);
    if (!(await this.deps.store.lockouts.resetUnlessLocked(pool.id, subject, this.deps.clock.now().getTime())))
      throw new NotAuthorizedException(PASSWORD_ATTEMPTS_EXCEEDED);
  }

  /**
   * Settles a right credential whose counter was read with the user (UserStore.getForSignIn): with
   * nothing on record there is nothing to reset, so the common sign-in writes no lockout row, as
   * the SRP answer does. Otherwise the upsert decides, atomically against a lock taken meanwhile. (A
   * failure counted between that read and now stays counted: the attempts overlapped, and keeping
   * the count is the safe side.)
   */
  async settleSuccess(pool: Pool, subject: string, read: { failures: number; lockedUntil: number }): Promise<void> {
    // As `settle`: a right password during a lock is refused and not counted.
    if (read.lockedUntil > this.deps.clock.now().getTime())
      throw new NotAuthorizedException(PASSWORD_ATTEMPTS_EXCEEDED);
    if (read.failures === 0 && read.lockedUntil === 0) return;
    await this.settle(pool, subject, true);
  }

  /**
   * Settles a PASSWORD_VERIFIER answer whose proof was checked against its sealed challenge: the
   * challenge is used up, the lockout settled as in `settle`, the user read back, and the sign-in's
   * refresh token stored if the user will get tokens, in one store call. Returns the user and its
   * groups when the sign-in stands; otherwise throws Cognito's error (a replayed challenge gets the
   * answer an expired one gets).
   */
  async settleSrpAnswer(
    pool: Pool,
    a: {
      challengeId: string;
      expiresAt: number;
      subject: string;
      proofOk: boolean;
      user: { id: string; srpSalt: string } | null;
      refreshToken?: RefreshTokenRow;
    },
  ): Promise<{ user: UserRow; groups: GroupRow[]; refreshTokenStored: boolean }> {
    const r = await this.deps.store.srpAnswers.settle({
      ...a,
      poolId: pool.id,
      now: this.deps.clock.now().getTime(),
      policy: POLICY,
    });
    switch (r.outcome) {
      case "signedIn":
        return r;
      case "replayed":
        throw new NotAuthorizedException(CHALLENGE_INVALID);
      case "locked":
        await this.logFailure(pool, a.subject, PASSWORD_ATTEMPTS_EXCEEDED);
        throw new NotAuthorizedException(PASSWORD_ATTEMPTS_EXCEEDED);
      case "wrong":
        await this.logFailure(pool, a.subject, INCORRECT_CREDENTIALS);
        throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    }
  }

  /** Counts a wrong credential (unless locked) and returns the error to answer with. */
  async failure(pool: Pool, subject: string): Promise<CognitoError> {
    const counted = await this.deps.store.lockouts.countFailure(
      pool.id,
      subject,
      this.deps.clock.now().getTime(),
      POLICY,
    );
    const message = counted ? INCORRECT_CREDENTIALS : PASSWORD_ATTEMPTS_EXCEEDED;
    await this.logFailure(pool, subject, message);
    return new NotAuthorizedException(message);
  }

  /** The pool's userAuthEvents log: a failed sign-in, with the user's sub when the name was a user's. */
  private async logFailure(pool: Pool, subject: string, reason: string): Promise<void> {
    await this.deps.logDelivery?.record(pool, "userAuthEvents", "INFO", {
      eventType: "SignIn",
      eventResponse: "Fail",
      reason,
      userSub: subject.startsWith("u:") ? subject.slice(2) : null,
    });
  }

  /** Counts a wrong MFA code against the user (unless locked); false during a lock. */
  async countFailure(pool: Pool, subject: string): Promise<boolean> {
    const now = this.deps.clock.now().getTime();
    const counted = (await this.deps.store.lockouts.countFailure(pool.id, subject, now, POLICY)) !== undefined;
    await this.logFailure(pool, subject, counted ? "Wrong code" : PASSWORD_ATTEMPTS_EXCEEDED);
    return counted;
  }

  /** The password changed hands (reset by code or by an administrator): the count starts over, lock or not. */
  async clear(pool: Pool, subject: string): Promise<void> {
    await this.deps.store.lockouts.clear(pool.id, subject);
  }
}
