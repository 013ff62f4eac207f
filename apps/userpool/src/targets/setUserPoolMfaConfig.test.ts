import { describe, expect, it, vi } from "vitest";
import { MFA_ALL_OFF } from "../services/mfa/poolConfig.js";
import type { PoolSettings } from "../services/poolSettings.js";
import type { Pool } from "../services/pools.js";
import { ctx, fakeDeps, pool, TEST_SMS_CONFIGURATION } from "../../test/support/fakes.js";
import { setUserPoolMfaConfig } from "./setUserPoolMfaConfig.js";

const ownSender = { EmailConfiguration: { EmailSendingAccount: "DEVELOPER" as const } };

/** The handler over a fake pool store that keeps what replaceSettings is given. */
function setup(p: Pool) {
  const pools = {
    getPool: vi.fn(async () => p),
    replaceSettings: vi.fn(async (q: Pool, settings: PoolSettings) => ({ ...q, settings })),
  };
  return { pools, deps: fakeDeps(setUserPoolMfaConfig, { pools }) };
}

// API reference, SetUserPoolMfaConfig: the factor members, and the refusals Cognito documents or answers.
describe("SetUserPoolMfaConfig", () => {
  it("turns factors on and answers the pool's new MFA configuration", async () => {
    const p = pool({ ...ownSender, SmsConfiguration: TEST_SMS_CONFIGURATION });
    const { pools, deps } = setup(p);
    const req = {
      UserPoolId: p.id,
      MfaConfiguration: "OPTIONAL" as const,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: "Code", Message: "Your code is {####}." },
      SmsMfaConfiguration: { SmsAuthenticationMessage: "Code {####}" },
    };
    expect(await setUserPoolMfaConfig.handle(deps, req, ctx)).toEqual({
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: "Code", Message: "Your code is {####}." },
      SmsMfaConfiguration: { SmsAuthenticationMessage: "Code {####}", SmsConfiguration: TEST_SMS_CONFIGURATION },
    });
    expect(pools.replaceSettings).toHaveBeenCalledOnce();
  });

  it("keeps MfaConfiguration when left out, and turns off a factor left out", async () => {
    const p = pool({ ...ownSender });
    const { deps } = setup({
      ...p,
      settings: {
        ...p.settings,
        MfaConfiguration: "OPTIONAL",
        MfaFactors: { SoftwareToken: true, Sms: false, Email: {} },
      },
    });
    expect(
      await setUserPoolMfaConfig.handle(
        deps,
        { UserPoolId: p.id, SoftwareTokenMfaConfiguration: { Enabled: true } },
        ctx,
      ),
    ).toEqual({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } });
  });

  it.each([
    ["ON with every factor off", {}, { MfaConfiguration: "ON" }, "InvalidParameterException", MFA_ALL_OFF],
    [
      "OPTIONAL with the app turned off",
      {},
      { MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: false } },
      "InvalidParameterException",
      MFA_ALL_OFF,
    ],
    [
      "SMS MFA without an SNS role",
      {},
      { MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: { SmsAuthenticationMessage: "Code {####}" } },
      "InvalidParameterException",
      "SmsConfiguration with an SnsCallerArn is required to turn on SMS MFA.",
    ],
    [
      "e-mail MFA with Cognito's own sender",
      {},
      { MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: {} },
      "InvalidParameterException",
      "EmailMfaConfiguration requires EmailConfiguration.EmailSendingAccount DEVELOPER (the pool's own sender).",
    ],
    [
      "e-mail MFA on the Lite plan",
      { ...ownSender, UserPoolTier: "LITE" as const },
      { MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: {} },
      "FeatureUnavailableInTierException",
      "Email MFA requires the Essentials or Plus feature plan.",
    ],
    [
      "passkeys as MFA",
      {},
      { WebAuthnConfiguration: { FactorConfiguration: "MULTI_FACTOR_WITH_USER_VERIFICATION" } },
      "InvalidParameterException",
      "WebAuthnConfiguration.FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION (passkeys as MFA) is not " +
        "supported by this server. Use SINGLE_FACTOR.",
    ],
    [
      "a relying party ID with a scheme",
      {},
      { WebAuthnConfiguration: { RelyingPartyId: "https://example.com" } },
      "InvalidParameterException",
      'WebAuthnConfiguration.RelyingPartyId "https://example.com" must be a domain name in lower case (such as ' +
        "auth.example.com or localhost), without a scheme, port or path, and not an IP address.",
    ],
    [
      "passkeys on the Lite plan",
      { UserPoolTier: "LITE" as const },
      { WebAuthnConfiguration: { RelyingPartyId: "example.com" } },
      "FeatureUnavailableInTierException",
      "Passkeys require the Essentials or Plus feature plan.",
    ],
  ])("refuses %s and stores nothing", async (_what, settings, req, code, message) => {
    const p = pool(settings);
    const { pools, deps } = setup(p);
    await expect(setUserPoolMfaConfig.handle(deps, { UserPoolId: p.id, ...req } as never, ctx)).rejects.toMatchObject({
      code,
      message,
    });
    expect(pools.replaceSettings).not.toHaveBeenCalled();
  });
});
