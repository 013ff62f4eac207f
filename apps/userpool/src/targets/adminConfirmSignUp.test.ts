import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user, type UserRow } from "../../test/support/fakes.js";
import { adminConfirmSignUp } from "./adminConfirmSignUp.js";

const p = pool();

function setup(found: UserRow) {
  const users = {
    get: vi.fn(async () => found),
    update: vi.fn(
      async (_p: unknown, u: UserRow, patch: Partial<UserRow>): Promise<UserRow | undefined> => ({
        ...u,
        ...patch,
      }),
    ),
  };
  const triggers = { postConfirmation: vi.fn(async () => {}) };
  const deps = fakeDeps(adminConfirmSignUp, { pools: { getPool: async () => p }, users, triggers });
  return { users, triggers, deps };
}
const input = { UserPoolId: p.id, Username: "alice" };

describe("AdminConfirmSignUp", () => {
  it("confirms an unconfirmed user, only if still unconfirmed, and runs PostConfirmation", async () => {
    const unconfirmed = user({ status: "UNCONFIRMED" });
    const { users, triggers, deps } = setup(unconfirmed);
    expect(await adminConfirmSignUp.handle(deps, { ...input, ClientMetadata: { k: "v" } }, ctx)).toEqual({});
    expect(users.update).toHaveBeenCalledWith(p, unconfirmed, { status: "CONFIRMED" }, { expectStatus: "UNCONFIRMED" });
    expect(triggers.postConfirmation).toHaveBeenCalledWith({
      pool: p,
      source: "PostConfirmation_ConfirmSignUp",
      user: { ...unconfirmed, status: "CONFIRMED" },
      clientMetadata: { k: "v" },
    });
  });

  it("runs PostConfirmation without ClientMetadata when none is given", async () => {
    const { triggers, deps } = setup(user({ status: "UNCONFIRMED" }));
    await adminConfirmSignUp.handle(deps, input, ctx);
    expect(triggers.postConfirmation).toHaveBeenCalledWith(
      expect.not.objectContaining({ clientMetadata: expect.anything() }),
    );
  });

  it.each(["CONFIRMED", "FORCE_CHANGE_PASSWORD"] as const)("refuses a user in status %s", async (status) => {
    const { users, triggers, deps } = setup(user({ status }));
    await expect(adminConfirmSignUp.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: `User cannot be confirmed. Current status is ${status}`,
    });
    expect(users.update).not.toHaveBeenCalled();
    expect(triggers.postConfirmation).not.toHaveBeenCalled();
  });

  it("reports CONFIRMED when another request confirmed the user first", async () => {
    const { users, triggers, deps } = setup(user({ status: "UNCONFIRMED" }));
    users.update.mockResolvedValueOnce(undefined);
    await expect(adminConfirmSignUp.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "User cannot be confirmed. Current status is CONFIRMED",
    });
    expect(triggers.postConfirmation).not.toHaveBeenCalled();
  });
});
