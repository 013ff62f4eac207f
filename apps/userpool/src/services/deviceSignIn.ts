/**
 * Signing in with a remembered device: DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, after the
 * password (and any MFA) step of a sign-in that sent DEVICE_KEY.
 *
 * The device proves it holds its device password with the same SRP-6a as user passwords
 * (crypto/srp.ts), the device group key standing where the pool name stands and the device key
 * where the username stands: the verifier is g^x with x = H(salt | H(groupKey | deviceKey | ":" |
 * devicePassword)) (amazon-cognito-identity-js AuthenticationHelper.generateHashDevice), and the
 * claim signature is HMAC(K, groupKey | deviceKey | SECRET_BLOCK | TIMESTAMP)
 * (CognitoUser.getDeviceResponse; Amplify's handleDeviceSRPAuth). Both steps travel in challenge
 * sessions (single use, AuthSessionValidity), so any instance can answer them.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../clock.js";
import {
  fromHex,
  isValidSrpA,
  parseSrpTimestamp,
  startServerSession,
  toHex,
  verifyClaimSignature,
} from "../crypto/srp.js";
import {
  INCORRECT_CREDENTIALS,
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { DeviceRow, UserRow } from "../store/index.js";
import type { ChallengeSessionService, ChallengeState } from "./challengeSessions.js";
import type { DeviceService } from "./devices.js";
import type { Client, Pool } from "./pools.js";
import type { UserService } from "./users.js";

interface DeviceState extends ChallengeState {
  userId: string;
  deviceKey: string;
  /** Set when the device challenge ends a custom sign-in, whose status rules differ (ADR 0017). */
  flow?: "CUSTOM_AUTH";
}

interface VerifierState extends DeviceState {
  /** K, hex. */
  key: string;
  secretBlock: string;
}

interface Ctx {
  pool: Pool;
  client: Client;
}

function required(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (v === undefined || v === null || v === "")
    throw new InvalidParameterException(`Missing required parameter ${name}`);
  return v;
}

export class DeviceSignInService {
  constructor(
    private readonly deps: {
      devices: DeviceService;
      challengeSessions: ChallengeSessionService;
      users: UserService;
      clock: Clock;
      random: Random;
    },
  ) {}

  /**
   * The device a sign-in names with DEVICE_KEY, once its password is known good: undefined when the
   * pool does not track devices or no key was sent; ResourceNotFoundException for a key that is not
   * a confirmed device of this user (amazon-cognito-identity-js then forgets its stored key and
   * answers the same challenge again without it).
   */
  async deviceFor(pool: Pool, userId: string, deviceKey: string | null | undefined): Promise<DeviceRow | undefined> {
    if (!deviceKey || !this.deps.devices.tracks(pool)) return undefined;
    return this.deps.devices.get(pool, userId, deviceKey);
  }

  /**
   * DEVICE_SRP_AUTH: the challenge that replaces tokens when the user signed in from a confirmed device.
   * `after` is the Session of the MFA challenge it follows; `flow` marks the end of a custom sign-in.
   */
  async challenge(
    ctx: Ctx,
    user: UserRow,
    device: DeviceRow,
    o: { after?: string | undefined; flow?: "CUSTOM_AUTH" } = {},
  ): Promise<{ ChallengeName: "DEVICE_SRP_AUTH"; Session: string; ChallengeParameters: Record<string, string> }> {
    const handle = await this.deps.challengeSessions.create<DeviceState>(
      "DEVICE_SRP_AUTH",
      ctx.pool,
      ctx.client,
      user.id,
      {
        username: user.username,
        userId: user.id,
        deviceKey: device.deviceKey,
        ...(o.flow ? { flow: o.flow } : {}),
      },
      ...(o.after === undefined ? [] : [followOnHandle(o.after)]),
    );
    return { ChallengeName: "DEVICE_SRP_AUTH", Session: handle.toString("base64url"), ChallengeParameters: {} };
  }

