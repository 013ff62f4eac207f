import { describe, expect, it, vi } from "vitest";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { AuthenticatedAccess } from "../services/accessTokens.js";
import { ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { setUserMFAPreference } from "./setUserMFAPreference.js";

const p = pool();
const u = user();

function setup(access: AuthenticatedAccess | (() => never) = signedIn(p, u)) {
  const accessTokens = { authenticate: vi.fn(async () => (typeof access === "function" ? access() : access)) };
  const mfa = { setPreference: vi.fn(async () => {}) };
  return { accessTokens, mfa, deps: fakeDeps(setUserMFAPreference, { accessTokens, mfa }) };
}

// API reference, SetUserMFAPreference: authorized by the user's access token with aws.cognito.signin.user.admin.
describe("SetUserMFAPreference", () => {
  it("sets the access token's user's preference, factor by factor", async () => {
    const { accessTokens, mfa, deps } = setup();
    const req = {
      AccessToken: "token",
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      EmailMfaSettings: { Enabled: false },
      SMSMfaSettings: { Enabled: true },
    };
    expect(await setUserMFAPreference.handle(deps, req, ctx)).toEqual({});
    expect(accessTokens.authenticate).toHaveBeenCalledWith("token");
    expect(mfa.setPreference).toHaveBeenCalledWith(p, u, {
      SOFTWARE_TOKEN_MFA: { Enabled: true, PreferredMfa: true },
      EMAIL_OTP: { Enabled: false },
      SMS_MFA: { Enabled: true },
    });
  });

  it("passes on only the factors the request names", async () => {
    const { mfa, deps } = setup();
    await setUserMFAPreference.handle(deps, { AccessToken: "token", EmailMfaSettings: { PreferredMfa: true } }, ctx);
    expect(mfa.setPreference).toHaveBeenCalledWith(p, u, { EMAIL_OTP: { PreferredMfa: true } });
  });

  it("refuses a token without the self-service scope", async () => {
    const { mfa, deps } = setup(signedIn(p, u, { scope: "openid email" }));
    await expect(
      setUserMFAPreference.handle(deps, { AccessToken: "token", EmailMfaSettings: { Enabled: true } }, ctx),
    ).rejects.toMatchObject({ code: "NotAuthorizedException", message: "Access Token does not have required scopes" });
    expect(mfa.setPreference).not.toHaveBeenCalled();
  });

  it("passes on a refused token", async () => {
    const { mfa, deps } = setup(() => {
      throw new NotAuthorizedException("Invalid Access Token");
    });
    await expect(
      setUserMFAPreference.handle(deps, { AccessToken: "token", EmailMfaSettings: { Enabled: true } }, ctx),
    ).rejects.toMatchObject({ code: "NotAuthorizedException", message: "Invalid Access Token" });
    expect(mfa.setPreference).not.toHaveBeenCalled();
  });

  it("refuses passkey settings by name, before reading the token", async () => {
    const { accessTokens, mfa, deps } = setup();
    await expect(
      setUserMFAPreference.handle(deps, { AccessToken: "token", WebAuthnMfaSettings: { Enabled: true } }, ctx),
    ).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "WebAuthnMfaSettings is not supported by this server.",
    });
    expect(accessTokens.authenticate).not.toHaveBeenCalled();
    expect(mfa.setPreference).not.toHaveBeenCalled();
  });

  it("passes on the MFA service's refusal", async () => {
    const { mfa, deps } = setup();
    mfa.setPreference.mockRejectedValueOnce(new InvalidParameterException("User has not verified software token mfa"));
    await expect(
      setUserMFAPreference.handle(deps, { AccessToken: "token", SoftwareTokenMfaSettings: { Enabled: true } }, ctx),
    ).rejects.toMatchObject({ code: "InvalidParameterException", message: "User has not verified software token mfa" });
  });
});
