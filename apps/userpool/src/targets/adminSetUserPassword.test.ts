import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminSetUserPassword } from "./adminSetUserPassword.js";

const p = pool();
const u = user();

function setup() {
  const passwords = { checkPolicy: vi.fn() };
  const accountPasswords = { replace: vi.fn(async () => u) };
  const deps = fakeDeps(adminSetUserPassword, {
    pools: { getPool: async () => p },
    users: { get: async () => u },
    passwords,
    accountPasswords,
  });
  return { passwords, accountPasswords, deps };
}
const input = { UserPoolId: p.id, Username: "alice", Password: "N3w-passw0rd" };

describe("AdminSetUserPassword", () => {
  it("sets a permanent password that signs in normally", async () => {
    const { passwords, accountPasswords, deps } = setup();
    expect(await adminSetUserPassword.handle(deps, { ...input, Permanent: true }, ctx)).toEqual({});
    expect(passwords.checkPolicy).toHaveBeenCalledWith(p.settings.Policies.PasswordPolicy, "N3w-passw0rd", "other");
    expect(accountPasswords.replace).toHaveBeenCalledWith(p, u, "N3w-passw0rd", { status: "CONFIRMED" });
  });

  it.each([false, undefined])("sets a temporary password when Permanent is %s", async (Permanent) => {
    const { accountPasswords, deps } = setup();
    await adminSetUserPassword.handle(deps, { ...input, ...(Permanent === undefined ? {} : { Permanent }) }, ctx);
    expect(accountPasswords.replace).toHaveBeenCalledWith(p, u, "N3w-passw0rd", { status: "FORCE_CHANGE_PASSWORD" });
  });

  it("changes nothing when the password breaks the policy", async () => {
    const { passwords, accountPasswords, deps } = setup();
    passwords.checkPolicy.mockImplementationOnce(() => {
      throw new Error("policy");
    });
    await expect(adminSetUserPassword.handle(deps, input, ctx)).rejects.toThrow("policy");
    expect(accountPasswords.replace).not.toHaveBeenCalled();
  });
});
