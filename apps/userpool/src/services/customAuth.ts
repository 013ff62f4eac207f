/**
 * CUSTOM_AUTH: sign-in driven by the pool's three challenge triggers (developer guide, "Custom
 * authentication challenge Lambda triggers", "Define auth challenge Lambda trigger", "Create auth
 * challenge Lambda trigger", "Verify auth challenge response Lambda trigger"; decisions in ADR 0017).
 *
 * Each round: DefineAuthChallenge sees the challenges so far and says issueTokens, failAuthentication
 * or the next challenge; CUSTOM_CHALLENGE gets its contents from CreateAuthChallenge, and its answer
 * (ChallengeResponses.ANSWER) is judged by VerifyAuthChallengeResponse. With AuthParameters
 * CHALLENGE_NAME SRP_A the sequence starts with `SRP_A` and Define may ask for PASSWORD_VERIFIER,
 * the native SRP password check.
 *
 * The history and the private challenge parameters live only in the challenge session (encrypted,
 * single use, AuthSessionValidity); the client holds a random handle.
 *
 * Remembered devices (ADR 0021): every request may name the client's device with DEVICE_KEY; a key
 * that is not a confirmed device of the user is ResourceNotFoundException before anything is used up,
 * and the device named by the request on which Define issues tokens proves itself with
 * DEVICE_SRP_AUTH (deviceSignIn.ts) instead of getting NewDeviceMetadata.
 */
import {
  CHALLENGE_INVALID,
  INCORRECT_CREDENTIALS,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserLambdaValidationException,
  UserNotConfirmedException,
  UserNotFoundException,
} from "../errors/cognitoErrors.js";
import type { DeviceRow, UserRow } from "../store/index.js";
import type { ChallengeSessionService, ChallengeState } from "./challengeSessions.js";
import type { DeviceSignInService } from "./deviceSignIn.js";
import { checkSecretHash } from "./secretHash.js";
import type { PoolService } from "./pools.js";
import type { AuthResponse, FlowContext } from "./signIn.js";
import { initiateAuthTriggerContext, srpAOf, typedUsername } from "./signIn.js";
import type { AuthChallengeContext, ChallengeResult, Triggers } from "./triggers.js";
import { hidesUserExistence, type UserExistenceService } from "./userExistence.js";
import type { UserService } from "./users.js";

/**
 * Challenges one sign-in may present, SRP_A and PASSWORD_VERIFIER included. Cognito documents no
 * limit; without one a Define that never decides would keep a sign-in (and Create's messages) going
 * for ever (ADR 0017).
 */
export const MAX_CUSTOM_CHALLENGES = 10;
const LIMIT = MAX_CUSTOM_CHALLENGES;
export const TOO_MANY_CHALLENGES = `Too many challenges in one sign-in (at most ${LIMIT}); sign in again.`;

/** What the custom flow borrows from SignInService: the SRP password step and issuing tokens. */
export interface CustomAuthPort {
  srpChallenge(
    ctx: FlowContext,
    typed: string,
    A: Buffer,
    user: UserRow | undefined,
  ): { parameters: Record<string, string>; id: string };
  /**
   * Checks a PASSWORD_VERIFIER answer to the challenge `challengeId` without using anything up: `userId`
   * is the user when the proof is right. `settle` uses the challenge up and counts toward lockout; a
   * wrong password throws there.
   */
  checkPassword(
    ctx: FlowContext,
    responses: Record<string, string> | undefined,
    challengeId: string,
  ): Promise<{ userId: string | null; settle(): Promise<UserRow> }>;
  /** PostAuthentication and tokens, or DEVICE_SRP_AUTH for `ctx.device`. */
  signIn(ctx: FlowContext, user: UserRow): Promise<AuthResponse>;
}

