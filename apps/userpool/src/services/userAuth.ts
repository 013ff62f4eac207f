/**
 * USER_AUTH: choice-based sign-in (developer guide, "Authentication flows", choice-based
 * authentication; API reference, InitiateAuth AuthParameters PREFERRED_CHALLENGE, RespondToAuthChallenge).
 * The first factor is one of the pool's Policies.SignInPolicy.AllowedFirstAuthFactors that the user
 * can use: PASSWORD or PASSWORD_SRP (a user with a password), EMAIL_OTP (a verified email), SMS_OTP (a
 * verified phone_number). With PREFERRED_CHALLENGE that factor starts at once; otherwise, or when the
 * user cannot use it, SELECT_CHALLENGE lists AvailableChallenges. WEB_AUTHN (a passkey) is offered to a
 * user with a passkey for the pool's relying party (webAuthn.ts). Decisions in ADR 0023 and ADR 0026.
 *
 * MFA follows a password factor as in the password flows; a code or a passkey is the whole sign-in (the
 * pool refuses code factors while MFA is required). Wrong codes count as wrong MFA codes do: per
 * session (MAX_WRONG_CODES_PER_SESSION) and toward the user's lockout.
 */
import type { ChallengeNameType } from "@aws-sdk/client-cognito-identity-provider";
import type { DataCrypto } from "../crypto/envelope.js";
import {
  CodeMismatchException,
  INCORRECT_CREDENTIALS,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
} from "../errors/cognitoErrors.js";
import type { UserRow } from "../store/index.js";
import type { ChallengeSessionService, ChallengeState, SessionKind } from "./challengeSessions.js";
import type { LockoutService } from "./lockout.js";
import { MAX_WRONG_CODES_PER_SESSION, type MfaService } from "./mfa/mfaService.js";
import type { PasswordService } from "./passwords.js";
import { firstAuthFactors } from "./poolSettings.js";
import type { PoolService } from "./pools.js";
import type { SignUpSessionService } from "./signUpSessions.js";
import { checkStatus } from "./customAuth.js";
import { checkSecretHash } from "./secretHash.js";
import type { AuthResponse, FlowContext } from "./signIn.js";
import { initiateAuthTriggerContext, resetWithoutPassword, srpAOf, typedUsername } from "./signIn.js";
import type { Triggers } from "./triggers.js";
import { hidesUserExistence, type UserExistenceService } from "./userExistence.js";
import type { UserService } from "./users.js";
import { migrateUser } from "./userMigration.js";
import type { Random } from "../random.js";
import type { AssertionChallenge, WebAuthnService } from "./webAuthn.js";

/** The challenges a USER_AUTH sign-in may start with. */
export type FirstChallenge = "PASSWORD" | "PASSWORD_SRP" | "EMAIL_OTP" | "SMS_OTP" | "WEB_AUTHN";
const FIRST_CHALLENGES: readonly FirstChallenge[] = ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"];

/** What USER_AUTH borrows from SignInService: the password checks and, after a code, the tokens. */
export interface UserAuthPort {
  /** PASSWORD_VERIFIER for `user` (simulated when unknown) and its Session, answered as in USER_SRP_AUTH. */
  srpChallenge(
    ctx: FlowContext,
    typed: string,
    A: Buffer,
    user: UserRow | undefined,
  ): { parameters: Record<string, string>; session: string };
  /** Checks PASSWORD (counting toward lockout) and goes on as USER_PASSWORD_AUTH does, MFA included. */
  checkPassword(
    ctx: FlowContext,
    typed: string,
    user: UserRow | undefined,
    password: string,
    deviceKey: string | undefined,
  ): Promise<AuthResponse>;
  /** A right code: the status rules, PostAuthentication and tokens, with no MFA step. */
  signInWithCode(ctx: FlowContext, user: UserRow): Promise<AuthResponse>;
  /** ConfirmSignUp's Session: the status rules and the MFA decision of a password, then tokens (ADR 0027). */
  signInAfterSignUp(ctx: FlowContext, user: UserRow): Promise<AuthResponse>;
}

