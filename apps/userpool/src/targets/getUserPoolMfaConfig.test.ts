import { describe, expect, it } from "vitest";
import { ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool, TEST_SMS_CONFIGURATION } from "../../test/support/fakes.js";
import { getUserPoolMfaConfig } from "./getUserPoolMfaConfig.js";

// API reference, GetUserPoolMfaConfig: MfaConfiguration and the factor members that are on.
describe("GetUserPoolMfaConfig", () => {
  it("answers OFF with the app off for a pool with no MFA set up", async () => {
    const p = pool();
    const deps = fakeDeps(getUserPoolMfaConfig, { pools: { getPool: async () => p } });
    expect(await getUserPoolMfaConfig.handle(deps, { UserPoolId: p.id }, ctx)).toEqual({
      MfaConfiguration: "OFF",
      SoftwareTokenMfaConfiguration: { Enabled: false },
    });
  });

  it("answers each factor that is on, with its message and sender", async () => {
    const p = pool({ SmsConfiguration: TEST_SMS_CONFIGURATION, SmsAuthenticationMessage: "Code {####}" });
    const on = {
      ...p,
      settings: {
        ...p.settings,
        MfaConfiguration: "ON" as const,
        MfaFactors: { SoftwareToken: true, Sms: true, Email: { Subject: "Code" } },
      },
    };
    const deps = fakeDeps(getUserPoolMfaConfig, { pools: { getPool: async () => on } });
    expect(await getUserPoolMfaConfig.handle(deps, { UserPoolId: p.id }, ctx)).toEqual({
      MfaConfiguration: "ON",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      SmsMfaConfiguration: { SmsAuthenticationMessage: "Code {####}", SmsConfiguration: TEST_SMS_CONFIGURATION },
      EmailMfaConfiguration: { Subject: "Code" },
    });
  });

  it("passes on the pools service's ResourceNotFoundException", async () => {
    const deps = fakeDeps(getUserPoolMfaConfig, {
      pools: {
        getPool: async () => {
          throw new ResourceNotFoundException();
        },
      },
    });
    await expect(getUserPoolMfaConfig.handle(deps, { UserPoolId: "us-east-1_NoSuchPoo" }, ctx)).rejects.toMatchObject({
      code: "ResourceNotFoundException",
    });
  });
});
