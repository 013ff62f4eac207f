import { describe, expect, it, vi } from "vitest";
import type { Client } from "../services/pools.js";
import { CLIENT_ID, client, ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { updateUserAttributes } from "./updateUserAttributes.js";

const p = pool();
const c = client();
const u = user();
const DELIVERY = { Destination: "a***@e***", DeliveryMedium: "EMAIL" as const, AttributeName: "email" };
const input = { AccessToken: "token", UserAttributes: [{ Name: "name", Value: "Alice" }] };

function setup(found: Client | undefined, claims = signedIn(p, u).claims) {
  const pools = { findClient: vi.fn(async () => found) };
  const attributeUpdates = { update: vi.fn(async () => [DELIVERY]) };
  const deps = fakeDeps(updateUserAttributes, {
    accessTokens: { authenticate: async () => ({ pool: p, user: u, mfa: undefined, claims }) },
    pools,
    attributeUpdates,
  });
  return { pools, attributeUpdates, deps };
}

describe("UpdateUserAttributes", () => {
  it("acts for the signed-in user through the client that issued the token", async () => {
    const { pools, attributeUpdates, deps } = setup(c);
    expect(await updateUserAttributes.handle(deps, input, ctx)).toEqual({ CodeDeliveryDetailsList: [DELIVERY] });
    expect(pools.findClient).toHaveBeenCalledWith(CLIENT_ID);
    expect(attributeUpdates.update).toHaveBeenCalledWith({
      pool: p,
      client: c,
      user: u,
      attributes: input.UserAttributes,
    });
  });

  it("passes ClientMetadata on", async () => {
    const { attributeUpdates, deps } = setup(c);
    await updateUserAttributes.handle(deps, { ...input, ClientMetadata: { k: "v" } }, ctx);
    expect(attributeUpdates.update).toHaveBeenCalledWith(expect.objectContaining({ clientMetadata: { k: "v" } }));
  });

  it.each([
    ["is gone", undefined],
    ["belongs to another pool", client({}, "us-east-1_OtherPool")],
  ])("refuses the token when its client %s", async (_, found) => {
    const { attributeUpdates, deps } = setup(found);
    await expect(updateUserAttributes.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "Invalid Access Token",
    });
    expect(attributeUpdates.update).not.toHaveBeenCalled();
  });

  it("refuses a token that names no client", async () => {
    const { client_id: _, ...claims } = signedIn(p, u).claims;
    const { pools, attributeUpdates, deps } = setup(c, claims);
    await expect(updateUserAttributes.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
    });
    expect(pools.findClient).not.toHaveBeenCalled();
    expect(attributeUpdates.update).not.toHaveBeenCalled();
  });
});