interface UserAuthState extends ChallengeState {
  /** The name as typed when no user has it (the session's `username` is then its stand-in). */
  typed?: string;
  /** SELECT_CHALLENGE: the challenges offered. */
  available?: FirstChallenge[];
  /** EMAIL_OTP / SMS_OTP: the MAC of the code sent (none for an unknown name). */
  codeMac?: string;
  /** WEB_AUTHN: the challenge sent in CREDENTIAL_REQUEST_OPTIONS and its relying party. */
  assertion?: AssertionChallenge;
}

const SELECT: SessionKind = "SELECT_CHALLENGE";
const WEB_AUTHN: SessionKind = "WEB_AUTHN";
const CODE_KINDS = { EMAIL_OTP: "EMAIL_OTP_SIGN_IN", SMS_OTP: "SMS_OTP" } as const satisfies Record<
  "EMAIL_OTP" | "SMS_OTP",
  SessionKind
>;

type Deps = {
  pools: PoolService;
  users: UserService;
  passwords: PasswordService;
  triggers: Triggers;
  challengeSessions: ChallengeSessionService;
  existence: UserExistenceService;
  lockout: LockoutService;
  mfa: MfaService;
  crypto: DataCrypto;
  random: Random;
  signUpSessions: SignUpSessionService;
  webAuthn: WebAuthnService;
};

function required(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (v === undefined || v === "") throw new InvalidParameterException(`Missing required parameter ${name}`);
  return v;
}

/** A challenge name a client asked for (PREFERRED_CHALLENGE, ANSWER), checked. */
function firstChallengeOf(name: string, what: string): FirstChallenge {
  if (!(FIRST_CHALLENGES as readonly string[]).includes(name))
    throw new InvalidParameterException(`${what} must be one of ${FIRST_CHALLENGES.join(", ")}.`);
  return name as FirstChallenge;
}

export class UserAuthService {
  constructor(private readonly deps: Deps) {}

  /** (Admin)InitiateAuth with AuthFlow USER_AUTH. */
  async start(
    ctx: FlowContext,
    params: Record<string, string> | undefined,
    port: UserAuthPort,
    session?: string,
  ): Promise<AuthResponse> {
    if (session !== undefined) return this.startAfterSignUp(ctx, params, session, port);
    const typed = typedUsername(params);
    const preferred =
      params?.PREFERRED_CHALLENGE !== undefined
        ? firstChallengeOf(params.PREFERRED_CHALLENGE, "PREFERRED_CHALLENGE")
        : undefined;
    // Checked before anything else, as in the other flows: what the preferred factor needs.
    const A = preferred === "PASSWORD_SRP" ? srpAOf(params) : undefined;
    const password = preferred === "PASSWORD" ? required(params, "PASSWORD") : undefined;
    let user = await this.deps.users.resolve(ctx.pool, typed);
    checkSecretHash(this.deps.pools, ctx.client, user ? [typed, user.username] : [typed], params?.SECRET_HASH);
    if (!user && password !== undefined) user = await this.migrate(ctx, typed, password);
    if (!user && !hidesUserExistence(ctx.client)) throw new UserNotFoundException("User does not exist.");
    await this.deps.triggers.preAuthentication(initiateAuthTriggerContext(ctx, user, typed));
    // InitiateAuth's ClientMetadata reaches PreAuthentication only (API reference, InitiateAuth).
    const next: FlowContext = { pool: ctx.pool, client: ctx.client, ...(ctx.signals ? { signals: ctx.signals } : {}) };
    const available = [...this.availableFor(ctx, user), ...(await this.passkeyFactor(ctx, user))];
    if (preferred && available.includes(preferred)) {
      if (preferred === "PASSWORD") return port.checkPassword(next, typed, user, password ?? "", params?.DEVICE_KEY);
      return this.startChallenge(next, typed, user, preferred, port, A);
    }
    const handle = await this.deps.challengeSessions.create<UserAuthState>(
      SELECT,
      ctx.pool,
      ctx.client,
      user?.id ?? null,
      { ...this.named(ctx, typed, user), available },
    );
    return {
      ChallengeName: "SELECT_CHALLENGE",
      Session: handle.toString("base64url"),
      ChallengeParameters: { USERNAME: user?.username ?? this.deps.existence.fakeUsername(ctx.pool, typed) },
      AvailableChallenges: available as ChallengeNameType[],
    };
  }

