import { describe, expect, it, vi } from "vitest";
import { UserNotFoundException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminSetUserSettings } from "./adminSetUserSettings.js";

const p = pool();
const u = user();
const SMS = [{ DeliveryMedium: "SMS" as const, AttributeName: "phone_number" }];

function setup() {
  const pools = { getPool: vi.fn(async () => p) };
  const users = { get: vi.fn(async () => u) };
  const mfa = { setLegacyOptions: vi.fn(async () => {}) };
  return { pools, users, mfa, deps: fakeDeps(adminSetUserSettings, { pools, users, mfa }) };
}

// API reference, AdminSetUserSettings: the legacy SMS-only MFA setting for a named user.
describe("AdminSetUserSettings", () => {
  it("hands the named user's MFAOptions to the MFA service", async () => {
    const { users, mfa, deps } = setup();
    expect(
      await adminSetUserSettings.handle(deps, { UserPoolId: p.id, Username: "alice", MFAOptions: SMS }, ctx),
    ).toEqual({});
    expect(users.get).toHaveBeenCalledWith(p, "alice");
    expect(mfa.setLegacyOptions).toHaveBeenCalledWith(p, u, SMS);
  });

  it("an unknown user is UserNotFoundException, and nothing is set", async () => {
    const { users, mfa, deps } = setup();
    users.get.mockRejectedValueOnce(new UserNotFoundException());
    await expect(
      adminSetUserSettings.handle(deps, { UserPoolId: p.id, Username: "nobody", MFAOptions: [] }, ctx),
    ).rejects.toMatchObject({ code: "UserNotFoundException" });
    expect(mfa.setLegacyOptions).not.toHaveBeenCalled();
  });

  it("needs MFAOptions, and takes only SMS or EMAIL as DeliveryMedium", () => {
    const base = { UserPoolId: p.id, Username: "alice" };
    expect(adminSetUserSettings.input.safeParse(base).success).toBe(false);
    expect(adminSetUserSettings.input.safeParse({ ...base, MFAOptions: [{ DeliveryMedium: "VOICE" }] }).success).toBe(
      false,
    );
  });
});