  /** Answers DEVICE_SRP_AUTH (USERNAME, DEVICE_KEY, SRP_A) with DEVICE_PASSWORD_VERIFIER: SALT, SRP_B, SECRET_BLOCK. */
  async answerSrpAuth(
    ctx: Ctx,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<{
    ChallengeName: "DEVICE_PASSWORD_VERIFIER";
    Session: string;
    ChallengeParameters: Record<string, string>;
  }> {
    if (!session) throw new InvalidParameterException("Missing required parameter Session");
    const username = required(responses, "USERNAME");
    const deviceKey = required(responses, "DEVICE_KEY");
    let A: Buffer;
    try {
      A = fromHex(required(responses, "SRP_A"));
    } catch (err) {
      if (err instanceof InvalidParameterException) throw err;
      throw new InvalidParameterException("SRP_A is not a valid hexadecimal number.");
    }
    if (!isValidSrpA(A)) throw new InvalidParameterException("SRP_A is invalid.");
    const { state } = await this.deps.challengeSessions
      .consume<DeviceState>("DEVICE_SRP_AUTH", Buffer.from(session, "base64url"), ctx.client)
      .catch((err: unknown) => {
        if (!(err instanceof NotAuthorizedException)) throw err;
        // amazon-cognito-identity-js answers the DEVICE_SRP_AUTH that follows an MFA code with the MFA
        // challenge's Session, not the one returned with DEVICE_SRP_AUTH (CognitoUser.sendMFACode →
        // getDeviceResponse); Amplify sends the new one. Both name the same single-use challenge.
        return this.deps.challengeSessions.consume<DeviceState>("DEVICE_SRP_AUTH", followOnHandle(session), ctx.client);
      });
    if (deviceKey !== state.deviceKey || !(await this.names(ctx.pool, state, username)))
      throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    const device = await this.deviceFor(ctx.pool, state.userId, deviceKey);
    if (!device) throw new ResourceNotFoundException("Device does not exist.");
    const { salt, verifier } = this.deps.devices.verifierOf(device);
    const { B, key } = startServerSession(verifier, A, (n) => this.deps.random.bytes(n));
    const secretBlock = this.deps.random.bytes(64).toString("base64");
    const handle = await this.deps.challengeSessions.create<VerifierState>(
      "DEVICE_PASSWORD_VERIFIER",
      ctx.pool,
      ctx.client,
      state.userId,
      // A null key (an A giving u = 0) is stored as random bytes: the answer then fails like a wrong one.
      { ...state, key: (key ?? this.deps.random.bytes(16)).toString("hex"), secretBlock },
    );
    return {
      ChallengeName: "DEVICE_PASSWORD_VERIFIER",
      Session: handle.toString("base64url"),
      ChallengeParameters: {
        DEVICE_KEY: deviceKey,
        SALT: toHex(salt),
        SECRET_BLOCK: secretBlock,
        SRP_B: toHex(B),
        USERNAME: state.username,
      },
    };
  }

  /**
   * Answers DEVICE_PASSWORD_VERIFIER: the session is used up first (one try per challenge), then the
   * claim signature is checked. Returns the user and device to issue tokens for.
   */
  async answerPasswordVerifier(
    ctx: Ctx,
    session: string | undefined,
    responses: Record<string, string> | undefined,
  ): Promise<{ user: UserRow; device: DeviceRow }> {
    if (!session) throw new InvalidParameterException("Missing required parameter Session");
    const username = required(responses, "USERNAME");
    const deviceKey = required(responses, "DEVICE_KEY");
    const secretBlock = required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
    const signature = required(responses, "PASSWORD_CLAIM_SIGNATURE");
    const timestamp = required(responses, "TIMESTAMP");
    if (!parseSrpTimestamp(timestamp))
      throw new InvalidParameterException("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.");
    const { state } = await this.deps.challengeSessions.consume<VerifierState>(
      "DEVICE_PASSWORD_VERIFIER",
      Buffer.from(session, "base64url"),
      ctx.client,
    );
    if (
      deviceKey !== state.deviceKey ||
      secretBlock !== state.secretBlock ||
      !(await this.names(ctx.pool, state, username))
    )
      throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    const device = await this.deviceFor(ctx.pool, state.userId, deviceKey);
    if (!device) throw new ResourceNotFoundException("Device does not exist.");
    const ok = verifyClaimSignature({
      key: Buffer.from(state.key, "hex"),
      poolName: device.groupKey,
      userId: device.deviceKey,
      secretBlock: Buffer.from(secretBlock, "base64"),
      timestamp,
      signature: Buffer.from(signature, "base64"),
    });
    if (!ok) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    const user = await this.deps.users.getById(ctx.pool, state.userId);
    if (!user) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    // FORCE_CHANGE_PASSWORD users may complete the custom flow (ADR 0017), so also on their device.
    const signsIn =
      user.status === "CONFIRMED" || (state.flow === "CUSTOM_AUTH" && user.status === "FORCE_CHANGE_PASSWORD");
    if (!signsIn) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    await this.deps.devices.touch(device);
    return { user, device };
  }

  /** Whether USERNAME (as sent) names the session's user: its username or an alias of it. */
  private async names(pool: Pool, state: DeviceState, name: string): Promise<boolean> {
    if (this.deps.users.usernameKey(pool, name) === this.deps.users.usernameKey(pool, state.username)) return true;
    return (await this.deps.users.resolve(pool, name))?.id === state.userId;
  }
}

/** The handle of the DEVICE_SRP_AUTH challenge that follows the MFA challenge whose Session is `session`. */
function followOnHandle(session: string): Buffer {
  return createHash("sha256").update("DEVICE_SRP_AUTH after MFA|").update(session).digest();
}
