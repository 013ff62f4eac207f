import { describe, expect, it, vi } from "vitest";
import type { AuthenticatedAccess } from "../services/accessTokens.js";
import { ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { setUserSettings } from "./setUserSettings.js";

const p = pool();
const u = user();
const SMS = [{ DeliveryMedium: "SMS" as const, AttributeName: "phone_number" }];

function setup(access: AuthenticatedAccess = signedIn(p, u)) {
  const accessTokens = { authenticate: vi.fn(async () => access) };
  const mfa = { setLegacyOptions: vi.fn(async () => {}) };
  return { accessTokens, mfa, deps: fakeDeps(setUserSettings, { accessTokens, mfa }) };
}

// API reference, SetUserSettings: the legacy SMS-only MFA setting, authorized by the user's access token
// with aws.cognito.signin.user.admin; MFAOptions is required.
describe("SetUserSettings", () => {
  it("hands the access token's user's MFAOptions to the MFA service", async () => {
    const { accessTokens, mfa, deps } = setup();
    expect(await setUserSettings.handle(deps, { AccessToken: "token", MFAOptions: SMS }, ctx)).toEqual({});
    expect(accessTokens.authenticate).toHaveBeenCalledWith("token");
    expect(mfa.setLegacyOptions).toHaveBeenCalledWith(p, u, SMS);
  });

  it("an empty list is passed on too (it turns SMS MFA off)", async () => {
    const { mfa, deps } = setup();
    await setUserSettings.handle(deps, { AccessToken: "token", MFAOptions: [] }, ctx);
    expect(mfa.setLegacyOptions).toHaveBeenCalledWith(p, u, []);
  });

  it("refuses a token without the self-service scope", async () => {
    const { mfa, deps } = setup(signedIn(p, u, { scope: "openid" }));
    await expect(setUserSettings.handle(deps, { AccessToken: "token", MFAOptions: SMS }, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "Access Token does not have required scopes",
    });
    expect(mfa.setLegacyOptions).not.toHaveBeenCalled();
  });

  it("needs MFAOptions, as the API reference marks it required", () => {
    expect(setUserSettings.input.safeParse({ AccessToken: "token" }).success).toBe(false);
    expect(setUserSettings.input.safeParse({ AccessToken: "token", MFAOptions: SMS }).success).toBe(true);
  });
});