  /**
   * USER_AUTH with ConfirmSignUp's Session: the confirmation code was the first factor (API reference,
   * InitiateAuth Session). The Session must be live, this client's and name the user USERNAME names;
   * it is used up only once PreAuthentication let the sign-in go on, so a refusal there can be retried.
   * A PREFERRED_CHALLENGE may only name a code factor (what the Session stands for); ADR 0027.
   */
  private async startAfterSignUp(
    ctx: FlowContext,
    params: Record<string, string> | undefined,
    session: string,
    port: UserAuthPort,
  ): Promise<AuthResponse> {
    const typed = typedUsername(params);
    const preferred = params?.PREFERRED_CHALLENGE;
    if (preferred !== undefined && preferred !== "EMAIL_OTP" && preferred !== "SMS_OTP")
      throw new InvalidParameterException(
        `PREFERRED_CHALLENGE ${preferred} cannot be used with the Session of ConfirmSignUp (EMAIL_OTP or SMS_OTP).`,
      );
    const { userId } = await this.deps.signUpSessions.peekSignIn(ctx.client, session);
    const user = await this.deps.users.resolve(ctx.pool, typed);
    checkSecretHash(this.deps.pools, ctx.client, user ? [typed, user.username] : [typed], params?.SECRET_HASH);
    if (!user || user.id !== userId) throw new NotAuthorizedException("Invalid session for the user.");
    await this.deps.triggers.preAuthentication(initiateAuthTriggerContext(ctx, user, typed));
    await this.deps.signUpSessions.spendSignIn(ctx.client, session);
    return port.signInAfterSignUp({ pool: ctx.pool, client: ctx.client }, user);
  }

  /**
   * The first factors `user` can use: the pool's, less those the user has nothing for. An unknown name
   * (hidden by PreventUserExistenceErrors) is offered every factor the pool allows, as a user with a
   * password, a verified email and a verified phone number would be.
   */
  private availableFor(ctx: FlowContext, user: UserRow | undefined): FirstChallenge[] {
    const factors = firstAuthFactors(ctx.pool.settings);
    const out: FirstChallenge[] = [];
    // An imported user is offered the password factors too, which answer as in USER_PASSWORD_AUTH and
    // USER_SRP_AUTH (PasswordResetRequiredException, or a wrong password's answer when existence is hidden).
    const hasPassword = !user || !!this.deps.passwords.verifierOf(user) || resetWithoutPassword(user);
    // A federated user signs in at its provider: no code is sent to it.
    const local = user?.status !== "EXTERNAL_PROVIDER";
    const verified = (flag: "email_verified" | "phone_number_verified") =>
      !user || (local && user.attributes[flag] === "true");
    if (factors.includes("PASSWORD") && hasPassword) out.push("PASSWORD", "PASSWORD_SRP");
    if (factors.includes("EMAIL_OTP") && verified("email_verified")) out.push("EMAIL_OTP");
    if (factors.includes("SMS_OTP") && verified("phone_number_verified")) out.push("SMS_OTP");
    return out;
  }

  /**
   * WEB_AUTHN when the pool allows it and the user has a passkey for the pool's relying party; an unknown
   * name (hidden by PreventUserExistenceErrors) is offered it as a user with a passkey would be.
   */
  private async passkeyFactor(ctx: FlowContext, user: UserRow | undefined): Promise<FirstChallenge[]> {
    if (!this.deps.webAuthn.offered(ctx.pool)) return [];
    const rp = await this.deps.webAuthn.relyingParty(ctx.pool).catch(() => undefined);
    if (!rp) return [];
    if (
      user &&
      (user.status === "EXTERNAL_PROVIDER" || !(await this.deps.webAuthn.usable(ctx.pool, user, rp.id)).length)
    )
      return [];
    return ["WEB_AUTHN"];
  }

