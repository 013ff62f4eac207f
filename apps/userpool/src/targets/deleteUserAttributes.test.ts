import { describe, expect, it, vi } from "vitest";
import type { Client } from "../services/pools.js";
import { CLIENT_ID, client, ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { deleteUserAttributes } from "./deleteUserAttributes.js";

const p = pool();
const c = client();
const u = user();
const input = { AccessToken: "token", UserAttributeNames: ["name"] };

function setup(found: Client | undefined, claims = signedIn(p, u).claims) {
  const pools = { findClient: vi.fn(async () => found) };
  const attributeUpdates = { delete: vi.fn(async () => undefined) };
  const deps = fakeDeps(deleteUserAttributes, {
    accessTokens: { authenticate: async () => ({ pool: p, user: u, mfa: undefined, claims }) },
    pools,
    attributeUpdates,
  });
  return { pools, attributeUpdates, deps };
}

describe("DeleteUserAttributes", () => {
  it("acts for the signed-in user through the client that issued the token", async () => {
    const { pools, attributeUpdates, deps } = setup(c);
    expect(await deleteUserAttributes.handle(deps, input, ctx)).toEqual({});
    expect(pools.findClient).toHaveBeenCalledWith(CLIENT_ID);
    expect(attributeUpdates.delete).toHaveBeenCalledWith({ pool: p, user: u, client: c, names: ["name"] });
  });

  it.each([
    ["is gone", undefined],
    ["belongs to another pool", client({}, "us-east-1_OtherPool")],
  ])("refuses the token when its client %s", async (_, found) => {
    const { attributeUpdates, deps } = setup(found);
    await expect(deleteUserAttributes.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "Invalid Access Token",
    });
    expect(attributeUpdates.delete).not.toHaveBeenCalled();
  });

  it("refuses a token that names no client", async () => {
    const { client_id: _, ...claims } = signedIn(p, u).claims;
    const { pools, attributeUpdates, deps } = setup(c, claims);
    await expect(deleteUserAttributes.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
    });
    expect(pools.findClient).not.toHaveBeenCalled();
    expect(attributeUpdates.delete).not.toHaveBeenCalled();
  });
});
