import { describe, expect, it, vi } from "vitest";
import { ResourceNotFoundException, UserNotFoundException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminSetUserMFAPreference } from "./adminSetUserMFAPreference.js";

const p = pool();
const u = user();

function setup() {
  const pools = { getPool: vi.fn(async () => p) };
  const users = { get: vi.fn(async () => u) };
  const mfa = { setPreference: vi.fn(async () => {}) };
  return { pools, users, mfa, deps: fakeDeps(adminSetUserMFAPreference, { pools, users, mfa }) };
}

// API reference, AdminSetUserMFAPreference: the same settings as SetUserMFAPreference, for a named user.
describe("AdminSetUserMFAPreference", () => {
  it("sets the named user's preference, factor by factor", async () => {
    const { pools, users, mfa, deps } = setup();
    const req = {
      UserPoolId: p.id,
      Username: "alice",
      SoftwareTokenMfaSettings: { Enabled: true },
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    };
    expect(await adminSetUserMFAPreference.handle(deps, req, ctx)).toEqual({});
    expect(pools.getPool).toHaveBeenCalledWith(p.id);
    expect(users.get).toHaveBeenCalledWith(p, "alice");
    expect(mfa.setPreference).toHaveBeenCalledWith(p, u, {
      SOFTWARE_TOKEN_MFA: { Enabled: true },
      EMAIL_OTP: { Enabled: true, PreferredMfa: true },
    });
  });

  it("an unknown user is UserNotFoundException, and nothing is set", async () => {
    const { users, mfa, deps } = setup();
    users.get.mockRejectedValueOnce(new UserNotFoundException());
    await expect(
      adminSetUserMFAPreference.handle(
        deps,
        { UserPoolId: p.id, Username: "nobody", SMSMfaSettings: { Enabled: true } },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "UserNotFoundException" });
    expect(mfa.setPreference).not.toHaveBeenCalled();
  });

  it("an unknown pool is ResourceNotFoundException", async () => {
    const { pools, users, deps } = setup();
    pools.getPool.mockRejectedValueOnce(new ResourceNotFoundException());
    await expect(
      adminSetUserMFAPreference.handle(deps, { UserPoolId: "us-east-1_NoSuchPoo", Username: "alice" }, ctx),
    ).rejects.toMatchObject({ code: "ResourceNotFoundException" });
    expect(users.get).not.toHaveBeenCalled();
  });

  it("refuses passkey settings by name, before looking anything up", async () => {
    const { pools, mfa, deps } = setup();
    await expect(
      adminSetUserMFAPreference.handle(
        deps,
        { UserPoolId: p.id, Username: "alice", WebAuthnMfaSettings: { Enabled: true } },
        ctx,
      ),
    ).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "WebAuthnMfaSettings is not supported by this server.",
    });
    expect(pools.getPool).not.toHaveBeenCalled();
    expect(mfa.setPreference).not.toHaveBeenCalled();
  });
});
