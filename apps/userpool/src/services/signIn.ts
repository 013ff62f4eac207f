/**
 * Sign-in flows shared by InitiateAuth / AdminInitiateAuth and RespondToAuthChallenge /
 * AdminRespondToAuthChallenge: SRP (USER_SRP_AUTH → PASSWORD_VERIFIER), password
 * (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH), NEW_PASSWORD_REQUIRED, and the entry points of
 * CUSTOM_AUTH (customAuth.ts).
 */
import type { AuthenticationResultType, ChallengeNameType } from "@aws-sdk/client-cognito-identity-provider";
import { epochSeconds, type Clock } from "../clock.js";
import { safeEqual, type DataCrypto } from "../crypto/envelope.js";
import {
  fromHex,
  isValidSrpA,
  parseSrpTimestamp,
  startServerSession,
  toHex,
  verifyClaimSignature,
} from "../crypto/srp.js";
import {
  CHALLENGE_INVALID,
  CodeMismatchException,
  INCORRECT_CREDENTIALS,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { DeviceRow, GroupRow, UserRow } from "../store/index.js";
import { parseAttributes } from "./attributes.js";
import { checkSecretHash } from "./secretHash.js";
import type { PasswordService } from "./passwords.js";
import { srpPoolName, type Client, type Pool, type PoolService } from "./pools.js";
import type { LockoutService } from "./lockout.js";
import type { MfaService } from "./mfa/mfaService.js";
import type { RevocationService } from "./revocation.js";
import type { ChallengeSessionService, ChallengeState } from "./challengeSessions.js";
import type { DeviceService } from "./devices.js";
import type { DeviceSignInService } from "./deviceSignIn.js";
import { checkStatus, type CustomAuthPort, type CustomAuthService } from "./customAuth.js";
import type { SrpChallenge, SrpChallengeSealer, SrpFlow } from "./srpChallenge.js";
import type { TokenService } from "./tokens.js";
import type { PreAuthenticationContext, Triggers } from "./triggers.js";
import { hidesUserExistence, type UserExistenceService } from "./userExistence.js";
import { migrateUser } from "./userMigration.js";
import type { UserService } from "./users.js";
import {
  NO_SIGNALS,
  type RequestSignals,
  type SignInVerdict,
  type ThreatProtectionService,
} from "./risk/threatProtection.js";
import type { UserAuthPort, UserAuthService } from "./userAuth.js";

export interface AuthResponse {
  ChallengeName?: ChallengeNameType;
  /** SELECT_CHALLENGE of choice-based sign-in (InitiateAuth only). */
  AvailableChallenges?: ChallengeNameType[];
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}

/** A sign-in whose refresh token is already stored: its origin_jti, auth_time and the token. */
interface StoredSession {
  originJti: string;
  authTime: number;
  refreshToken: string;
}

export interface FlowContext {
  pool: Pool;
  client: Client;
  clientMetadata?: Record<string, string>;
  /** The confirmed device DEVICE_KEY named, once the password checked out (deviceSignIn.ts). */
  device?: DeviceRow;
  /** Where the request came from, for threat protection. */
  signals?: RequestSignals;
}

type Deps = {
  mfa: MfaService;
  pools: PoolService;
  users: UserService;
  passwords: PasswordService;
  challengeSessions: ChallengeSessionService;
  challenges: SrpChallengeSealer;
  tokens: TokenService;
  triggers: Triggers;
  crypto: DataCrypto;
  clock: Clock;
  random: Random;
  lockout: LockoutService;
  existence: UserExistenceService;
  revocation: RevocationService;
  devices: DeviceService;
  deviceSignIn: DeviceSignInService;
  customAuth: CustomAuthService;
  userAuth: UserAuthService;
  threats: ThreatProtectionService;
};

const DAY_MS = 86_400_000;
/**
 * The Session of a PASSWORD_VERIFIER challenge is a MAC of the sealed challenge's ID (43 base64url
 * characters), so InitiateAuth still writes nothing; challenge-session handles are 48 bytes (64
 * characters), so its length tells the two apart without a store lookup. ADR 0027.
 */
const SRP_SESSION_LENGTH = 43;
const MAX_TYPED_USERNAME = 2048;

function required(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (v === undefined || v === "") throw new InvalidParameterException(`Missing required parameter ${name}`);
  return v;
}

export class SignInService {
  constructor(private readonly deps: Deps) {}

  /** USER_SRP_AUTH: answers PASSWORD_VERIFIER with salt, B and the challenge sealed into SECRET_BLOCK. */
  async startSrp(ctx: FlowContext, params: Record<string, string> | undefined): Promise<AuthResponse> {
    const typed = typedUsername(params);
    const A = srpAOf(params);
    const user = await this.deps.users.resolve(ctx.pool, typed);
    checkSecretHash(this.deps.pools, ctx.client, user ? [typed, user.username] : [typed], params?.SECRET_HASH);
    if (!user && !hidesUserExistence(ctx.client)) throw new UserNotFoundException("User does not exist.");
    // Every name that gets a challenge runs PreAuthentication, an unknown one with userNotFound (and a user
    // without a password too, who gets a simulated challenge), so a function's refusal cannot tell them apart.
    await this.deps.triggers.preAuthentication(initiateAuthTriggerContext(ctx, user, typed));
    const { parameters, session } = this.srpChallenge(ctx, typed, A, user, "USER_SRP_AUTH");
    return { ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: parameters, Session: session };
  }

  /**
   * The PASSWORD_VERIFIER challenge for `user` (a simulated one when the user is unknown or has no
   * password), sealed for `flow`; `id` is what the answer will carry.
   */
  srpChallenge(
    ctx: FlowContext,
    typed: string,
    A: Buffer,
    user: UserRow | undefined,
    flow: SrpFlow,
  ): { parameters: Record<string, string>; id: string; session: string } {
    const verifier = user ? this.deps.passwords.verifierOf(user) : undefined;
    // An imported user (RESET_REQUIRED, no password) has no verifier to run SRP against: without
    // PreventUserExistenceErrors Cognito's answer comes here, at the start (ADR 0029); with it, the
    // simulated challenge fails at PASSWORD_VERIFIER as a wrong password does.
    if (flow === "USER_SRP_AUTH" && user && resetWithoutPassword(user) && !hidesUserExistence(ctx.client))
      throw new PasswordResetRequiredException("Password reset required for the user");
    if (!user || !verifier || !user.srpSalt) return this.simulatedSrpChallenge(ctx, typed, A, flow);
    const { B, key } = startServerSession(verifier, A, (n) => this.deps.random.bytes(n));
    const salt = Buffer.from(user.srpSalt, "hex");
    const { secretBlock, id } = this.sealChallenge(
      ctx,
      { username: user.username, userId: user.id, unknownSubject: "", key, salt },
      flow,
    );
    return {
      id,
      session: this.srpSession(ctx, id),
      parameters: {
        SALT: user.srpSalt,
        SECRET_BLOCK: secretBlock,
        SRP_B: toHex(B),
        USERNAME: user.username,
        USER_ID_FOR_SRP: user.username,
      },
    };
  }

  /**
   * PreventUserExistenceErrors ENABLED: an unknown user gets a challenge indistinguishable from a
   * real one (stable salt, a fresh B and key computed with the same exponentiations, a SECRET_BLOCK of the
   * same length) and fails later with the same NotAuthorizedException a wrong password gets.
   */
  private simulatedSrpChallenge(
    ctx: FlowContext,
    typed: string,
    A: Buffer,
    flow: SrpFlow,
  ): { parameters: Record<string, string>; id: string; session: string } {
    // Everything derives from the username the name stands for, so asking again with the returned
    // USER_ID_FOR_SRP gets the same answer, as for a real user.
    const username = this.deps.existence.fakeUsername(ctx.pool, typed);
    const { salt, verifier } = this.deps.existence.fakeSrpCredentials(
      ctx.pool,
      this.deps.users.usernameKey(ctx.pool, username),
    );
    const { B, key } = startServerSession(verifier, A, (n) => this.deps.random.bytes(n));
    const unknownSubject = this.deps.existence.unknownSubject(ctx.pool, typed);
    const { secretBlock, id } = this.sealChallenge(ctx, { username, userId: null, unknownSubject, key, salt }, flow);
    return {
      id,
      session: this.srpSession(ctx, id),
      parameters: {
        SALT: toHex(salt),
        SECRET_BLOCK: secretBlock,
        SRP_B: toHex(B),
        USERNAME: username,
        USER_ID_FOR_SRP: username,
      },
    };
  }

  /** The Session of the PASSWORD_VERIFIER challenge `id` (see SRP_SESSION_LENGTH). */
  private srpSession(ctx: FlowContext, id: string): string {
    return this.deps.crypto.mac("srp-session", ctx.pool.id, ctx.client.id, id);
  }

  /**
   * The SECRET_BLOCK of a new challenge, answerable for the client's AuthSessionValidity (3–15 minutes).
   * A key of null (SRP_A was in range but gives u = 0, which no honest client sends) is sealed as
   * random bytes: the answer then fails like a wrong password, as the proof check always did.
   */
  private sealChallenge(
    ctx: FlowContext,
    c: Omit<SrpChallenge, "id" | "expiresAt" | "key"> & { key: Buffer | null },
    flow: SrpFlow,
  ): { secretBlock: string; id: string } {
    const expiresAt = this.deps.clock.now().getTime() + ctx.client.settings.AuthSessionValidity * 60_000;
    const key = c.key ?? this.deps.random.bytes(16);
    const id = this.deps.challenges.newId();
    return {
      id,
      secretBlock: this.deps.challenges.seal(ctx.pool.id, ctx.client.id, { ...c, key, id, expiresAt }, flow),
    };
  }

  /** (Admin)RespondToAuthChallenge: the challenges this server issues. */
  async answerChallenge(
    ctx: FlowContext,
    name: string | undefined,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<AuthResponse> {
    switch (name) {
      case "PASSWORD_VERIFIER":
        return this.answerPasswordVerifierOf(ctx, session, responses);
      // Custom authentication (customAuth.ts).
      case "CUSTOM_CHALLENGE":
        return this.deps.customAuth.answer(ctx, session, responses, this.customPort());
      case "NEW_PASSWORD_REQUIRED":
        return this.answerNewPassword(ctx, session, responses);
      // Remembered devices (deviceSignIn.ts).
      case "DEVICE_SRP_AUTH":
        return this.deps.deviceSignIn.answerSrpAuth(ctx, session, responses);
      case "DEVICE_PASSWORD_VERIFIER":
        return this.answerDevicePasswordVerifier(ctx, session, responses);
      // Choice-based sign-in (userAuth.ts).
      case "SELECT_CHALLENGE":
        return this.deps.userAuth.answerSelect(ctx, session, responses, this.userAuthPort());
      case "SMS_OTP":
        return this.deps.userAuth.answerCode(ctx, "SMS_OTP", session, responses, this.userAuthPort());
      case "WEB_AUTHN":
        return this.deps.userAuth.answerPasskey(ctx, session, responses, this.userAuthPort());
      case "EMAIL_OTP":
        if (await this.deps.userAuth.isEmailCodeSession(session))
          return this.deps.userAuth.answerCode(ctx, "EMAIL_OTP", session, responses, this.userAuthPort());
        return this.answerMfa(ctx, name, session, responses);
      case "MFA_SETUP":
      case "SELECT_MFA_TYPE":
      case "SOFTWARE_TOKEN_MFA":
      case "SMS_MFA":
        return this.answerMfa(ctx, name, session, responses);
      default:
        throw new InvalidParameterException(`Challenge ${name} is not supported by this server.`);
    }
  }

  /**
   * PASSWORD_VERIFIER: opens the sealed challenge, checks PASSWORD_CLAIM_SIGNATURE against it, then
   * one store call uses the challenge up, settles the lockout and reads the user with its groups.
   */
  async answerPasswordVerifier(
    ctx: FlowContext,
    responses: Record<string, string> | undefined,
    session?: string,
  ): Promise<AuthResponse> {
    const { c, ok } = await this.checkClaim(ctx, responses, "USER_SRP_AUTH");
    // The challenge's Session, when sent back (Amplify and amazon-cognito-identity-js do), must be its own;
    // a client that drops it still answers with the sealed, single-use SECRET_BLOCK (ADR 0027).
    if (session !== undefined && !safeEqual(session, this.srpSession(ctx, c.id)))
      throw new NotAuthorizedException(CHALLENGE_INVALID);
    // Remembered devices: a DEVICE_KEY is checked before the challenge is used up, so a client told
    // the device does not exist can answer again without it (as amazon-cognito-identity-js does).
    const device =
      ok && c.userId ? await this.deps.deviceSignIn.deviceFor(ctx.pool, c.userId, responses?.DEVICE_KEY) : undefined;
    // The refresh token is minted now so that the one store call below can also store it, for a
    // sign-in that stands (minted for a simulated challenge too: the same work). Not when a device
    // still has to prove itself (its tokens come after DEVICE_PASSWORD_VERIFIER), nor when the pool
    // may ask for MFA: no session may exist while a challenge is pending, so the token is stored when
    // tokens are issued (one insert later, never a revocation; ADR 0012).
    const authTime = epochSeconds(this.deps.clock.now());
    const originJti = this.deps.random.uuid();
    const refresh =
      device || ctx.pool.settings.MfaConfiguration !== "OFF"
        ? undefined
        : this.deps.tokens.mintRefreshToken({
            pool: ctx.pool,
            client: ctx.client,
            userId: c.userId ?? "",
            originJti,
            authTime,
          });
    // Lockout (developer guide, "Authentication flow"): the verdict and the count in one statement.
    const settled = await this.deps.lockout
      .settleSrpAnswer(ctx.pool, {
        challengeId: c.id,
        expiresAt: c.expiresAt,
        subject: c.userId === null ? c.unknownSubject : this.deps.lockout.subjectOf(c.userId),
        proofOk: ok,
        user: c.userId === null ? null : { id: c.userId, srpSalt: c.salt.toString("hex") },
        ...(refresh ? { refreshToken: refresh.row } : {}),
      })
      .catch(async (err: unknown) => {
        // Threat protection records a wrong password of a known user (not a replayed challenge).
        if (!ok && c.userId !== null)
          await this.deps.threats.signInFailed(ctx.pool, c.userId, ctx.signals ?? NO_SIGNALS);
        throw err;
      });
    const { user, groups, refreshTokenStored } = settled;
    const risk = { mfa: true, risk: {} };
    if (device) return this.afterCredentials({ ...ctx, device }, user, groups, undefined, risk);
    if (!refreshTokenStored || !refresh) return this.afterCredentials(ctx, user, groups, undefined, risk);
    try {
      return await this.afterCredentials(ctx, user, groups, { originJti, authTime, refreshToken: refresh.token }, risk);
    } catch (err) {
      // A trigger refused the sign-in after its refresh token was stored: that session never began.
      await this.deps.revocation
        .revokeOrigin({ poolId: ctx.pool.id, originJti, userId: user.id, tokensExpireAt: refresh.row.expiresAt })
        .catch(() => undefined);
      throw err;
    }
  }

  /**
   * PASSWORD_VERIFIER with a Session is the password step of the custom flow (CUSTOM_AUTH with SRP_A,
   * as Amplify's CUSTOM_WITH_SRP and amazon-cognito-identity-js send it); without one, USER_SRP_AUTH.
   */
  private async answerPasswordVerifierOf(
    ctx: FlowContext,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<AuthResponse> {
    if (
      session &&
      session.length !== SRP_SESSION_LENGTH &&
      (await this.deps.challengeSessions.kindOf(Buffer.from(session, "base64url"))) === "CUSTOM_CHALLENGE"
    )
      return this.deps.customAuth.answerPasswordVerifier(ctx, session, responses, this.customPort());
    return this.answerPasswordVerifier(ctx, responses, session);
  }

  /** Opens the sealed challenge and checks PASSWORD_CLAIM_SIGNATURE against it; touches no store. */
  private async checkClaim(
    ctx: FlowContext,
    responses: Record<string, string> | undefined,
    flow: SrpFlow,
  ): Promise<{ c: SrpChallenge; ok: boolean }> {
    const username = required(responses, "USERNAME");
    const secretBlock = required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
    const signature = required(responses, "PASSWORD_CLAIM_SIGNATURE");
    const timestamp = required(responses, "TIMESTAMP");
    // The timestamp is signed by the client, so only its format matters here; freshness comes from
    // the challenge, which is single use and expires after AuthSessionValidity.
    if (!parseSrpTimestamp(timestamp))
      throw new InvalidParameterException("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.");
    const c = this.deps.challenges.open(ctx.pool.id, ctx.client.id, secretBlock, this.deps.clock.now().getTime(), flow);
    if (
      !(await this.sameUser(
        ctx.pool,
        { usernameKey: this.deps.users.usernameKey(ctx.pool, c.username), id: c.userId },
        username,
      ))
    )
      throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    if (c.userId !== null) checkSecretHash(this.deps.pools, ctx.client, [username, c.username], responses?.SECRET_HASH);
    // A simulated challenge cost the same exponentiations at InitiateAuth (against its fake verifier),
    // costs the same proof check and store call here, and is locked out like a user, so neither
    // timing nor lockout tells it apart.
    const ok =
      verifyClaimSignature({
        key: c.key,
        poolName: srpPoolName(ctx.pool.id),
        userId: c.username,
        secretBlock: Buffer.from(secretBlock, "base64"),
        timestamp,
        signature: Buffer.from(signature, "base64"),
      }) && c.userId !== null;
    return { c, ok };
  }

  /** What the custom flow borrows from password sign-in: the SRP step and, at the end, the tokens. */
  private customPort(): CustomAuthPort {
    return {
      srpChallenge: (ctx, typed, A, user) => this.srpChallenge(ctx, typed, A, user, "CUSTOM_AUTH"),
      checkPassword: async (ctx, responses, challengeId) => {
        const { c, ok } = await this.checkClaim(ctx, responses, "CUSTOM_AUTH");
        if (c.id !== challengeId) throw new NotAuthorizedException(CHALLENGE_INVALID);
        return {
          userId: ok ? c.userId : null,
          // Used up and counted toward lockout exactly as in USER_SRP_AUTH; a wrong password ends the sign-in.
          settle: async () =>
            (
              await this.deps.lockout.settleSrpAnswer(ctx.pool, {
                challengeId: c.id,
                expiresAt: c.expiresAt,
                subject: c.userId === null ? c.unknownSubject : this.deps.lockout.subjectOf(c.userId),
                proofOk: ok,
                user: c.userId === null ? null : { id: c.userId, srpSalt: c.salt.toString("hex") },
              })
            ).user,
        };
      },
      signIn: (ctx, user) => this.afterCustomAuth(ctx, user),
    };
  }

  /**
   * Define said issueTokens: the status rules, PostAuthentication and the tokens. No MFA is added: in
   * the custom flow the challenge sequence is Define's to decide (ADR 0017). A confirmed device the
   * request named proves itself first, as after a password (ADR 0021).
   */
  private async afterCustomAuth(ctx: FlowContext, user: UserRow): Promise<AuthResponse> {
    checkStatus(user);
    if (ctx.device) return this.deps.deviceSignIn.challenge(ctx, user, ctx.device, { flow: "CUSTOM_AUTH" });
    await this.deps.triggers.postAuthentication({ ...ctx, user, newDeviceUsed: this.deps.devices.tracks(ctx.pool) });
    return this.issue(ctx, user, "TokenGeneration_Authentication");
  }

  /** USER_AUTH: choice-based sign-in (userAuth.ts). */
  startUserAuth(ctx: FlowContext, params: Record<string, string> | undefined, session?: string): Promise<AuthResponse> {
    return this.deps.userAuth.start(ctx, params, this.userAuthPort(), session);
  }

  /** What choice-based sign-in borrows from the password flows. */
  private userAuthPort(): UserAuthPort {
    return {
      srpChallenge: (ctx, typed, A, user) => this.srpChallenge(ctx, typed, A, user, "USER_SRP_AUTH"),
      checkPassword: (ctx, typed, user, password, deviceKey) =>
        this.checkPassword(ctx, typed, user, password, deviceKey),
      // A one-time code or a passkey is the whole sign-in: no MFA step follows it (ADR 0023, ADR 0026).
      signInWithCode: (ctx, user) =>
        this.afterCredentials(ctx, user, undefined, undefined, { mfa: false, passwordless: true, risk: {} }),
      signInAfterSignUp: (ctx, user) => this.afterCredentials(ctx, user),
    };
  }

  /** CUSTOM_AUTH: DefineAuthChallenge decides the first step (customAuth.ts). */
  startCustom(ctx: FlowContext, params: Record<string, string> | undefined): Promise<AuthResponse> {
    return this.deps.customAuth.start(ctx, params, this.customPort());
  }

  /** An MFA challenge's answer: the next challenge, or, with the second factor passed, the tokens. */
  private async answerMfa(
    ctx: FlowContext,
    name: Parameters<MfaService["answer"]>[1],
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<AuthResponse> {
    const outcome = await this.deps.mfa.answer(ctx, name, session, responses).catch(async (err: unknown) => {
      // Threat protection records a wrong code on the sign-in event (USERNAME was checked against the session).
      if (err instanceof CodeMismatchException && responses?.USERNAME) {
        const user = await this.deps.users.resolve(ctx.pool, responses.USERNAME);
        if (user) await this.deps.threats.mfaFailed(ctx.pool, user.id);
      }
      throw err;
    });
    if ("challenge" in outcome) return outcome.challenge;
    await this.deps.threats.mfaPassed(ctx.pool, outcome.signedIn);
    // A confirmed device named by DEVICE_KEY (the clients send it with the code) still proves itself,
    // as after PASSWORD_VERIFIER, instead of getting a new device: NewDeviceMetadata is only for a
    // sign-in without DEVICE_KEY (API reference, DeviceConfigurationType; RespondToAuthChallenge).
    const device = await this.deps.deviceSignIn.deviceFor(ctx.pool, outcome.signedIn.id, responses?.DEVICE_KEY);
    if (device) return this.deps.deviceSignIn.challenge(ctx, outcome.signedIn, device, { after: session });
    // PostAuthentication and token generation run only now, after the second factor.
    await this.deps.triggers.postAuthentication({ ...ctx, user: outcome.signedIn, newDeviceUsed: false });
    return this.issue(ctx, outcome.signedIn, "TokenGeneration_Authentication");
  }

  /** USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH: the password is checked by recomputing the SRP verifier. */
  async passwordSignIn(ctx: FlowContext, params: Record<string, string> | undefined): Promise<AuthResponse> {
    const typed = required(params, "USERNAME");
    const password = required(params, "PASSWORD");
    let user = await this.deps.users.resolve(ctx.pool, typed);
    checkSecretHash(this.deps.pools, ctx.client, user ? [typed, user.username] : [typed], params?.SECRET_HASH);
    user ??= await migrateUser(this.deps, {
      pool: ctx.pool,
      client: ctx.client,
      source: "UserMigration_Authentication",
      username: typed,
      password,
      ...(ctx.clientMetadata ? { validationData: ctx.clientMetadata } : {}),
    });
    if (!user && !hidesUserExistence(ctx.client)) throw new UserNotFoundException("User does not exist.");
    // Migration came first: only a name it did not create is unknown, and PreAuthentication then runs for it
    // with userNotFound (developer guide, "Pre authentication Lambda trigger"), before the check, as for a user.
    await this.deps.triggers.preAuthentication(initiateAuthTriggerContext(ctx, user, typed));
    // Tokens come straight out of (Admin)InitiateAuth here, which gives its ClientMetadata to no later trigger.
    return this.checkPassword(
      { pool: ctx.pool, client: ctx.client, ...(ctx.signals ? { signals: ctx.signals } : {}) },
      typed,
      user,
      password,
      params?.DEVICE_KEY,
    );
  }

  /** The password check of USER_PASSWORD_AUTH and of USER_AUTH's PASSWORD factor, after PreAuthentication. */
  private async checkPassword(
    ctx: FlowContext,
    typed: string,
    user: UserRow | undefined,
    password: string,
    deviceKey: string | undefined,
  ): Promise<AuthResponse> {
    if (!user) {
      // Same lockout and cost as a real check, so neither tells unknown users apart.
      this.deps.passwords.simulateUnknownUser(ctx.pool.id, this.deps.users.usernameKey(ctx.pool, typed), password);
      throw await this.deps.lockout.failure(ctx.pool, this.deps.existence.unknownSubject(ctx.pool, typed));
    }
    if (resetWithoutPassword(user)) {
      // Imported: "enters any password" and must reset it (developer guide, "Requiring imported users to reset
      // their passwords"): PasswordResetRequiredException, or, with PreventUserExistenceErrors, the answer
      // to a wrong password (below). No password could be right, so LEGACY counts no failure.
      if (!hidesUserExistence(ctx.client))
        throw new PasswordResetRequiredException("Password reset required for the user");
    }
    // A user without a password costs the same verifier computation as one with a password (and an unknown name).
    if (!user.verifierEnc) this.deps.passwords.simulateUnknownUser(ctx.pool.id, user.usernameKey, password);
    const ok = this.deps.passwords.verifyPassword(user, password);
    const subject = this.deps.lockout.subjectOf(user.id);
    if (!ok) {
      await this.deps.threats.signInFailed(ctx.pool, user.id, ctx.signals ?? NO_SIGNALS);
      throw await this.deps.lockout.failure(ctx.pool, subject);
    }
    // The user again with its groups and lockout counter, in one read: a clean sign-in writes only its token.
    const signed = await this.deps.users.getForSignIn(ctx.pool, user.id, subject);
    if (!signed) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    await this.deps.lockout.settleSuccess(ctx.pool, subject, signed);
    const device = await this.deps.deviceSignIn.deviceFor(ctx.pool, user.id, deviceKey);
    // The password travelled in the clear here, so threat protection can check it against the breach list.
    return this.afterCredentials({ ...ctx, ...(device ? { device } : {}) }, signed.user, signed.groups, undefined, {
      mfa: true,
      risk: { password },
    });
  }

  /** NEW_PASSWORD_REQUIRED: sets the permanent password (and any attributes sent) and signs the user in. */
  async answerNewPassword(
    ctx: FlowContext,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<AuthResponse> {
    if (!session) throw new InvalidParameterException("Missing required parameter Session");
    const username = required(responses, "USERNAME");
    const newPassword = required(responses, "NEW_PASSWORD");
    const handle = Buffer.from(session, "base64url");
    const { row } = await this.deps.challengeSessions.peek<ChallengeState>("NEW_PASSWORD_REQUIRED", handle, ctx.client);
    const user = row.userId ? await this.deps.users.getById(ctx.pool, row.userId) : undefined;
    if (!user || !(await this.sameUser(ctx.pool, user, username)))
      throw new NotAuthorizedException("Invalid session for the user.");
    checkSecretHash(this.deps.pools, ctx.client, [username, user.username], responses?.SECRET_HASH);
    this.deps.passwords.checkPolicy(ctx.pool.settings.Policies.PasswordPolicy, newPassword, "other");
    const attributeList = Object.entries(responses ?? {})
      .filter(([k]) => k.startsWith("userAttributes."))
      .map(([k, v]) => ({ Name: k.slice("userAttributes.".length), Value: v }));
    const attributes = parseAttributes(ctx.pool, attributeList, { writer: ctx.client, allowVerifiedFlags: false });
    // Checks passed: only now use the session up, so a rejected password can be retried.
    await this.deps.challengeSessions.consume("NEW_PASSWORD_REQUIRED", handle, ctx.client);
    const credentials = this.deps.passwords.createCredentials(ctx.pool.id, user.id, user.username, newPassword);
    const updated = await this.deps.users.update(
      ctx.pool,
      user,
      {
        status: "CONFIRMED",
        attributes: { ...user.attributes, ...attributes },
        srpSalt: credentials.srpSalt,
        verifierEnc: credentials.verifierEnc,
        passwordSetAt: this.deps.clock.now().getTime(),
      },
      { expectStatus: "FORCE_CHANGE_PASSWORD" },
    );
    if (!updated) throw new NotAuthorizedException("Invalid session for the user.");
    return this.issue(ctx, updated, "TokenGeneration_NewPasswordChallenge");
  }

  /**
   * The user passed the credential check: apply Cognito's status rules, then tokens or a challenge.
   * `session` is the refresh token already stored for this sign-in (the SRP answer stores it).
   */
  private async afterCredentials(
    ctx: FlowContext,
    user: UserRow,
    groups?: readonly GroupRow[],
    session?: StoredSession,
    opts: { mfa: boolean; risk?: { password?: string }; passwordless?: boolean } = { mfa: true },
  ): Promise<AuthResponse> {
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    const signals = ctx.signals ?? NO_SIGNALS;
    let verdict: SignInVerdict | undefined;
    // Imported users "can sign in immediately with passwordless options without password reset" (developer
    // guide, "Things to know about authentication with user pools"); their status stays RESET_REQUIRED.
    const status = opts.passwordless && resetWithoutPassword(user) ? "CONFIRMED" : user.status;
    switch (status) {
      case "UNCONFIRMED":
        throw new UserNotConfirmedException("User is not confirmed.");
      case "RESET_REQUIRED":
        throw new PasswordResetRequiredException("Password reset required for the user");
      case "FORCE_CHANGE_PASSWORD": {
        const days = ctx.pool.settings.Policies.PasswordPolicy.TemporaryPasswordValidityDays;
        if (user.passwordSetAt !== null && this.deps.clock.now().getTime() > user.passwordSetAt + days * DAY_MS) {
          throw new NotAuthorizedException("Temporary password has expired and must be reset by an administrator.");
        }
        const handle = await this.deps.challengeSessions.create<ChallengeState>(
          "NEW_PASSWORD_REQUIRED",
          ctx.pool,
          ctx.client,
          user.id,
          { username: user.username },
        );
        const { sub: _sub, ...visible } = user.attributes;
        return {
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: handle.toString("base64url"),
          ChallengeParameters: {
            USER_ID_FOR_SRP: user.username,
            requiredAttributes: "[]",
            userAttributes: JSON.stringify(visible),
          },
        };
      }
      case "CONFIRMED": {
        // Threat protection scores the sign-in once the password checked out; a block throws (ADR 0031).
        if (opts.risk) {
          const factor = opts.passwordless ? "other" : "password";
          verdict = await this.deps.threats.assessSignIn(ctx, user, signals, opts.risk.password, factor);
        }
        if (!opts.mfa) break;
        if (verdict && verdict.mfa !== "none") {
          // Risk asks for a second factor: the user's own MFA, else one the user can receive.
          const challenge = (await this.deps.mfa.mfaStep(ctx, user)) ?? (await this.deps.mfa.riskStep(ctx, user));
          if (challenge) {
            await this.deps.threats.challenged(ctx.pool, user, signals, verdict);
            return challenge;
          }
          if (verdict.mfa === "required")
            throw await this.deps.threats.blockedWithoutMfa(ctx.pool, user, signals, verdict);
          break;
        }
        // A remembered device signs in with device authentication instead of a second factor when the
        // pool says so (DeviceConfigurationType.ChallengeRequiredOnNewDevice); other devices still need it.
        if (ctx.device && (await this.deps.devices.skipsMfa(ctx.pool, user, ctx.device.deviceKey))) break;
        const challenge = await this.deps.mfa.mfaStep(ctx, user);
        if (challenge) return challenge;
        break;
      }
      default:
        throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    }
    await this.deps.threats.passed(ctx.pool, user, signals, verdict);
    // Remembered devices (deviceSignIn.ts): a known device proves itself before any tokens.
    if (ctx.device) return this.deps.deviceSignIn.challenge(ctx, user, ctx.device);
    // newDeviceUsed: set only when the pool remembers devices (PostAuthentication event reference).
    await this.deps.triggers.postAuthentication({ ...ctx, user, newDeviceUsed: this.deps.devices.tracks(ctx.pool) });
    return this.issue(ctx, user, "TokenGeneration_Authentication", groups, session);
  }

  /** DEVICE_PASSWORD_VERIFIER: the device proved itself; tokens bound to it, without NewDeviceMetadata. */
  private async answerDevicePasswordVerifier(
    ctx: FlowContext,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<AuthResponse> {
    const { user, device } = await this.deps.deviceSignIn.answerPasswordVerifier(ctx, session, responses);
    await this.deps.triggers.postAuthentication({ ...ctx, user, newDeviceUsed: false });
    // "Called at the end of the authentication of a user device" (developer guide, "Pre token generation
    // Lambda trigger", trigger sources).
    return this.issue(ctx, user, "TokenGeneration_AuthenticateDevice", undefined, undefined, device.deviceKey);
  }

  private async issue(
    ctx: FlowContext,
    user: UserRow,
    source:
      | "TokenGeneration_Authentication"
      | "TokenGeneration_NewPasswordChallenge"
      | "TokenGeneration_AuthenticateDevice",
    groups?: readonly GroupRow[],
    session?: StoredSession,
    deviceKey?: string,
  ): Promise<AuthResponse> {
    const originJti = session?.originJti ?? this.deps.random.uuid();
    // Remembered devices: a sign-in without a device gets a new one (NewDeviceMetadata); either way
    // the session is bound to its device, whose DEVICE_KEY its refreshes then need.
    const newDevice =
      deviceKey === undefined && this.deps.devices.tracks(ctx.pool)
        ? await this.deps.devices.issue(ctx.pool, user)
        : undefined;
    const boundKey = deviceKey ?? newDevice?.DeviceKey;
    if (boundKey !== undefined) await this.deps.devices.bindSession(ctx.pool, ctx.client, boundKey, originJti);
    const result = await this.deps.tokens.issueTokenSet({
      pool: ctx.pool,
      client: ctx.client,
      user,
      ...(groups ? { groups } : {}),
      source,
      authTime: session?.authTime ?? epochSeconds(this.deps.clock.now()),
      originJti,
      ...(session ? { storedRefreshToken: session.refreshToken } : {}),
      ...(boundKey !== undefined ? { deviceKey: boundKey } : {}),
      withRefreshToken: true,
      ...(ctx.clientMetadata ? { clientMetadata: ctx.clientMetadata } : {}),
    });
    return {
      ChallengeParameters: {},
      AuthenticationResult: newDevice ? { ...result, NewDeviceMetadata: newDevice } : result,
    };
  }

  /**
   * Whether `name` (as the client sent it) names `user`: its username, or an alias resolving to its
   * ID. A simulated challenge (ID null) is named only by its own username; any other name still
   * costs the lookup, as for a real user.
   */
  private async sameUser(pool: Pool, user: { usernameKey: string; id: string | null }, name: string): Promise<boolean> {
    if (this.deps.users.usernameKey(pool, name) === user.usernameKey) return true;
    const found = await this.deps.users.resolve(pool, name);
    return user.id !== null && found?.id === user.id;
  }
}

/**
 * A user imported from a CSV file (or reset by UserMigration with RESET_REQUIRED and no password): nothing
 * to check a password against, only ForgotPassword or a passwordless factor lets it in (ADR 0029).
 */
export function resetWithoutPassword(user: UserRow): boolean {
  return user.status === "RESET_REQUIRED" && !user.verifierEnc;
}

/** USERNAME as typed, bounded: no user can be named by more (usernames are at most 128 characters,
 * e-mail addresses 2048), and challenges carry the name. */
export function typedUsername(params: Record<string, string> | undefined): string {
  const typed = required(params, "USERNAME");
  if (typed.length > MAX_TYPED_USERNAME)
    throw new InvalidParameterException(`USERNAME must be at most ${MAX_TYPED_USERNAME} characters long.`);
  return typed;
}

/** SRP_A, checked as a number the SRP group accepts. */
export function srpAOf(params: Record<string, string> | undefined): Buffer {
  const srpA = required(params, "SRP_A");
  let A: Buffer;
  try {
    A = fromHex(srpA);
  } catch {
    throw new InvalidParameterException("SRP_A is not a valid hexadecimal number.");
  }
  if (!isValidSrpA(A)) throw new InvalidParameterException("SRP_A is invalid.");
  return A;
}

/**
 * PreAuthentication's context for `user`, or for the name `typed` when no user has it. (Admin)InitiateAuth
 * passes its ClientMetadata to PreAuthentication (and UserMigration) as `validationData`, not
 * `clientMetadata` (API reference, InitiateAuth ClientMetadata).
 */
export function initiateAuthTriggerContext(
  ctx: FlowContext,
  user: UserRow | undefined,
  typed: string,
): PreAuthenticationContext {
  return {
    pool: ctx.pool,
    client: ctx.client,
    ...(user ? { user } : { username: typed }),
    ...(ctx.clientMetadata ? { validationData: ctx.clientMetadata } : {}),
  };
}