interface CustomState extends ChallengeState {
  /**
   * `username` is the name the client is shown (USERNAME, USER_ID_FOR_SRP): the user's, or for an unknown
   * name the stand-in a real user's would look like (UserExistenceService.fakeUsername); `typed` is the
   * unknown name itself, which the triggers get as userName.
   */
  typed?: string;
  userNotFound: boolean;
  history: ChallengeResult[];
  /** The challenge this session answers. */
  pending: "CUSTOM_CHALLENGE" | "PASSWORD_VERIFIER";
  /** CUSTOM_CHALLENGE: CreateAuthChallenge's privateChallengeParameters and challengeMetadata. */
  privateParameters?: Record<string, string>;
  metadata?: string | null;
  /** PASSWORD_VERIFIER: the ID of the sealed SRP challenge this session goes with. */
  srpChallengeId?: string;
}

type Deps = {
  pools: PoolService;
  users: UserService;
  triggers: Triggers;
  challengeSessions: ChallengeSessionService;
  existence: UserExistenceService;
  deviceSignIn: DeviceSignInService;
};

const KIND = "CUSTOM_CHALLENGE";

function required(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (v === undefined || v === "") throw new InvalidParameterException(`Missing required parameter ${name}`);
  return v;
}

export class CustomAuthService {
  constructor(private readonly deps: Deps) {}

  /** (Admin)InitiateAuth with AuthFlow CUSTOM_AUTH. */
  async start(
    ctx: FlowContext,
    params: Record<string, string> | undefined,
    port: CustomAuthPort,
  ): Promise<AuthResponse> {
    if (!ctx.pool.settings.LambdaConfig?.DefineAuthChallenge)
      throw new InvalidParameterException("Custom auth lambda trigger is not configured for the user pool.");
    const typed = typedUsername(params);
    const first = params?.CHALLENGE_NAME;
    if (first !== undefined && first !== "SRP_A" && first !== "CUSTOM_CHALLENGE")
      throw new InvalidParameterException("CHALLENGE_NAME must be SRP_A or CUSTOM_CHALLENGE.");
    const A = first === "SRP_A" ? srpAOf(params) : undefined;
    const user = await this.deps.users.resolve(ctx.pool, typed);
    checkSecretHash(this.deps.pools, ctx.client, user ? [typed, user.username] : [typed], params?.SECRET_HASH);
    if (!user && !hidesUserExistence(ctx.client)) throw new UserNotFoundException("User does not exist.");
    if (user) checkStatus(user);
    const device = await this.deviceOf(ctx, user?.id, params?.DEVICE_KEY);
    // An unknown name too, with userNotFound, as in the password flows.
    await this.deps.triggers.preAuthentication(initiateAuthTriggerContext(ctx, user, typed));
    // InitiateAuth's ClientMetadata reaches PreAuthentication only (API reference, InitiateAuth).
    const triggerCtx: FlowContext = { pool: ctx.pool, client: ctx.client };
    const state: CustomState = {
      username: user?.username ?? this.deps.existence.fakeUsername(ctx.pool, typed),
      ...(user ? {} : { typed }),
      userNotFound: !user,
      history: A ? [{ challengeName: "SRP_A", challengeResult: true, challengeMetadata: null }] : [],
      pending: "CUSTOM_CHALLENGE",
    };
    return this.next(triggerCtx, user, state, port, { device, ...(A ? { srp: { typed, A } } : {}) });
  }

