/**
 * Remembered devices ("Working with user devices in your user pool", Amazon Cognito developer guide;
 * API reference: ConfirmDevice, ListDevices, GetDevice, ForgetDevice, UpdateDeviceStatus and their
 * Admin versions, DeviceConfigurationType).
 *
 * A pool tracks devices when its DeviceConfiguration has any member set. Every API sign-in without a
 * device then gets NewDeviceMetadata: a device key ("<region>_<uuid>") and a device group key, stored
 * here as an unconfirmed device bound to that sign-in. ConfirmDevice stores the SRP verifier the
 * client derived from a random device password (encrypted like the password verifier); from then on
 * the device signs in with DEVICE_SRP_AUTH (deviceSignIn.ts) and its sessions' refresh tokens
 * require its DEVICE_KEY. Unconfirmed devices are not listed and are deleted by Housekeeping after a
 * day, when every access token that could have confirmed them has expired.
 */
import type { DeviceType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import { isValidSrpA } from "../crypto/srp.js";
import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { DeviceRow, DeviceStatus, Store, UserRow } from "../store/index.js";
import { validitySeconds } from "./poolSettings.js";
import type { Client, Pool } from "./pools.js";
import type { RevocationService } from "./revocation.js";

/** Access tokens live at most a day: after that an unconfirmed device can no longer be confirmed. */
export const UNCONFIRMED_DEVICE_MS = 86_400_000;
const NOT_FOUND = "Device does not exist.";
const INVALID_REFRESH = "Invalid Refresh Token";

const deviceAad = (poolId: string, deviceKey: string) => `device-verifier|${poolId}|${deviceKey}`;

export interface NewDeviceMetadata {
  DeviceKey: string;
  DeviceGroupKey: string;
}

export class DeviceService {
  constructor(
    private readonly deps: {
      store: Store;
      crypto: DataCrypto;
      clock: Clock;
      random: Random;
      revocation: RevocationService;
    },
  ) {}

  /** Whether the pool remembers devices: any DeviceConfiguration member turns it on (DeviceConfigurationType). */
  tracks(pool: Pool): boolean {
    const c = pool.settings.DeviceConfiguration;
    return !!c && (c.ChallengeRequiredOnNewDevice !== undefined || c.DeviceOnlyRememberedOnUserPrompt !== undefined);
  }

  /**
   * Whether signing in with `deviceKey` skips the MFA challenge. ChallengeRequiredOnNewDevice true
   * means "a remembered device can sign in with device authentication instead of SMS and TOTP
   * factors"; devices not confirmed or not remembered still need the second factor
   * (DeviceConfigurationType). The one function the MFA core (mfa/core) calls before it issues an
   * MFA challenge.
   */
  async skipsMfa(pool: Pool, user: UserRow, deviceKey: string | undefined): Promise<boolean> {
    if (!deviceKey || !this.tracks(pool) || pool.settings.DeviceConfiguration?.ChallengeRequiredOnNewDevice !== true)
      return false;
    const d = await this.deps.store.devices.get(pool.id, deviceKey);
    return !!d && d.userId === user.id && d.confirmedAt !== null && d.status === "remembered";
  }

  /** NewDeviceMetadata for a sign-in without a device: a new unconfirmed device of `user`. */
  async issue(pool: Pool, user: UserRow): Promise<NewDeviceMetadata> {
    const now = this.deps.clock.now().getTime();
    const deviceKey = `${pool.settings.Region}_${this.deps.random.uuid()}`;
    // Cognito's group keys are opaque short strings; the client hashes it as the "pool name" of the
    // device's SRP verifier, so it only has to be stable per device.
    const groupKey = `-${this.deps.random.bytes(8).toString("base64url")}`;
    await this.deps.store.devices.insert({
      deviceKey,
      poolId: pool.id,
      userId: user.id,
      groupKey,
      name: null,
      status: "not_remembered",
      salt: null,
      verifierEnc: null,
      lastIp: null,
      createdAt: now,
      updatedAt: now,
      lastAuthenticatedAt: now,
      confirmedAt: null,
    });
    return { DeviceKey: deviceKey, DeviceGroupKey: groupKey };
  }

  /** Binds a sign-in (its origin_jti) to the device it was made with, until its refresh tokens expire. */
  async bindSession(pool: Pool, client: Client, deviceKey: string, originJti: string): Promise<void> {
    const s = client.settings;
    const expiresAt =
      this.deps.clock.now().getTime() +
      validitySeconds(s.RefreshTokenValidity, s.TokenValidityUnits.RefreshToken) * 1000;
    await this.deps.store.devices.bindSession({ originJti, poolId: pool.id, deviceKey, expiresAt });
  }

  /**
   * ConfirmDevice: stores the verifier (PasswordVerifier and Salt are base64 of the big-endian
   * numbers, as amazon-cognito-identity-js and Amplify send them). UserConfirmationNecessary is
   * DeviceOnlyRememberedOnUserPrompt: when true the device stays not_remembered until the user
   * opts in with UpdateDeviceStatus; when false it is remembered at once (ConfirmDevice response).
   */
  async confirm(
    pool: Pool,
    user: UserRow,
    i: { deviceKey: string; passwordVerifier?: string; salt?: string; name?: string; ip?: string },
  ): Promise<{ UserConfirmationNecessary: boolean }> {
    if (!this.tracks(pool)) throw new InvalidParameterException("Device tracking is not enabled for this user pool.");
    if (!i.passwordVerifier || !i.salt)
      throw new InvalidParameterException("DeviceSecretVerifierConfig with PasswordVerifier and Salt is required.");
    const verifier = Buffer.from(i.passwordVerifier, "base64");
    const salt = Buffer.from(i.salt, "base64");
    // A verifier outside 1..N-1 (or of 0 bytes) would make every device proof trivially wrong or, for
    // v = 0 mod N, trivially right: refused up front.
    if (!isValidSrpA(verifier)) throw new InvalidParameterException("PasswordVerifier is invalid.");
    if (salt.length === 0 || salt.length > 64) throw new InvalidParameterException("Salt is invalid.");
    const prompt = pool.settings.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
    const ok = await this.deps.store.devices.confirm(pool.id, user.id, i.deviceKey, {
      name: i.name ?? null,
      status: prompt ? "not_remembered" : "remembered",
      salt: salt.toString("hex"),
      verifierEnc: this.deps.crypto.encrypt(verifier, deviceAad(pool.id, i.deviceKey)),
      ip: i.ip ?? null,
      now: this.deps.clock.now().getTime(),
    });
    if (!ok) {
      const d = await this.deps.store.devices.get(pool.id, i.deviceKey);
      if (d && d.userId === user.id) throw new NotAuthorizedException("Device has already been confirmed.");
      throw new ResourceNotFoundException(NOT_FOUND);
    }
    return { UserConfirmationNecessary: prompt };
  }

  /** A confirmed device of `user`; ResourceNotFoundException otherwise (another user's device included). */
  async get(pool: Pool, userId: string, deviceKey: string): Promise<DeviceRow> {
    const d = await this.deps.store.devices.get(pool.id, deviceKey);
    if (!d || d.userId !== userId || d.confirmedAt === null) throw new ResourceNotFoundException(NOT_FOUND);
    return d;
  }

  /** The device's salt and verifier, for DEVICE_PASSWORD_VERIFIER. */
  verifierOf(d: DeviceRow): { salt: Buffer; verifier: Buffer } {
    if (!d.verifierEnc || !d.salt) throw new ResourceNotFoundException(NOT_FOUND);
    return {
      salt: Buffer.from(d.salt, "hex"),
      verifier: this.deps.crypto.decrypt(d.verifierEnc, deviceAad(d.poolId, d.deviceKey)),
    };
  }

  async touch(d: DeviceRow, ip?: string): Promise<void> {
    await this.deps.store.devices.touch(d.poolId, d.deviceKey, this.deps.clock.now().getTime(), ip ?? null);
  }

  /** ListDevices / AdminListDevices: confirmed devices by key; the token is the last key, opaque to clients. */
  async list(
    pool: Pool,
    user: UserRow,
    limit: number | undefined,
    token: string | undefined,
  ): Promise<{ Devices: DeviceType[]; PaginationToken?: string }> {
    let after: string | undefined;
    if (token !== undefined) {
      after = Buffer.from(token, "base64url").toString("utf8");
      if (!after || Buffer.from(after, "utf8").toString("base64url") !== token)
        throw new InvalidParameterException("Invalid PaginationToken.");
    }
    const n = limit ?? 60;
    const rows = await this.deps.store.devices.listConfirmed(pool.id, user.id, n + 1, after);
    const page = rows.slice(0, n);
    const last = rows.length > n ? page[page.length - 1] : undefined;
    return {
      Devices: page.map((d) => this.toDeviceType(d)),
      ...(last ? { PaginationToken: Buffer.from(last.deviceKey, "utf8").toString("base64url") } : {}),
    };
  }

  async setStatus(pool: Pool, user: UserRow, deviceKey: string, status: DeviceStatus): Promise<void> {
    if (
      !(await this.deps.store.devices.setStatus(pool.id, user.id, deviceKey, status, this.deps.clock.now().getTime()))
    )
      throw new ResourceNotFoundException(NOT_FOUND);
  }

  /**
   * ForgetDevice / AdminForgetDevice: the device is deleted, so it can no longer sign in with
   * DEVICE_SRP_AUTH, and the sessions made with it end (their refresh tokens require this device,
   * and their access tokens are revoked with them).
   */
  async forget(pool: Pool, user: UserRow, deviceKey: string): Promise<void> {
    const sessions = await this.deps.store.devices.delete(pool.id, user.id, deviceKey);
    if (!sessions) throw new ResourceNotFoundException(NOT_FOUND);
    for (const s of sessions)
      await this.deps.revocation.revokeOrigin({
        poolId: pool.id,
        originJti: s.originJti,
        userId: user.id,
        tokensExpireAt: s.expiresAt,
      });
  }

  /**
   * A refresh of a session made with a device requires that device's DEVICE_KEY, and the device must
   * be confirmed and still there (repost.aws, "Invalid refresh token" in Cognito: device not confirmed,
   * DEVICE_KEY missing). Returns the device key for the refreshed access token's device_key claim.
   */
  async checkRefresh(
    pool: Pool,
    originJti: string,
    userId: string,
    deviceKey: string | undefined,
  ): Promise<string | undefined> {
    if (!this.tracks(pool)) return undefined;
    const bound = await this.deps.store.devices.sessionDevice(originJti);
    if (!bound) {
      // A session made without a device (hosted UI, or before the pool tracked devices): a
      // DEVICE_KEY sent with it must still name one of the user's devices.
      if (deviceKey === undefined) return undefined;
      const d = await this.deps.store.devices.get(pool.id, deviceKey);
      if (!d || d.userId !== userId) throw new NotAuthorizedException(INVALID_REFRESH);
      return undefined;
    }
    if (deviceKey !== bound.deviceKey) throw new NotAuthorizedException(INVALID_REFRESH);
    const d = await this.deps.store.devices.get(pool.id, deviceKey);
    if (!d || d.userId !== userId || d.confirmedAt === null) throw new NotAuthorizedException(INVALID_REFRESH);
    return deviceKey;
  }

  /** DeviceType as Cognito returns it: device_status, device_name and last_ip_used as DeviceAttributes. */
  toDeviceType(d: DeviceRow): DeviceType {
    const attributes = [
      { Name: "device_status", Value: d.status },
      ...(d.name !== null ? [{ Name: "device_name", Value: d.name }] : []),
      ...(d.lastIp !== null ? [{ Name: "last_ip_used", Value: d.lastIp }] : []),
    ];
    return {
      DeviceKey: d.deviceKey,
      DeviceAttributes: attributes,
      DeviceCreateDate: new Date(d.createdAt),
      DeviceLastModifiedDate: new Date(d.updatedAt),
      ...(d.lastAuthenticatedAt !== null ? { DeviceLastAuthenticatedDate: new Date(d.lastAuthenticatedAt) } : {}),
    };
  }
}
