/**
 * Sign-in straight after sign-up (Amplify v6 `autoSignIn` with USER_AUTH). SignUp returns a Session
 * that ConfirmSignUp may carry; a successful ConfirmSignUp returns a Session that InitiateAuth or
 * AdminInitiateAuth with AuthFlow USER_AUTH trades for tokens, "the one-time verification password from
 * ConfirmSignUp as the primary authentication factor" (API reference, InitiateAuth Session;
 * ConfirmSignUp Session). Decisions in ADR 0027.
 *
 * Both are challenge sessions (challengeSessions.ts): a random handle of which only the hash is stored,
 * the state encrypted, bound to the user and the app client, single use. ConfirmSignUp's lives for the
 * client's AuthSessionValidity ("within the authentication flow session duration"); SignUp's as long as
 * the sign-up code it goes with.
 */
import { CHALLENGE_INVALID, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { UserRow } from "../store/index.js";
import type { ChallengeSessionService, ChallengeState } from "./challengeSessions.js";
import { SIGN_UP_CODE_TTL_MS } from "./codes.js";
import type { Client, Pool } from "./pools.js";

/** The message the confirmation code went by: the factor it stands in for. */
export type SignUpFactor = "EMAIL_OTP" | "SMS_OTP";

interface SignInAfterSignUpState extends ChallengeState {
  factor: SignUpFactor;
}

export class SignUpSessionService {
  constructor(private readonly deps: { challengeSessions: ChallengeSessionService }) {}

  /** SignUp's Session, for ConfirmSignUp. */
  async issueForConfirmation(pool: Pool, client: Client, user: UserRow): Promise<string> {
    const handle = await this.deps.challengeSessions.create<ChallengeState>(
      "SIGN_UP",
      pool,
      client,
      user.id,
      { username: user.username },
      undefined,
      SIGN_UP_CODE_TTL_MS,
    );
    return handle.toString("base64url");
  }

  /**
   * ConfirmSignUp's Session check, before the code: SignUp's Session of this client, live, for a user;
   * whether it is that of `user` is the caller's to compare (undefined for an unknown name).
   */
  async userOfConfirmation(client: Client, session: string): Promise<string> {
    const { row } = await this.deps.challengeSessions.peek("SIGN_UP", Buffer.from(session, "base64url"), client);
    if (!row.userId) throw new NotAuthorizedException(CHALLENGE_INVALID);
    return row.userId;
  }

  /** Uses SignUp's Session up once the confirmation stands; losing a race to a replay changes nothing. */
  async spendConfirmation(client: Client, session: string): Promise<void> {
    await this.deps.challengeSessions.consume("SIGN_UP", Buffer.from(session, "base64url"), client).catch(() => {});
  }

  /** ConfirmSignUp's Session, for one USER_AUTH sign-in of `user` at `client`. */
  async issueForSignIn(pool: Pool, client: Client, user: UserRow, factor: SignUpFactor): Promise<string> {
    const handle = await this.deps.challengeSessions.create<SignInAfterSignUpState>(
      "SIGN_IN_AFTER_SIGN_UP",
      pool,
      client,
      user.id,
      { username: user.username, factor },
    );
    return handle.toString("base64url");
  }

  /** The user a live sign-in Session of `client` stands for, without using it up. */
  async peekSignIn(client: Client, session: string): Promise<{ userId: string; factor: SignUpFactor }> {
    const { row, state } = await this.deps.challengeSessions.peek<SignInAfterSignUpState>(
      "SIGN_IN_AFTER_SIGN_UP",
      Buffer.from(session, "base64url"),
      client,
    );
    if (!row.userId) throw new NotAuthorizedException(CHALLENGE_INVALID);
    return { userId: row.userId, factor: state.factor };
  }

  /** Uses the sign-in Session up: exactly one caller wins, a replay is NotAuthorizedException. */
  async spendSignIn(client: Client, session: string): Promise<void> {
    await this.deps.challengeSessions.consume("SIGN_IN_AFTER_SIGN_UP", Buffer.from(session, "base64url"), client);
  }
}
