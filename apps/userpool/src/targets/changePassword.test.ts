import { describe, expect, it, vi } from "vitest";
import { INCORRECT_CREDENTIALS } from "../errors/cognitoErrors.js";
import type { AuthenticatedAccess } from "../services/accessTokens.js";
import { ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { changePassword } from "./changePassword.js";

const p = pool();
// A user with a password (the fake verifier is never decrypted here: verifyPassword is mocked).
const u = user({ srpSalt: "00", verifierEnc: "enc" });

function setup(access: AuthenticatedAccess = signedIn(p, u), previousRight = true) {
  const accessTokens = { authenticate: vi.fn(async () => access) };
  const passwords = { verifyPassword: vi.fn(() => previousRight), checkPolicy: vi.fn() };
  const quotas = { consume: vi.fn(async () => {}) };
  const accountPasswords = { replace: vi.fn(async () => u) };
  const threats = { checkNewPassword: vi.fn(async () => ({ compromised: false })), record: vi.fn(async () => {}) };
  const deps = fakeDeps(changePassword, { accessTokens, passwords, quotas, accountPasswords, threats });
  return { accessTokens, passwords, quotas, accountPasswords, threats, deps };
}
const input = { AccessToken: "token", PreviousPassword: "Old-passw0rd", ProposedPassword: "N3w-passw0rd" };

describe("ChangePassword", () => {
  it("replaces the password once the previous one is right and the new one meets the policy", async () => {
    const { accessTokens, passwords, quotas, accountPasswords, deps } = setup();
    expect(await changePassword.handle(deps, input, ctx)).toEqual({});
    expect(accessTokens.authenticate).toHaveBeenCalledWith("token");
    expect(quotas.consume).toHaveBeenCalledWith(p, `u:${u.id}`, "ChangePassword");
    expect(passwords.verifyPassword).toHaveBeenCalledWith(u, "Old-passw0rd");
    expect(passwords.checkPolicy).toHaveBeenCalledWith(p.settings.Policies.PasswordPolicy, "N3w-passw0rd", "other");
    expect(accountPasswords.replace).toHaveBeenCalledWith(p, u, "N3w-passw0rd", {});
  });

  it("checks the new password against the breach list first, and records the change", async () => {
    const { threats, accountPasswords, deps } = setup();
    await changePassword.handle(deps, input, ctx);
    expect(threats.checkNewPassword.mock.calls[0]).toEqual([
      expect.objectContaining({ pool: p }),
      "PASSWORD_CHANGE",
      "N3w-passw0rd",
    ]);
    expect(threats.record).toHaveBeenCalledWith(
      p,
      u,
      "PasswordChange",
      { ip: ctx.sourceIp, deviceName: null },
      { pass: true, compromised: false },
    );
    threats.checkNewPassword.mockRejectedValueOnce(new Error("refused"));
    accountPasswords.replace.mockClear();
    await expect(changePassword.handle(deps, input, ctx)).rejects.toThrow("refused");
    expect(accountPasswords.replace).not.toHaveBeenCalled();
  });

  it("keeps the caller's own session when the token names where it started", async () => {
    const { accountPasswords, deps } = setup(signedIn(p, u, { origin_jti: "origin-1" }));
    await changePassword.handle(deps, input, ctx);
    expect(accountPasswords.replace).toHaveBeenCalledWith(p, u, "N3w-passw0rd", { keepOrigin: "origin-1" });
  });

  it("refuses a token without the self-service scope", async () => {
    const { quotas, deps } = setup(signedIn(p, u, { scope: "openid email" }));
    await expect(changePassword.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "Access Token does not have required scopes",
    });
    expect(quotas.consume).not.toHaveBeenCalled();
  });

  it("refuses a wrong or missing previous password, after counting the call", async () => {
    const wrong = setup(signedIn(p, u), false);
    const error = { code: "NotAuthorizedException", message: INCORRECT_CREDENTIALS };
    await expect(changePassword.handle(wrong.deps, input, ctx)).rejects.toMatchObject(error);
    expect(wrong.quotas.consume).toHaveBeenCalledTimes(1);
    expect(wrong.accountPasswords.replace).not.toHaveBeenCalled();

    const missing = setup();
    const { PreviousPassword: _, ...withoutPrevious } = input;
    await expect(changePassword.handle(missing.deps, withoutPrevious, ctx)).rejects.toMatchObject(error);
    expect(missing.passwords.verifyPassword).not.toHaveBeenCalled();
    expect(missing.accountPasswords.replace).not.toHaveBeenCalled();
  });

  it("lets a user without a password (passwordless sign-up) set one without PreviousPassword", async () => {
    const none = user({ srpSalt: null, verifierEnc: null });
    const s = setup(signedIn(p, none));
    const { PreviousPassword: _, ...withoutPrevious } = input;
    expect(await changePassword.handle(s.deps, withoutPrevious, ctx)).toEqual({});
    expect(s.passwords.verifyPassword).not.toHaveBeenCalled();
    expect(s.passwords.checkPolicy).toHaveBeenCalledWith(p.settings.Policies.PasswordPolicy, "N3w-passw0rd", "other");
    expect(s.accountPasswords.replace).toHaveBeenCalledWith(p, none, "N3w-passw0rd", {});
    // A federated user has no password either, and still cannot set one this way.
    const external = setup(signedIn(p, user({ status: "EXTERNAL_PROVIDER" })));
    await expect(changePassword.handle(external.deps, withoutPrevious, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
    });
    expect(external.accountPasswords.replace).not.toHaveBeenCalled();
  });
});
