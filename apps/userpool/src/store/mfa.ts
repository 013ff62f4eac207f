/** The MFA factors a user can have on, by their challenge names. */
export type MfaFactor = "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SMS_MFA";

/** A user's MFA settings. No row reads as every factor off and no authenticator app. */
export interface UserMfaRow {
  poolId: string;
  userId: string;
  totpEnabled: boolean;
  emailEnabled: boolean;
  smsEnabled: boolean;
  preferred: MfaFactor | null;
  /** The verified authenticator-app secret (DataCrypto envelope), or null. */
  totpSecretEnc: string | null;
  /** A secret from AssociateSoftwareToken waiting for VerifySoftwareToken, or null. */
  totpPendingEnc: string | null;
  totpDeviceName: string | null;
  /** The last TOTP time step accepted (−1: none): a code of this step or an earlier one is refused. */
  totpLastStep: number;
  updatedAt: number;
}

export type MfaPreferences = Pick<UserMfaRow, "totpEnabled" | "emailEnabled" | "smsEnabled" | "preferred">;

export interface MfaStore {
  get(poolId: string, userId: string): Promise<UserMfaRow | undefined>;
  /** Sets the factors and the preferred one (creating the row if need be). */
  setPreferences(poolId: string, userId: string, p: MfaPreferences, now: number): Promise<void>;
  /** Stores a pending authenticator secret, replacing any earlier pending one (the verified one stays). */
  setPendingTotp(poolId: string, userId: string, secretEnc: string, now: number): Promise<void>;
  /**
   * Atomic: makes the pending secret `pendingEnc` the verified one (the step it was verified with
   * counts as used), if it is still the pending one; `enable` also turns TOTP MFA on. False when
   * another association or verification got there first.
   */
  activateTotp(
    poolId: string,
    userId: string,
    a: { pendingEnc: string; step: number; deviceName: string | null; enable: boolean; now: number },
  ): Promise<boolean>;
  /**
   * Atomic, one conditional statement: records `step` as used if it is later than the last step
   * used with the verified secret `secretEnc`. Of concurrent callers with one step, exactly one gets true.
   */
  useTotpStep(poolId: string, userId: string, secretEnc: string, step: number): Promise<boolean>;
  /** Removes the authenticator app: secret gone, TOTP off, no longer preferred. */
  deleteTotp(poolId: string, userId: string, now: number): Promise<void>;
}