  /** CUSTOM_CHALLENGE answered with ANSWER: Verify judges it, then Define decides again. */
  async answer(
    ctx: FlowContext,
    session: string | undefined,
    responses: Record<string, string> | undefined,
    port: CustomAuthPort,
  ): Promise<AuthResponse> {
    if (!session) throw new InvalidParameterException("Missing required parameter Session");
    const answer = required(responses, "ANSWER");
    const { user, state, use } = await this.open(ctx, session, responses, "CUSTOM_CHALLENGE");
    // Checked before Verify runs and the session is used up, so a client told the device does not
    // exist can send the same answer again without it (Amplify's retryOnResourceNotFoundException).
    const device = await this.deviceOf(ctx, user?.id, responses?.DEVICE_KEY);
    await use();
    const correct = await this.deps.triggers.verifyAuthChallengeResponse({
      ...ctx,
      username: state.typed ?? state.username,
      ...(user ? { user } : {}),
      userNotFound: state.userNotFound,
      privateChallengeParameters: state.privateParameters ?? {},
      challengeAnswer: answer,
    });
    // A wrong answer does not count toward the user's lockout: how many tries a challenge allows is
    // Define's decision (ADR 0017).
    const history = [
      ...state.history,
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: correct, challengeMetadata: state.metadata ?? null },
    ];
    return this.next(ctx, user, { ...state, history }, port, { device });
  }

  /** PASSWORD_VERIFIER inside the custom flow: the native SRP check, then Define decides again. */
  async answerPasswordVerifier(
    ctx: FlowContext,
    session: string,
    responses: Record<string, string> | undefined,
    port: CustomAuthPort,
  ): Promise<AuthResponse> {
    const { state, use } = await this.open(ctx, session, responses, "PASSWORD_VERIFIER");
    const claim = await port.checkPassword(ctx, responses, state.srpChallengeId ?? "");
    // As in USER_SRP_AUTH (ADR 0014): the DEVICE_KEY is checked once the proof is right and before the
    // session and the challenge are used up, so the client can answer again without it.
    const device = claim.userId === null ? undefined : await this.deviceOf(ctx, claim.userId, responses?.DEVICE_KEY);
    await use();
    const user = await claim.settle();
    checkStatus(user);
    const history = [
      ...state.history,
      { challengeName: "PASSWORD_VERIFIER", challengeResult: true, challengeMetadata: null },
    ];
    return this.next(ctx, user, { ...state, history }, port, { device });
  }

  /**
   * The confirmed device `deviceKey` names (none without a key, or in a pool that does not remember
   * devices); ResourceNotFoundException when it is not one of this user's. An unknown user (undefined)
   * has no devices, and pays the same lookup.
   */
  private deviceOf(ctx: FlowContext, userId: string | undefined, deviceKey: string | undefined) {
    return this.deps.deviceSignIn.deviceFor(ctx.pool, userId ?? "", deviceKey);
  }

  /**
   * Opens the session behind `session`, checking it answers `pending` and names the same user; `use`
   * uses it up, once the caller's own checks have passed.
   */
  private async open(
    ctx: FlowContext,
    session: string,
    responses: Record<string, string> | undefined,
    pending: CustomState["pending"],
  ): Promise<{ user: UserRow | undefined; state: CustomState; use: () => Promise<void> }> {
    const username = required(responses, "USERNAME");
    const handle = Buffer.from(session, "base64url");
    const { row, state } = await this.deps.challengeSessions.peek<CustomState>(KIND, handle, ctx.client);
    if (state.pending !== pending) throw new NotAuthorizedException(CHALLENGE_INVALID);
    const user = row.userId ? await this.deps.users.getById(ctx.pool, row.userId) : undefined;
    if (row.userId && !user) throw new NotAuthorizedException(CHALLENGE_INVALID);
    if (!(await this.names(ctx, user, state, username)))
      throw new NotAuthorizedException("Invalid session for the user.");
    if (user) checkSecretHash(this.deps.pools, ctx.client, [username, user.username], responses?.SECRET_HASH);
    // Single use: of two answers to one session, one goes on and the other is refused.
    const use = async () => {
      await this.deps.challengeSessions.consume(KIND, handle, ctx.client);
    };
    return { user, state, use };
  }

  /** DefineAuthChallenge's decision, carried out. */
  private async next(
    ctx: FlowContext,
    user: UserRow | undefined,
    state: CustomState,
    port: CustomAuthPort,
    /** `device`: the confirmed device this request named; `srp`: the client's A, right after SRP_A. */
    step: { device: DeviceRow | undefined; srp?: { typed: string; A: Buffer } },
  ): Promise<AuthResponse> {
    const { srp } = step;
    const who: AuthChallengeContext = {
      ...ctx,
      username: state.typed ?? state.username,
      ...(user ? { user } : {}),
      userNotFound: state.userNotFound,
      session: state.history,
    };
    const d = await this.deps.triggers.defineAuthChallenge(who);
    // failAuthentication wins over issueTokens; an unknown user never gets tokens, whatever Define says.
    if (d.failAuthentication || (d.issueTokens && !user)) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    if (d.issueTokens && user) return port.signIn(step.device ? { ...ctx, device: step.device } : ctx, user);
    if (state.history.length >= MAX_CUSTOM_CHALLENGES) throw new NotAuthorizedException(TOO_MANY_CHALLENGES);
    const base = {
      username: state.username,
      ...(state.typed !== undefined ? { typed: state.typed } : {}),
      userNotFound: state.userNotFound,
      history: state.history,
    };
    const name = d.challengeName;
    switch (name) {
      case "PASSWORD_VERIFIER": {
        // Only the step after SRP_A can be the password check: only then does the server hold A.
        if (!srp)
          throw new UserLambdaValidationException(
            "DefineAuthChallenge failed with error Invalid lambda response: PASSWORD_VERIFIER may only follow SRP_A.",
          );
        const challenge = port.srpChallenge(ctx, srp.typed, srp.A, user);
        const handle = await this.session(ctx, user, {
          ...base,
          pending: "PASSWORD_VERIFIER",
          srpChallengeId: challenge.id,
        });
        return { ChallengeName: "PASSWORD_VERIFIER", Session: handle, ChallengeParameters: challenge.parameters };
      }
      case "CUSTOM_CHALLENGE": {
        const created = await this.deps.triggers.createAuthChallenge({ ...who, challengeName: "CUSTOM_CHALLENGE" });
        const handle = await this.session(ctx, user, {
          ...base,
          pending: "CUSTOM_CHALLENGE",
          privateParameters: created.privateChallengeParameters,
          metadata: created.challengeMetadata,
        });
        return {
          ChallengeName: "CUSTOM_CHALLENGE",
          Session: handle,
          // The private parameters stay in the session; the client sees the public ones and the username.
          ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: state.username },
        };
      }
      default:
        // Other challenge names (SMS_MFA, DEVICE_SRP_AUTH, …) are refused rather than ignored (ADR 0017).
        throw new UserLambdaValidationException(
          `DefineAuthChallenge failed with error Invalid lambda response: challengeName ${JSON.stringify(name)} ` +
            "is not supported; use CUSTOM_CHALLENGE (or PASSWORD_VERIFIER after SRP_A).",
        );
    }
  }

  private async session(ctx: FlowContext, user: UserRow | undefined, state: CustomState): Promise<string> {
    const handle = await this.deps.challengeSessions.create<CustomState>(
      KIND,
      ctx.pool,
      ctx.client,
      user?.id ?? null,
      state,
    );
    return handle.toString("base64url");
  }

  /**
   * Whether `name` names the session's user: its username or an alias; for an unknown name, that name or
   * the stand-in shown for it. Either way the lookup is paid, so the answer takes as long.
   */
  private async names(ctx: FlowContext, user: UserRow | undefined, state: CustomState, name: string) {
    const key = (n: string) => this.deps.users.usernameKey(ctx.pool, n);
    if (key(name) === key(state.username)) return true;
    const found = await this.deps.users.resolve(ctx.pool, name);
    if (!user) return state.typed !== undefined && key(name) === key(state.typed);
    return found?.id === user.id;
  }
}

/** Cognito's status rules before any challenge: these users cannot sign in whatever the functions say. */
export function checkStatus(user: UserRow): void {
  if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
  if (user.status === "UNCONFIRMED") throw new UserNotConfirmedException("User is not confirmed.");
  if (user.status === "RESET_REQUIRED")
    throw new PasswordResetRequiredException("Password reset required for the user");
}
