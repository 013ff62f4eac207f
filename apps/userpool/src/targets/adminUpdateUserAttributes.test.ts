import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminUpdateUserAttributes } from "./adminUpdateUserAttributes.js";

const p = pool();
const u = user();
const input = { UserPoolId: p.id, Username: "alice", UserAttributes: [{ Name: "email_verified", Value: "true" }] };

function setup() {
  const users = { get: vi.fn(async () => u) };
  const attributeUpdates = { update: vi.fn(async () => []) };
  const deps = fakeDeps(adminUpdateUserAttributes, { pools: { getPool: async () => p }, users, attributeUpdates });
  return { users, attributeUpdates, deps };
}

describe("AdminUpdateUserAttributes", () => {
  it("updates the named user's attributes as an administrator (no client)", async () => {
    const { users, attributeUpdates, deps } = setup();
    expect(await adminUpdateUserAttributes.handle(deps, input, ctx)).toEqual({});
    expect(users.get).toHaveBeenCalledWith(p, "alice");
    expect(attributeUpdates.update).toHaveBeenCalledWith({ pool: p, user: u, attributes: input.UserAttributes });
  });

  it("passes ClientMetadata on", async () => {
    const { attributeUpdates, deps } = setup();
    await adminUpdateUserAttributes.handle(deps, { ...input, ClientMetadata: { k: "v" } }, ctx);
    expect(attributeUpdates.update).toHaveBeenCalledWith({
      pool: p,
      user: u,
      attributes: input.UserAttributes,
      clientMetadata: { k: "v" },
    });
  });
});
