import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { associateSoftwareToken } from "./associateSoftwareToken.js";
import { verifySoftwareToken } from "./verifySoftwareToken.js";

const p = pool();
const u = user();
const SESSION = "s".repeat(40);

function setup() {
  const accessTokens = { authenticate: vi.fn(async () => signedIn(p, u)) };
  const mfa = {
    associate: vi.fn(async () => "SECRET"),
    associateInSetup: vi.fn(async () => ({ secret: "SECRET", session: "next-session" })),
    verify: vi.fn(async () => {}),
    verifyInSetup: vi.fn(async () => "verified-session"),
  };
  return { accessTokens, mfa };
}

describe("AssociateSoftwareToken", () => {
  it("answers a secret for the access token's user", async () => {
    const { accessTokens, mfa } = setup();
    const deps = fakeDeps(associateSoftwareToken, { accessTokens, mfa });
    expect(await associateSoftwareToken.handle(deps, { AccessToken: "token" }, ctx)).toEqual({ SecretCode: "SECRET" });
    expect(mfa.associate).toHaveBeenCalledWith(p, u);
  });

  it("answers a secret and a new Session for an MFA_SETUP Session", async () => {
    const { accessTokens, mfa } = setup();
    const deps = fakeDeps(associateSoftwareToken, { accessTokens, mfa });
    expect(await associateSoftwareToken.handle(deps, { Session: SESSION }, ctx)).toEqual({
      SecretCode: "SECRET",
      Session: "next-session",
    });
    expect(accessTokens.authenticate).not.toHaveBeenCalled();
  });

  it("wants exactly one of AccessToken and Session", async () => {
    const deps = fakeDeps(associateSoftwareToken, setup());
    for (const req of [{}, { AccessToken: "token", Session: SESSION }])
      await expect(associateSoftwareToken.handle(deps, req, ctx)).rejects.toMatchObject({
        code: "InvalidParameterException",
      });
  });
});

describe("VerifySoftwareToken", () => {
  it("verifies for the access token's user without turning TOTP MFA on", async () => {
    const { accessTokens, mfa } = setup();
    const deps = fakeDeps(verifySoftwareToken, { accessTokens, mfa });
    const req = { AccessToken: "token", UserCode: "123456", FriendlyDeviceName: "phone" };
    expect(await verifySoftwareToken.handle(deps, req, ctx)).toEqual({ Status: "SUCCESS" });
    expect(mfa.verify).toHaveBeenCalledWith(p, u, "123456", "phone", false);
  });

  it("answers the Session that answers MFA_SETUP", async () => {
    const { accessTokens, mfa } = setup();
    const deps = fakeDeps(verifySoftwareToken, { accessTokens, mfa });
    expect(await verifySoftwareToken.handle(deps, { Session: SESSION, UserCode: "123456" }, ctx)).toEqual({
      Status: "SUCCESS",
      Session: "verified-session",
    });
    expect(mfa.verifyInSetup).toHaveBeenCalledWith(SESSION, "123456", undefined);
  });

  it("wants exactly one of AccessToken and Session", async () => {
    const deps = fakeDeps(verifySoftwareToken, setup());
    await expect(verifySoftwareToken.handle(deps, { UserCode: "123456" }, ctx)).rejects.toMatchObject({
      code: "InvalidParameterException",
    });
  });
});
