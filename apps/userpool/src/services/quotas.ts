/**
 * Per-user operation quotas (Cognito developer guide, "Quotas in Amazon Cognito", per-user limits:
 * ConfirmSignUp 15/h, ConfirmForgotPassword 20/h, ResendConfirmationCode 5/h, ChangePassword 5/h).
 * A window opens at a user's first call and lasts an hour; every call in it counts, successful or
 * not, so a 6-digit code cannot be guessed by brute force. Unknown users are counted under a name
 * derived subject (see UserExistenceService), so the limit cannot tell them apart either.
 */
import type { Clock } from "../clock.js";
import { LimitExceededException } from "../errors/cognitoErrors.js";
import type { Store } from "../store/index.js";
import type { Pool } from "./pools.js";

export type QuotaKind =
  | "ConfirmSignUp"
  | "ConfirmForgotPassword"
  | "ResendConfirmationCode"
  | "ChangePassword"
  | "ForgotPassword"
  | "GetUserAttributeVerificationCode"
  | "VerifyUserAttribute";

export const HOUR_MS = 3_600_000;

/**
 * Calls per user per hour. The first four are Cognito's;
 * the rest are ours, against mail flooding and code guessing.
 */
export const QUOTAS: Readonly<Record<QuotaKind, number>> = {
  ConfirmSignUp: 15,
  ConfirmForgotPassword: 20,
  ResendConfirmationCode: 5,
  ChangePassword: 5,
  ForgotPassword: 5,
  GetUserAttributeVerificationCode: 5,
  VerifyUserAttribute: 15,
};

/** Cognito's answer when a per-user limit is exceeded. */
export const LIMIT_MESSAGE = "Attempt limit exceeded, please try after some time.";

export class QuotaService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** Counts one call of `kind` by `subject`; throws LimitExceededException once the hour's quota is used up. */
  async consume(pool: Pool, subject: string, kind: QuotaKind): Promise<void> {
    const count = await this.deps.store.quotas.hit({
      poolId: pool.id,
      subject,
      kind,
      now: this.deps.clock.now().getTime(),
      windowMs: HOUR_MS,
    });
    if (count > QUOTAS[kind]) throw new LimitExceededException(LIMIT_MESSAGE);
  }
}