  private named(ctx: FlowContext, typed: string, user: UserRow | undefined): UserAuthState {
    return user ? { username: user.username } : { username: this.deps.existence.fakeUsername(ctx.pool, typed), typed };
  }

  /**
   * UserMigration_Authentication for a name no user has, with the PASSWORD factor only: the trigger
   * checks the password, which PASSWORD_SRP never sends, and Cognito "doesn't invoke this trigger when
   * users authenticate with passwordless sign-in" (developer guide, "Migrate user Lambda trigger").
   * As in USER_PASSWORD_AUTH, the request's ClientMetadata is the trigger's validationData. ADR 0027.
   */
  private migrate(ctx: FlowContext, typed: string, password: string): Promise<UserRow | undefined> {
    return migrateUser(this.deps, {
      pool: ctx.pool,
      client: ctx.client,
      source: "UserMigration_Authentication",
      username: typed,
      password,
      ...(ctx.clientMetadata ? { validationData: ctx.clientMetadata } : {}),
    });
  }

  /** PASSWORD_SRP, EMAIL_OTP or SMS_OTP, started. */
  private async startChallenge(
    ctx: FlowContext,
    typed: string,
    user: UserRow | undefined,
    factor: Exclude<FirstChallenge, "PASSWORD">,
    port: UserAuthPort,
    A: Buffer | undefined,
  ): Promise<AuthResponse> {
    if (factor === "WEB_AUTHN") return this.startPasskey(ctx, typed, user);
    if (factor === "PASSWORD_SRP") {
      if (!A) throw new InvalidParameterException("Missing required parameter SRP_A");
      // The native SRP challenge, answered (PASSWORD_VERIFIER) exactly as in USER_SRP_AUTH.
      const { parameters, session } = port.srpChallenge(ctx, typed, A, user);
      return { ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: parameters, Session: session };
    }
    let sent: { parameters: Record<string, string>; codeMac?: string };
    if (user) {
      // No code goes to a user who could not sign in with it (disabled, unconfirmed, reset required),
      // as the custom flow checks before its first challenge; an imported user can (passwordlessStatus).
      passwordlessStatus(user);
      sent = await this.deps.mfa.sendSignInCode(ctx, user, factor);
    } else {
      // Cognito's simulated delivery: no message, a destination shaped like a real one.
      this.deps.existence.simulateCodeIssue(ctx.pool, typed, factor);
      sent = { parameters: this.simulatedDelivery(ctx, typed, factor) };
    }
    const handle = await this.deps.challengeSessions.create<UserAuthState>(
      CODE_KINDS[factor],
      ctx.pool,
      ctx.client,
      user?.id ?? null,
      { ...this.named(ctx, typed, user), ...(sent.codeMac ? { codeMac: sent.codeMac } : {}) },
    );
    return {
      ChallengeName: factor,
      Session: handle.toString("base64url"),
      ChallengeParameters: {
        ...sent.parameters,
        USERNAME: user?.username ?? this.deps.existence.fakeUsername(ctx.pool, typed),
      },
    };
  }

