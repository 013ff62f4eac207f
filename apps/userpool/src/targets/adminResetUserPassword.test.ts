import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminResetUserPassword } from "./adminResetUserPassword.js";

const u = user();

function setup(revokeSessions: boolean) {
  const p = pool({ RevokeSessionsOnPasswordChange: revokeSessions });
  const passwordReset = { adminResetUserPassword: vi.fn(async () => {}) };
  const revocation = { endOtherSessions: vi.fn(async () => {}) };
  const deps = fakeDeps(adminResetUserPassword, {
    pools: { getPool: async () => p },
    users: { get: async () => u },
    passwordReset,
    revocation,
  });
  return { p, passwordReset, revocation, deps };
}

describe("AdminResetUserPassword", () => {
  it("starts the reset and leaves sessions alone by default, as Cognito", async () => {
    const { p, passwordReset, revocation, deps } = setup(false);
    expect(await adminResetUserPassword.handle(deps, { UserPoolId: p.id, Username: "alice" }, ctx)).toEqual({});
    expect(passwordReset.adminResetUserPassword).toHaveBeenCalledWith({ pool: p, user: u });
    expect(revocation.endOtherSessions).not.toHaveBeenCalled();
  });

  it("ends the user's sessions when the pool asks for it, and passes ClientMetadata on", async () => {
    const { p, passwordReset, revocation, deps } = setup(true);
    await adminResetUserPassword.handle(deps, { UserPoolId: p.id, Username: "alice", ClientMetadata: { k: "v" } }, ctx);
    expect(passwordReset.adminResetUserPassword).toHaveBeenCalledWith({ pool: p, user: u, clientMetadata: { k: "v" } });
    expect(revocation.endOtherSessions).toHaveBeenCalledWith(p, u);
  });
});
