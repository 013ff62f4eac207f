import { describe, expect, it, vi } from "vitest";
import { client, ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { confirmForgotPassword } from "./confirmForgotPassword.js";

const p = pool();
const c = client();

function setup() {
  const passwordReset = { confirmForgotPassword: vi.fn(async () => user()) };
  const threats = { checkNewPassword: vi.fn(async () => ({ compromised: false })), record: vi.fn(async () => {}) };
  const deps = fakeDeps(confirmForgotPassword, {
    pools: { getClient: async () => c, getPool: async () => p },
    passwordReset,
    threats,
  });
  return { deps, passwordReset, threats };
}
const base = { ClientId: c.id, Username: "alice", ConfirmationCode: "123456", Password: "N3w-passw0rd" };

describe("ConfirmForgotPassword", () => {
  it("a password the breach list refuses is refused before the code is used", async () => {
    const { deps, passwordReset, threats } = setup();
    threats.checkNewPassword.mockRejectedValueOnce(new Error("refused"));
    await expect(confirmForgotPassword.handle(deps, base, ctx)).rejects.toThrow("refused");
    expect(threats.checkNewPassword).toHaveBeenCalledWith(
      { pool: p, clientId: c.id },
      "PASSWORD_CHANGE",
      "N3w-passw0rd",
    );
    expect(passwordReset.confirmForgotPassword).not.toHaveBeenCalled();
  });

  it("sets the new password with the code", async () => {
    const { deps, passwordReset } = setup();
    expect(await confirmForgotPassword.handle(deps, base, ctx)).toEqual({});
    expect(passwordReset.confirmForgotPassword).toHaveBeenCalledWith({
      pool: p,
      client: c,
      username: "alice",
      code: "123456",
      password: "N3w-passw0rd",
    });
  });

  it("passes the secret hash and ClientMetadata on", async () => {
    const { deps, passwordReset } = setup();
    await confirmForgotPassword.handle(deps, { ...base, SecretHash: "hash", ClientMetadata: { k: "v" } }, ctx);
    expect(passwordReset.confirmForgotPassword).toHaveBeenCalledWith(
      expect.objectContaining({ secretHash: "hash", clientMetadata: { k: "v" } }),
    );
  });
});