  /** WEB_AUTHN: CREDENTIAL_REQUEST_OPTIONS for the user's passkeys (a stand-in one for an unknown name). */
  private async startPasskey(ctx: FlowContext, typed: string, user: UserRow | undefined): Promise<AuthResponse> {
    if (user) passwordlessStatus(user);
    const rp = await this.deps.webAuthn.relyingParty(ctx.pool);
    const credentials = user
      ? await this.deps.webAuthn.usable(ctx.pool, user, rp.id)
      : // Stable across attempts, so repeated tries with one name look like one user's passkey.
        [{ credentialId: this.deps.crypto.mac("simulated-passkey", ctx.pool.id, typed), transports: [] }];
    const { options, state } = this.deps.webAuthn.requestOptions(
      rp,
      credentials,
      ctx.client.settings.AuthSessionValidity * 60_000,
    );
    const handle = await this.deps.challengeSessions.create<UserAuthState>(
      WEB_AUTHN,
      ctx.pool,
      ctx.client,
      user?.id ?? null,
      { ...this.named(ctx, typed, user), assertion: state },
    );
    return {
      ChallengeName: "WEB_AUTHN",
      Session: handle.toString("base64url"),
      ChallengeParameters: {
        CREDENTIAL_REQUEST_OPTIONS: options,
        USERNAME: user?.username ?? this.deps.existence.fakeUsername(ctx.pool, typed),
      },
    };
  }

  /**
   * WEB_AUTHN: CREDENTIAL (an AuthenticationResponseJSON) answers the challenge. The challenge is used up
   * before the answer is checked, so a replay, or a second answer sent in parallel, fails; a passkey is
   * the whole sign-in, with no MFA after it (ADR 0026).
   */
  async answerPasskey(
    ctx: FlowContext,
    session: string | undefined,
    responses: Record<string, string> | undefined,
    port: UserAuthPort,
  ): Promise<AuthResponse> {
    const credential = required(responses, "CREDENTIAL");
    const { user, handle } = await this.open(ctx, WEB_AUTHN, session, responses);
    const { state } = await this.deps.challengeSessions.consume<UserAuthState>(WEB_AUTHN, handle, ctx.client);
    try {
      if (!user || !state.assertion) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
      // Required MFA switched on since the challenge: a single-factor passkey no longer signs in.
      if (!this.deps.webAuthn.offered(ctx.pool)) throw new NotAuthorizedException("Passkey sign-in is not available.");
      await this.deps.webAuthn.verifyAssertion(ctx.pool, user, state.assertion, credential);
    } catch (err) {
      // With PreventUserExistenceErrors every failure reads as an unknown name's; the reason is logged only.
      if (err instanceof NotAuthorizedException && hidesUserExistence(ctx.client))
        throw new NotAuthorizedException(INCORRECT_CREDENTIALS, { cause: err });
      throw err;
    }
    return port.signInWithCode(ctx, user);
  }

  private simulatedDelivery(ctx: FlowContext, typed: string, factor: "EMAIL_OTP" | "SMS_OTP") {
    if (factor === "EMAIL_OTP") {
      const d = this.deps.existence.simulatedDelivery(ctx.pool, typed);
      return { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: d.Destination ?? "" };
    }
    const mac = Buffer.from(this.deps.crypto.mac("simulated-phone", ctx.pool.id, typed), "base64url");
    const digits = [...mac.subarray(0, 4)].map((b) => String(b % 10)).join("");
    return { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: `+*******${digits}` };
  }

  /** Whether `session` stands for a USER_AUTH e-mail code (EMAIL_OTP is also an MFA challenge). */
  async isEmailCodeSession(session: string | undefined): Promise<boolean> {
    if (!session) return false;
    return (await this.deps.challengeSessions.kindOf(Buffer.from(session, "base64url"))) === CODE_KINDS.EMAIL_OTP;
  }

  /** SELECT_CHALLENGE: ANSWER names the factor, with what it needs (PASSWORD, SRP_A). */
  async answerSelect(
    ctx: FlowContext,
    session: string | undefined,
    responses: Record<string, string> | undefined,
    port: UserAuthPort,
  ): Promise<AuthResponse> {
    const answer = firstChallengeOf(required(responses, "ANSWER"), "ANSWER");
    const A = answer === "PASSWORD_SRP" ? srpAOf(responses) : undefined;
    const password = answer === "PASSWORD" ? required(responses, "PASSWORD") : undefined;
    const { user, state, handle } = await this.open(ctx, SELECT, session, responses);
    if (!state.available?.includes(answer))
      throw new InvalidParameterException(`ANSWER must be one of ${JSON.stringify(state.available ?? [])}.`);
    // One choice per session: a second answer (or a replay) is refused.
    await this.deps.challengeSessions.consume(SELECT, handle, ctx.client);
    const typed = state.typed ?? state.username;
    if (answer === "PASSWORD") {
      const known = user ?? (await this.migrate(ctx, state.typed ?? typed, password ?? ""));
      return port.checkPassword(ctx, typed, known, password ?? "", responses?.DEVICE_KEY);
    }
    return this.startChallenge(ctx, typed, user, answer, port, A);
  }

