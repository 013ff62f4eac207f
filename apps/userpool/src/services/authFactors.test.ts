/** ConfiguredUserAuthFactors: what the user has set up, as far as the pool allows it. */
import { describe, expect, it } from "vitest";
import { pool, user } from "../../test/support/fakes.js";
import type { UserRow } from "../store/index.js";
import { userAuthFactors } from "./authFactors.js";
import type { MfaService } from "./mfa/mfaService.js";
import type { PasswordService } from "./passwords.js";
import type { Pool } from "./pools.js";
import type { WebAuthnService } from "./webAuthn.js";

const deps = (o: { mfa?: string[]; preferred?: string; password?: boolean; passkeys?: number }) => ({
  mfa: {
    describe: async () => ({
      UserMFASettingList: o.mfa ?? [],
      ...(o.preferred ? { PreferredMfaSetting: o.preferred } : {}),
    }),
  } as unknown as MfaService,
  passwords: { verifierOf: () => (o.password === false ? undefined : Buffer.from("v")) } as unknown as PasswordService,
  webAuthn: {
    enabled: (p: Pool) => p.settings.Policies.SignInPolicy?.AllowedFirstAuthFactors.includes("WEB_AUTHN") ?? false,
    count: async () => o.passkeys ?? 0,
  } as unknown as WebAuthnService,
});

const all = pool({
  Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"] } },
  EmailConfiguration: { EmailSendingAccount: "DEVELOPER" },
  SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sns", ExternalId: "x" },
});
const verified: Partial<UserRow> = {
  attributes: { sub: "s", email: "a@example.com", email_verified: "true", phone_number_verified: "true" },
};

describe("userAuthFactors", () => {
  it("names every first factor the user can use, and its MFA", async () => {
    const r = await userAuthFactors(deps({ passkeys: 1, mfa: ["SOFTWARE_TOKEN_MFA"] }), all, user(verified));
    expect(r).toEqual({
      Username: "alice",
      UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
      ConfiguredUserAuthFactors: ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN", "SOFTWARE_TOKEN"],
    });
  });

  it("leaves out what the pool does not allow or the user lacks", async () => {
    const plain = pool();
    expect((await userAuthFactors(deps({ passkeys: 2 }), plain, user(verified))).ConfiguredUserAuthFactors).toEqual([
      "PASSWORD",
    ]);
    expect((await userAuthFactors(deps({ password: false }), all, user())).ConfiguredUserAuthFactors).toEqual([]);
  });

  it("names e-mail and SMS codes set up as MFA even when they are no first factor", async () => {
    const r = await userAuthFactors(deps({ mfa: ["EMAIL_OTP", "SMS_MFA"], preferred: "EMAIL_OTP" }), pool(), user());
    expect(r.ConfiguredUserAuthFactors).toEqual(["PASSWORD", "EMAIL_OTP", "SMS_OTP"]);
    expect(r.PreferredMfaSetting).toBe("EMAIL_OTP");
  });
});
