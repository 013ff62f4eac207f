import { describe, expect, it, vi } from "vitest";
import { UserNotFoundException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminDeleteSoftwareToken } from "./adminDeleteSoftwareToken.js";

const p = pool();
const u = user();

describe("AdminDeleteSoftwareToken", () => {
  it("deletes the named user's authenticator app", async () => {
    const mfa = { deleteSoftwareToken: vi.fn(async () => {}) };
    const users = { get: vi.fn(async () => u) };
    const deps = fakeDeps(adminDeleteSoftwareToken, { pools: { getPool: async () => p }, mfa, users });
    expect(await adminDeleteSoftwareToken.handle(deps, { UserPoolId: p.id, Username: u.username }, ctx)).toEqual({});
    expect(users.get).toHaveBeenCalledWith(p, u.username);
    expect(mfa.deleteSoftwareToken).toHaveBeenCalledWith(p, u);
  });

  it("an unknown user is refused before anything is deleted", async () => {
    const mfa = { deleteSoftwareToken: vi.fn(async () => {}) };
    const users = {
      get: vi.fn(async () => {
        throw new UserNotFoundException();
      }),
    };
    const deps = fakeDeps(adminDeleteSoftwareToken, { pools: { getPool: async () => p }, mfa, users });
    await expect(
      adminDeleteSoftwareToken.handle(deps, { UserPoolId: p.id, Username: "nobody" }, ctx),
    ).rejects.toMatchObject({ code: "UserNotFoundException" });
    expect(mfa.deleteSoftwareToken).not.toHaveBeenCalled();
  });
});
