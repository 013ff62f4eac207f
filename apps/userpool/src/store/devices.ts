/** Remembered devices (services/devices.ts) and the sign-ins bound to them. */
export type DeviceStatus = "remembered" | "not_remembered";

export interface DeviceRow {
  deviceKey: string;
  poolId: string;
  userId: string;
  groupKey: string;
  name: string | null;
  status: DeviceStatus;
  /** Hex of the salt the client chose at ConfirmDevice; null until confirmed. */
  salt: string | null;
  /** The device's SRP verifier (DataCrypto envelope); null until confirmed. */
  verifierEnc: string | null;
  lastIp: string | null;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt: number | null;
  confirmedAt: number | null;
}

export interface DeviceSessionRow {
  originJti: string;
  poolId: string;
  deviceKey: string;
  /** When the session's last refresh token expires; housekeeping deletes the row after that. */
  expiresAt: number;
}

export interface DeviceStore {
  insert(d: DeviceRow): Promise<void>;
  get(poolId: string, deviceKey: string): Promise<DeviceRow | undefined>;
  /** A user's confirmed devices ordered by key, `limit` of them after `afterKey`. */
  listConfirmed(poolId: string, userId: string, limit: number, afterKey?: string): Promise<DeviceRow[]>;
  /**
   * Stores the verifier of an unconfirmed device of `userId`; false when the device is not that
   * user's or is already confirmed (a device key is confirmed once).
   */
  confirm(
    poolId: string,
    userId: string,
    deviceKey: string,
    c: { name: string | null; status: DeviceStatus; salt: string; verifierEnc: string; ip: string | null; now: number },
  ): Promise<boolean>;
  /** Sets the remembered status of a confirmed device of `userId`; false when there is none. */
  setStatus(poolId: string, userId: string, deviceKey: string, status: DeviceStatus, now: number): Promise<boolean>;
  /** Records a sign-in with the device. */
  touch(poolId: string, deviceKey: string, now: number, ip: string | null): Promise<void>;
  /**
   * Deletes a device of `userId` with its session bindings; returns those bindings, or undefined when
   * the user has no such device.
   */
  delete(poolId: string, userId: string, deviceKey: string): Promise<DeviceSessionRow[] | undefined>;
  bindSession(s: DeviceSessionRow): Promise<void>;
  /** The device a sign-in was made with, if any. */
  sessionDevice(originJti: string): Promise<DeviceSessionRow | undefined>;
  /** Deletes unconfirmed devices created at or before `before` and session bindings expired at or before `now`. */
  purgeExpired(now: number, unconfirmedBefore: number): Promise<number>;
}
