/**
 * Sign-in lockout, as Cognito describes it (developer guide, "Authentication flow", user lockout):
 * after five failed sign-ins a user is locked out for 1 s, doubling with each further failure up to
 * about 15 minutes; attempts during a lockout are refused ("Password attempts exceeded") and not
 * counted; 15 quiet minutes reset the counter. One counter covers a user under every name it
 * signs in with (username, e-mail, phone, preferred_username), and the SRP, password and admin flows.
 *
 * An attempt is counted as failed *before* the password is checked and forgotten when it turns out
 * right. Counting afterwards would let a burst of parallel guesses all pass the lockout check first.
 */
import type { Clock } from "../clock.js";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { LockoutPolicy, Store } from "../store/index.js";
import { lockMs } from "../store/lockoutPolicy.js";
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
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** The counter subject of a known user: its ID, whatever name was typed. */
  subjectOf(userId: string): string {
    return `u:${userId}`;
  }

  /**
   * Starts a credential check for `subject`: throws NotAuthorizedException("Password attempts
   * exceeded") during a lockout (the attempt is not counted), else counts the attempt as a failure
   * until `succeeded` says otherwise.
   */
  async begin(pool: Pool, subject: string): Promise<void> {
    const counted = await this.deps.store.lockouts.countFailure(pool.id, subject, this.deps.clock.now().getTime(), POLICY);
    if (!counted) throw new NotAuthorizedException(PASSWORD_ATTEMPTS_EXCEEDED);
  }

  /** The credentials were right: the attempt was no failure, and the counter starts over. */
  async succeeded(pool: Pool, subject: string): Promise<void> {
    await this.deps.store.lockouts.clear(pool.id, subject);
  }
}
