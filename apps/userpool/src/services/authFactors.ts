/**
 * GetUserAuthFactors / AdminGetUserAuthFactors: the user's MFA settings as GetUser shows them, and
 * ConfiguredUserAuthFactors, the factors it has set up (API reference, GetUserAuthFactors): PASSWORD with a
 * password; EMAIL_OTP / SMS_OTP when the pool allows them as a first factor and the address is verified, or
 * when they are the user's MFA; WEB_AUTHN with a passkey while the pool allows passkeys; SOFTWARE_TOKEN with
 * TOTP MFA on.
 */
import type { AuthFactorType } from "@aws-sdk/client-cognito-identity-provider";
import type { UserRow } from "../store/index.js";
import type { MfaService } from "./mfa/mfaService.js";
import type { PasswordService } from "./passwords.js";
import { firstAuthFactors } from "./poolSettings.js";
import type { Pool } from "./pools.js";
import type { WebAuthnService } from "./webAuthn.js";

export async function userAuthFactors(
  deps: { mfa: MfaService; passwords: PasswordService; webAuthn: WebAuthnService },
  pool: Pool,
  user: UserRow,
): Promise<{
  Username: string;
  PreferredMfaSetting?: string;
  UserMFASettingList: string[];
  ConfiguredUserAuthFactors: AuthFactorType[];
}> {
  const mfa = await deps.mfa.describe(pool, user);
  const first = firstAuthFactors(pool.settings);
  const verified = (flag: string) => user.status !== "EXTERNAL_PROVIDER" && user.attributes[flag] === "true";
  const factors: AuthFactorType[] = [];
  if (deps.passwords.verifierOf(user)) factors.push("PASSWORD");
  if ((first.includes("EMAIL_OTP") && verified("email_verified")) || mfa.UserMFASettingList.includes("EMAIL_OTP"))
    factors.push("EMAIL_OTP");
  if ((first.includes("SMS_OTP") && verified("phone_number_verified")) || mfa.UserMFASettingList.includes("SMS_MFA"))
    factors.push("SMS_OTP");
  if (deps.webAuthn.enabled(pool) && (await deps.webAuthn.count(pool, user)) > 0) factors.push("WEB_AUTHN");
  if (mfa.UserMFASettingList.includes("SOFTWARE_TOKEN_MFA")) factors.push("SOFTWARE_TOKEN");
  return { Username: user.username, ...mfa, ConfiguredUserAuthFactors: factors };
}