  /** EMAIL_OTP (EMAIL_OTP_CODE) or SMS_OTP (SMS_OTP_CODE) as the first factor. */
  async answerCode(
    ctx: FlowContext,
    factor: "EMAIL_OTP" | "SMS_OTP",
    session: string | undefined,
    responses: Record<string, string> | undefined,
    port: UserAuthPort,
  ): Promise<AuthResponse> {
    const field = factor === "EMAIL_OTP" ? "EMAIL_OTP_CODE" : "SMS_OTP_CODE";
    const code = required(responses, field);
    const kind = CODE_KINDS[factor];
    const { user, state, handle } = await this.open(ctx, kind, session, responses);
    const ok = !!user && !!state.codeMac && this.deps.mfa.signInCodeMatches(factor, user.id, code, state.codeMac);
    const subject = user
      ? this.deps.lockout.subjectOf(user.id)
      : this.deps.existence.unknownSubject(ctx.pool, state.typed ?? state.username);
    if (!ok || !user) {
      // As a wrong MFA code: counted against the session and toward the user's lockout (ADR 0012).
      await this.deps.challengeSessions.countFailedAnswer(kind, handle, ctx.client, MAX_WRONG_CODES_PER_SESSION);
      if (!(await this.deps.lockout.countFailure(ctx.pool, subject)))
        throw new NotAuthorizedException("Password attempts exceeded");
      throw new CodeMismatchException("Invalid code received for user");
    }
    await this.deps.challengeSessions.consume(kind, handle, ctx.client);
    await this.deps.lockout.settle(ctx.pool, subject, true);
    return port.signInWithCode(ctx, user);
  }

  /** The live session of `kind` behind `session`, checked to name the same user as USERNAME. */
  private async open(
    ctx: FlowContext,
    kind: SessionKind,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<{ user: UserRow | undefined; state: UserAuthState; handle: Buffer }> {
    if (!session) throw new InvalidParameterException("Missing required parameter Session");
    const username = required(responses, "USERNAME");
    const handle = Buffer.from(session, "base64url");
    const { row, state } = await this.deps.challengeSessions.peek<UserAuthState>(kind, handle, ctx.client);
    const user = row.userId ? await this.deps.users.getById(ctx.pool, row.userId) : undefined;
    if (row.userId && !user) throw new NotAuthorizedException("Invalid session for the user.");
    if (!(await this.names(ctx, user, state, username)))
      throw new NotAuthorizedException("Invalid session for the user.");
    if (user) checkSecretHash(this.deps.pools, ctx.client, [username, user.username], responses?.SECRET_HASH);
    return { user, state, handle };
  }

  /** Whether `name` names the session's user (username or alias), or the unknown name or its stand-in. */
  private async names(ctx: FlowContext, user: UserRow | undefined, state: UserAuthState, name: string) {
    const key = (n: string) => this.deps.users.usernameKey(ctx.pool, n);
    if (key(name) === key(state.username) || (state.typed !== undefined && key(name) === key(state.typed))) return true;
    const found = await this.deps.users.resolve(ctx.pool, name);
    return !!user && found?.id === user.id;
  }
}

/**
 * The status rules before a passwordless factor: as checkStatus, except that a user imported without a
 * password (RESET_REQUIRED) "can sign in immediately with passwordless options without password reset"
 * (developer guide, "Things to know about authentication with user pools"; ADR 0029).
 */
function passwordlessStatus(user: UserRow): void {
  if (resetWithoutPassword(user) && user.enabled) return;
  checkStatus(user);
}
