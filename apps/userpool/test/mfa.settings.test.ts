/**
 * The MFA settings operations' handlers (SetUserPoolMfaConfig, GetUserPoolMfaConfig,
 * (Admin)SetUserMFAPreference, (Admin)SetUserSettings) with the real services on every engine: the
 * refusals that live in the MFA service and the store, which the handler tests beside each
 * operation (src/targets/*.test.ts, fakes only) pass on without judging.
 * API reference: SetUserMFAPreference, AdminSetUserMFAPreference, SetUserSettings, MFAOptionType.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../src/protocol/target.js";
import { MFA_ALL_OFF } from "../src/services/mfa/poolConfig.js";
import { adminSetUserMFAPreference } from "../src/targets/adminSetUserMFAPreference.js";
import { adminSetUserSettings } from "../src/targets/adminSetUserSettings.js";
import { getUserPoolMfaConfig } from "../src/targets/getUserPoolMfaConfig.js";
import { setUserMFAPreference } from "../src/targets/setUserMFAPreference.js";
import { setUserPoolMfaConfig } from "../src/targets/setUserPoolMfaConfig.js";
import { setUserSettings } from "../src/targets/setUserSettings.js";
import { testEngines } from "./support/engines.js";
import { createMfaPool, type MfaServicesFixture, mfaServicesOn, TEST_SMS_CONFIGURATION } from "./support/mfa.js";

const ctx: RequestContext = { requestId: "req-1", sourceIp: "203.0.113.7" };
const SMS_OPTION = [{ DeliveryMedium: "SMS" as const, AttributeName: "phone_number" }];

describe.each(testEngines())("MFA settings with the real services on $name", (engine) => {
  let f: MfaServicesFixture;
  beforeAll(async () => {
    f = await mfaServicesOn(engine);
  });
  afterAll(async () => {
    await f?.up.stop();
  });
  const factorsOf = async (u: Awaited<ReturnType<MfaServicesFixture["user"]>>) =>
    f.up.services.mfa.describe(await f.pool(), u);

  describe("SetUserPoolMfaConfig / GetUserPoolMfaConfig", () => {
    it("a new pool has MFA off; what Set answers is stored and Get reads it", async () => {
      const fresh = await f.up.services.pools.createPool(
        "fresh",
        { EmailConfiguration: { EmailSendingAccount: "DEVELOPER" } },
        { region: "us-east-1" },
      );
      const UserPoolId = fresh.id;
      expect(await getUserPoolMfaConfig.handle(f.up.services, { UserPoolId }, ctx)).toEqual({
        MfaConfiguration: "OFF",
        SoftwareTokenMfaConfiguration: { Enabled: false },
      });
      const set = await setUserPoolMfaConfig.handle(
        f.up.services,
        { UserPoolId, MfaConfiguration: "ON", EmailMfaConfiguration: { Subject: "Code" } },
        ctx,
      );
      expect(set).toEqual({
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: false },
        EmailMfaConfiguration: { Subject: "Code" },
      });
      expect(await getUserPoolMfaConfig.handle(f.up.services, { UserPoolId }, ctx)).toEqual(set);
    });

    it("a refused configuration leaves the stored one as it was", async () => {
      const before = await getUserPoolMfaConfig.handle(f.up.services, { UserPoolId: f.poolId }, ctx);
      expect(before).toMatchObject({ SmsMfaConfiguration: { SmsConfiguration: TEST_SMS_CONFIGURATION } });
      await expect(
        setUserPoolMfaConfig.handle(
          f.up.services,
          { UserPoolId: f.poolId, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: false } },
          ctx,
        ),
      ).rejects.toMatchObject({ code: "InvalidParameterException", message: MFA_ALL_OFF });
      expect(await getUserPoolMfaConfig.handle(f.up.services, { UserPoolId: f.poolId }, ctx)).toEqual(before);
    });

    it("an unknown pool is ResourceNotFoundException for both", async () => {
      const UserPoolId = "us-east-1_NoSuchPoo";
      await expect(getUserPoolMfaConfig.handle(f.up.services, { UserPoolId }, ctx)).rejects.toMatchObject({
        code: "ResourceNotFoundException",
      });
      await expect(
        setUserPoolMfaConfig.handle(f.up.services, { UserPoolId, MfaConfiguration: "OFF" }, ctx),
      ).rejects.toMatchObject({ code: "ResourceNotFoundException" });
    });
  });

  describe("SetUserMFAPreference", () => {
    it("turns on a verified authenticator app and makes it preferred", async () => {
      const u = await f.user();
      const AccessToken = await f.accessToken(u);
      await f.withTotp(u);
      const req = { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } };
      expect(await setUserMFAPreference.handle(f.up.services, req, ctx)).toEqual({});
      expect(await factorsOf(u)).toEqual({
        UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
        PreferredMfaSetting: "SOFTWARE_TOKEN_MFA",
      });
    });

    it("refuses the authenticator app before one is verified", async () => {
      const u = await f.user();
      const AccessToken = await f.accessToken(u);
      await expect(
        setUserMFAPreference.handle(f.up.services, { AccessToken, SoftwareTokenMfaSettings: { Enabled: true } }, ctx),
      ).rejects.toMatchObject({
        code: "InvalidParameterException",
        message: "User has not verified software token mfa",
      });
      expect(await factorsOf(u)).toEqual({ UserMFASettingList: [] });
    });

    it("refuses a factor preferred and turned off at once", async () => {
      const u = await f.user();
      const AccessToken = await f.accessToken(u);
      await expect(
        setUserMFAPreference.handle(
          f.up.services,
          { AccessToken, EmailMfaSettings: { Enabled: false, PreferredMfa: true } },
          ctx,
        ),
      ).rejects.toMatchObject({ code: "InvalidParameterException" });
    });

    it("refuses a token that is not one of the pool's", async () => {
      await expect(
        setUserMFAPreference.handle(
          f.up.services,
          { AccessToken: "not-a-token", EmailMfaSettings: { Enabled: true } },
          ctx,
        ),
      ).rejects.toMatchObject({ code: "NotAuthorizedException" });
    });
  });

  describe("AdminSetUserMFAPreference", () => {
    it("turns on e-mail MFA, prefers it, and turning it off clears the preference", async () => {
      const u = await f.user();
      const base = { UserPoolId: f.poolId, Username: u.username };
      await adminSetUserMFAPreference.handle(
        f.up.services,
        { ...base, EmailMfaSettings: { Enabled: true, PreferredMfa: true } },
        ctx,
      );
      expect(await factorsOf(u)).toEqual({ UserMFASettingList: ["EMAIL_OTP"], PreferredMfaSetting: "EMAIL_OTP" });
      await adminSetUserMFAPreference.handle(f.up.services, { ...base, EmailMfaSettings: { Enabled: false } }, ctx);
      expect(await factorsOf(u)).toEqual({ UserMFASettingList: [] });
    });

    it("refuses SMS MFA for a user without a phone number", async () => {
      const u = await f.user();
      await expect(
        adminSetUserMFAPreference.handle(
          f.up.services,
          { UserPoolId: f.poolId, Username: u.username, SMSMfaSettings: { Enabled: true } },
          ctx,
        ),
      ).rejects.toMatchObject({
        code: "InvalidParameterException",
        message: "User does not have delivery config set to turn on SMS_MFA",
      });
    });

    it("refuses a factor the pool has not turned on", async () => {
      const other = await createMfaPool(f.admin, "OPTIONAL");
      const u = await f.user({ poolId: other.poolId, phone: true });
      await expect(
        adminSetUserMFAPreference.handle(
          f.up.services,
          { UserPoolId: other.poolId, Username: u.username, SMSMfaSettings: { Enabled: true } },
          ctx,
        ),
      ).rejects.toMatchObject({
        code: "InvalidParameterException",
        message: "SMS_MFA is not enabled in the user pool.",
      });
    });

    it("an unknown user is UserNotFoundException, an unknown pool ResourceNotFoundException", async () => {
      const settings = { EmailMfaSettings: { Enabled: true } };
      await expect(
        adminSetUserMFAPreference.handle(f.up.services, { UserPoolId: f.poolId, Username: "nobody", ...settings }, ctx),
      ).rejects.toMatchObject({ code: "UserNotFoundException" });
      await expect(
        adminSetUserMFAPreference.handle(
          f.up.services,
          { UserPoolId: "us-east-1_NoSuchPoo", Username: "nobody", ...settings },
          ctx,
        ),
      ).rejects.toMatchObject({ code: "ResourceNotFoundException" });
    });
  });

  describe("SetUserSettings", () => {
    it("SMS to phone_number turns SMS MFA on, an empty list turns it off", async () => {
      const u = await f.user({ phone: true });
      const AccessToken = await f.accessToken(u);
      expect(await setUserSettings.handle(f.up.services, { AccessToken, MFAOptions: SMS_OPTION }, ctx)).toEqual({});
      expect(await factorsOf(u)).toEqual({ UserMFASettingList: ["SMS_MFA"] });
      expect(await f.up.services.mfa.legacyOptions(await f.pool(), u)).toEqual(SMS_OPTION);
      await setUserSettings.handle(f.up.services, { AccessToken, MFAOptions: [] }, ctx);
      expect(await factorsOf(u)).toEqual({ UserMFASettingList: [] });
    });

    it.each([
      [[{ DeliveryMedium: "EMAIL" as const, AttributeName: "email" }]],
      [[{ DeliveryMedium: "SMS" as const, AttributeName: "email" }]],
    ])("refuses anything but SMS to phone_number (%j)", async (MFAOptions) => {
      const u = await f.user({ phone: true });
      const AccessToken = await f.accessToken(u);
      await expect(setUserSettings.handle(f.up.services, { AccessToken, MFAOptions }, ctx)).rejects.toMatchObject({
        code: "InvalidParameterException",
        message: "MFAOptions can only name SMS delivery to phone_number.",
      });
      expect(await factorsOf(u)).toEqual({ UserMFASettingList: [] });
    });
  });

  describe("AdminSetUserSettings", () => {
    it("turns SMS MFA on for the named user", async () => {
      const u = await f.user({ phone: true });
      await adminSetUserSettings.handle(
        f.up.services,
        { UserPoolId: f.poolId, Username: u.username, MFAOptions: SMS_OPTION },
        ctx,
      );
      expect(await factorsOf(u)).toEqual({ UserMFASettingList: ["SMS_MFA"] });
    });

    it("refuses a user without a phone number, and an unknown user", async () => {
      const u = await f.user();
      await expect(
        adminSetUserSettings.handle(
          f.up.services,
          { UserPoolId: f.poolId, Username: u.username, MFAOptions: SMS_OPTION },
          ctx,
        ),
      ).rejects.toMatchObject({
        code: "InvalidParameterException",
        message: "User does not have delivery config set to turn on SMS_MFA",
      });
      await expect(
        adminSetUserSettings.handle(f.up.services, { UserPoolId: f.poolId, Username: "nobody", MFAOptions: [] }, ctx),
      ).rejects.toMatchObject({ code: "UserNotFoundException" });
    });
  });
});
