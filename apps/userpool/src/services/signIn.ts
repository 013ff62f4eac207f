/**
 * Sign-in flows shared by InitiateAuth / AdminInitiateAuth and RespondToAuthChallenge /
 * AdminRespondToAuthChallenge: SRP (USER_SRP_AUTH → PASSWORD_VERIFIER), password
 * (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH) and NEW_PASSWORD_REQUIRED.
 */
import { createHash } from "node:crypto";
import type { AuthenticationResultType, ChallengeNameType } from "@aws-sdk/client-cognito-identity-provider";
import { epochSeconds, type Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { createServerEphemeral, fromHex, isValidSrpA, parseSrpTimestamp, toHex, verifyClientProof } from "../crypto/srp.js";
import {
  INCORRECT_CREDENTIALS,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { GroupRow, UserRow } from "../store/index.js";
import { parseAttributes } from "./attributes.js";
import { checkSecretHash } from "./clientAuth.js";
import type { PasswordService } from "./passwords.js";
import { srpPoolName, type Client, type Pool, type PoolService } from "./pools.js";
import type { LockoutService } from "./lockout.js";
import type { ChallengeState, SessionService, SrpState } from "./sessions.js";
import type { TokenService } from "./tokens.js";
import type { Triggers } from "./triggers.js";
import type { UserExistenceService } from "./userExistence.js";
import { migrateUser } from "./userMigration.js";
import type { UserService } from "./users.js";

export interface AuthResponse {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}

interface FlowContext {
  pool: Pool;
  client: Client;
  clientMetadata?: Record<string, string>;
}

type Deps = {
  pools: PoolService;
  users: UserService;
  passwords: PasswordService;
  sessions: SessionService;
  tokens: TokenService;
  triggers: Triggers;
  crypto: DataCrypto;
  clock: Clock;
  random: Random;
  lockout: LockoutService;
  existence: UserExistenceService;
};

const DAY_MS = 86_400_000;

function required(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (v === undefined || v === "") throw new InvalidParameterException(`Missing required parameter ${name}`);
  return v;
}

export class SignInService {
  constructor(private readonly deps: Deps) {}

  /** USER_SRP_AUTH: answers PASSWORD_VERIFIER with salt, B and a SECRET_BLOCK naming the stored session. */
  async startSrp(ctx: FlowContext, params: Record<string, string> | undefined): Promise<AuthResponse> {
    const typed = required(params, "USERNAME");
    const srpA = required(params, "SRP_A");
    let A: Buffer;
    try {
      A = fromHex(srpA);
    } catch {
      throw new InvalidParameterException("SRP_A is not a valid hexadecimal number.");
    }
    if (!isValidSrpA(A)) throw new InvalidParameterException("SRP_A is invalid.");
    const user = await this.deps.users.resolve(ctx.pool, typed);
    checkSecretHash(this.deps.pools, ctx.client, user ? [typed, user.username] : [typed], params?.SECRET_HASH);

    const verifier = user ? this.deps.passwords.verifierOf(user) : undefined;
    if (!user || !verifier || !user.srpSalt) {
      if (!user && ctx.client.settings.PreventUserExistenceErrors !== "ENABLED") throw new UserNotFoundException("User does not exist.");
      return this.simulatedSrpChallenge(ctx, typed, A);
    }
    await this.deps.triggers.preAuthentication(initiateAuthTriggerContext(ctx, user));
    const { b, B } = createServerEphemeral(verifier, (n) => this.deps.random.bytes(n));
    const state: SrpState = { username: user.username, b: toHex(b), B: toHex(B), A: toHex(A) };
    const handle = await this.deps.sessions.create("SRP", ctx.pool, ctx.client, user.id, state);
    return {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: {
        SALT: user.srpSalt,
        SECRET_BLOCK: handle.toString("base64"),
        SRP_B: toHex(B),
        USERNAME: user.username,
        USER_ID_FOR_SRP: user.username,
      },
    };
  }

  /**
   * PreventUserExistenceErrors ENABLED: an unknown user gets a challenge indistinguishable from a
   * real one (stable salt, a fresh B computed with the same exponentiation) and fails later with
   * the same NotAuthorizedException a wrong password gets.
   */
  private async simulatedSrpChallenge(ctx: FlowContext, typed: string, A: Buffer): Promise<AuthResponse> {
    const key = this.deps.users.usernameKey(ctx.pool, typed);
    const { salt, verifier } = this.deps.existence.fakeSrpCredentials(ctx.pool, key);
    const { b, B } = createServerEphemeral(verifier, (n) => this.deps.random.bytes(n));
    // With e-mail/phone as username a real USER_ID_FOR_SRP is a UUID; echoing the typed name would give the game away.
    const username = ctx.pool.settings.UsernameAttributes?.length ? fakeUuid(this.deps.crypto.mac("fake-username", ctx.pool.id, key)) : typed;
    const state: SrpState = { username, b: toHex(b), B: toHex(B), A: toHex(A), unknownUser: true, unknownKey: key, v: toHex(verifier) };
    const handle = await this.deps.sessions.create("SRP", ctx.pool, ctx.client, null, state);
    return {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: { SALT: toHex(salt), SECRET_BLOCK: handle.toString("base64"), SRP_B: toHex(B), USERNAME: username, USER_ID_FOR_SRP: username },
    };
  }

  /** (Admin)RespondToAuthChallenge: the challenges this server issues. */
  answerChallenge(ctx: FlowContext, name: string | undefined, session: string | undefined, responses: Record<string, string> | undefined): Promise<AuthResponse> {
    switch (name) {
      case "PASSWORD_VERIFIER":
        return this.answerPasswordVerifier(ctx, responses);
      case "NEW_PASSWORD_REQUIRED":
        return this.answerNewPassword(ctx, session, responses);
      default:
        throw new InvalidParameterException(`Challenge ${name} is not supported by this server.`);
    }
  }

  /** PASSWORD_VERIFIER: checks PASSWORD_CLAIM_SIGNATURE against the stored session (single use). */
  async answerPasswordVerifier(ctx: FlowContext, responses: Record<string, string> | undefined): Promise<AuthResponse> {
    const username = required(responses, "USERNAME");
    const secretBlock = required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
    const signature = required(responses, "PASSWORD_CLAIM_SIGNATURE");
    const timestamp = required(responses, "TIMESTAMP");
    // The timestamp is signed by the client, so only its format matters here; freshness comes from
    // the session, which is single use and expires after AuthSessionValidity.
    if (!parseSrpTimestamp(timestamp)) throw new InvalidParameterException("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.");
    const { row, state } = await this.deps.sessions.consume<SrpState>("SRP", Buffer.from(secretBlock, "base64"), ctx.client);
    const proof = { poolName: srpPoolName(ctx.pool.id), userId: state.username, A: fromHex(state.A), B: fromHex(state.B), b: fromHex(state.b), secretBlock: Buffer.from(secretBlock, "base64"), timestamp, signature: Buffer.from(signature, "base64") };
    if (state.unknownUser || !row.userId) {
      // An unknown name is locked out like a user, and its answer costs a real proof check (against the
      // fake verifier of its challenge), so neither the lockout nor the timing tells it apart.
      await this.deps.users.resolve(ctx.pool, username);
      if (state.v) verifyClientProof({ ...proof, salt: Buffer.alloc(16), verifier: fromHex(state.v) });
      throw await this.deps.lockout.failure(ctx.pool, this.deps.existence.unknownSubject(ctx.pool, state.unknownKey ?? username));
    }
    const found = await this.deps.users.getByIdWithGroups(ctx.pool, row.userId);
    if (!found || !(await this.sameUser(ctx.pool, found.user, username))) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    const { user, groups } = found;
    checkSecretHash(this.deps.pools, ctx.client, [username, user.username], responses?.SECRET_HASH);
    const verifier = this.deps.passwords.verifierOf(user);
    const ok =
      !!verifier &&
      !!user.srpSalt &&
      verifyClientProof({
        poolName: srpPoolName(ctx.pool.id),
        userId: state.username,
        salt: Buffer.from(user.srpSalt, "hex"),
        verifier,
        A: fromHex(state.A),
        B: fromHex(state.B),
        b: fromHex(state.b),
        secretBlock: Buffer.from(secretBlock, "base64"),
        timestamp,
        signature: Buffer.from(signature, "base64"),
      });
    // Lockout (developer guide, "Authentication flow"): the verdict and the count in one statement.
    await this.deps.lockout.settle(ctx.pool, this.deps.lockout.subjectOf(user.id), ok);
    return this.afterCredentials(ctx, user, groups);
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
    if (!user) {
      if (ctx.client.settings.PreventUserExistenceErrors !== "ENABLED") throw new UserNotFoundException("User does not exist.");
      // Same lockout and cost as a real check, so neither tells unknown users apart.
      this.deps.passwords.simulateUnknownUser(ctx.pool.id, this.deps.users.usernameKey(ctx.pool, typed), password);
      throw await this.deps.lockout.failure(ctx.pool, this.deps.existence.unknownSubject(ctx.pool, typed));
    }
    await this.deps.triggers.preAuthentication(initiateAuthTriggerContext(ctx, user));
    await this.deps.lockout.settle(ctx.pool, this.deps.lockout.subjectOf(user.id), this.deps.passwords.verifyPassword(user, password));
    // Tokens come straight out of (Admin)InitiateAuth here, which gives its ClientMetadata to no later trigger.
    return this.afterCredentials({ pool: ctx.pool, client: ctx.client }, user);
  }

  /** NEW_PASSWORD_REQUIRED: sets the permanent password (and any attributes sent) and signs the user in. */
  async answerNewPassword(ctx: FlowContext, session: string | undefined, responses: Record<string, string> | undefined): Promise<AuthResponse> {
    if (!session) throw new InvalidParameterException("Missing required parameter Session");
    const username = required(responses, "USERNAME");
    const newPassword = required(responses, "NEW_PASSWORD");
    const handle = Buffer.from(session, "base64url");
    const { row } = await this.deps.sessions.peek<ChallengeState>("NEW_PASSWORD_REQUIRED", handle, ctx.client);
    const user = row.userId ? await this.deps.users.getById(ctx.pool, row.userId) : undefined;
    if (!user || !(await this.sameUser(ctx.pool, user, username))) throw new NotAuthorizedException("Invalid session for the user.");
    checkSecretHash(this.deps.pools, ctx.client, [username, user.username], responses?.SECRET_HASH);
    this.deps.passwords.checkPolicy(ctx.pool.settings.Policies.PasswordPolicy, newPassword);
    const attributeList = Object.entries(responses ?? {})
      .filter(([k]) => k.startsWith("userAttributes."))
      .map(([k, v]) => ({ Name: k.slice("userAttributes.".length), Value: v }));
    const attributes = parseAttributes(ctx.pool, attributeList, { writer: ctx.client, allowVerifiedFlags: false });
    // Checks passed: only now use the session up, so a rejected password can be retried.
    await this.deps.sessions.consume("NEW_PASSWORD_REQUIRED", handle, ctx.client);
    const credentials = this.deps.passwords.createCredentials(ctx.pool.id, user.id, user.username, newPassword);
    const updated = await this.deps.users.update(
      ctx.pool,
      user,
      { status: "CONFIRMED", attributes: { ...user.attributes, ...attributes }, srpSalt: credentials.srpSalt, verifierEnc: credentials.verifierEnc, passwordSetAt: this.deps.clock.now().getTime() },
      { expectStatus: "FORCE_CHANGE_PASSWORD" },
    );
    if (!updated) throw new NotAuthorizedException("Invalid session for the user.");
    return this.issue(ctx, updated, "TokenGeneration_NewPasswordChallenge");
  }

  /** The user passed the credential check: apply Cognito's status rules, then tokens or a challenge. */
  private async afterCredentials(ctx: FlowContext, user: UserRow, groups?: readonly GroupRow[]): Promise<AuthResponse> {
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    switch (user.status) {
      case "UNCONFIRMED":
        throw new UserNotConfirmedException("User is not confirmed.");
      case "RESET_REQUIRED":
        throw new PasswordResetRequiredException("Password reset required for the user");
      case "FORCE_CHANGE_PASSWORD": {
        const days = ctx.pool.settings.Policies.PasswordPolicy.TemporaryPasswordValidityDays;
        if (user.passwordSetAt !== null && this.deps.clock.now().getTime() > user.passwordSetAt + days * DAY_MS) {
          throw new NotAuthorizedException("Temporary password has expired and must be reset by an administrator.");
        }
        const handle = await this.deps.sessions.create<ChallengeState>("NEW_PASSWORD_REQUIRED", ctx.pool, ctx.client, user.id, { username: user.username });
        const { sub: _sub, ...visible } = user.attributes;
        return {
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: handle.toString("base64url"),
          ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: "[]", userAttributes: JSON.stringify(visible) },
        };
      }
      case "CONFIRMED":
        break;
      default:
        throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    }
    await this.deps.triggers.postAuthentication({ ...ctx, user, newDeviceUsed: false });
    return this.issue(ctx, user, "TokenGeneration_Authentication", groups);
  }

  private async issue(ctx: FlowContext, user: UserRow, source: "TokenGeneration_Authentication" | "TokenGeneration_NewPasswordChallenge", groups?: readonly GroupRow[]): Promise<AuthResponse> {
    const result = await this.deps.tokens.issueTokenSet({
      pool: ctx.pool,
      client: ctx.client,
      user,
      ...(groups ? { groups } : {}),
      source,
      authTime: epochSeconds(this.deps.clock.now()),
      withRefreshToken: true,
      ...(ctx.clientMetadata ? { clientMetadata: ctx.clientMetadata } : {}),
    });
    return { ChallengeParameters: {}, AuthenticationResult: result };
  }

  /** Whether `name` (as the client sent it) names `user`: the stored username or one of its aliases. */
  private async sameUser(pool: Pool, user: UserRow, name: string): Promise<boolean> {
    if (this.deps.users.usernameKey(pool, name) === user.usernameKey) return true;
    return (await this.deps.users.resolve(pool, name))?.id === user.id;
  }
}

/**
 * (Admin)InitiateAuth passes its ClientMetadata to PreAuthentication (and UserMigration) as
 * `validationData`, not `clientMetadata` (API reference, InitiateAuth ClientMetadata).
 */
function initiateAuthTriggerContext(ctx: FlowContext, user: UserRow) {
  return { pool: ctx.pool, client: ctx.client, user, ...(ctx.clientMetadata ? { validationData: ctx.clientMetadata } : {}) };
}

/** Formats 16 bytes of a MAC as a UUID v4 string. */
function fakeUuid(mac: string): string {
  const h = createHash("sha256").update(mac).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
