import { describe, expect, it, vi } from "vitest";
import type { Client } from "../services/pools.js";
import { CLIENT_ID, client, ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { getUserAttributeVerificationCode } from "./getUserAttributeVerificationCode.js";

const p = pool();
const c = client();
const u = user();
const DELIVERY = { Destination: "a***@e***", DeliveryMedium: "EMAIL" as const, AttributeName: "email" };
const input = { AccessToken: "token", AttributeName: "email" };

function setup(found: Client | undefined, claims = signedIn(p, u).claims) {
  const pools = { findClient: vi.fn(async () => found) };
  const attributeUpdates = { sendVerificationCode: vi.fn(async () => DELIVERY) };
  const deps = fakeDeps(getUserAttributeVerificationCode, {
    accessTokens: { authenticate: async () => ({ pool: p, user: u, mfa: undefined, claims }) },
    pools,
    attributeUpdates,
  });
  return { pools, attributeUpdates, deps };
}

describe("GetUserAttributeVerificationCode", () => {
  it("acts for the signed-in user through the client that issued the token", async () => {
    const { pools, attributeUpdates, deps } = setup(c);
    expect(await getUserAttributeVerificationCode.handle(deps, input, ctx)).toEqual({ CodeDeliveryDetails: DELIVERY });
    expect(pools.findClient).toHaveBeenCalledWith(CLIENT_ID);
    expect(attributeUpdates.sendVerificationCode).toHaveBeenCalledWith({ pool: p, client: c, user: u, name: "email" });
  });

  it("passes ClientMetadata on", async () => {
    const { attributeUpdates, deps } = setup(c);
    await getUserAttributeVerificationCode.handle(deps, { ...input, ClientMetadata: { k: "v" } }, ctx);
    expect(attributeUpdates.sendVerificationCode).toHaveBeenCalledWith(
      expect.objectContaining({ clientMetadata: { k: "v" } }),
    );
  });

  it.each([
    ["is gone", undefined],
    ["belongs to another pool", client({}, "us-east-1_OtherPool")],
  ])("refuses the token when its client %s", async (_, found) => {
    const { attributeUpdates, deps } = setup(found);
    await expect(getUserAttributeVerificationCode.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "Invalid Access Token",
    });
    expect(attributeUpdates.sendVerificationCode).not.toHaveBeenCalled();
  });

  it("refuses a token that names no client", async () => {
    const { client_id: _, ...claims } = signedIn(p, u).claims;
    const { pools, attributeUpdates, deps } = setup(c, claims);
    await expect(getUserAttributeVerificationCode.handle(deps, input, ctx)).rejects.toMatchObject({
      code: "NotAuthorizedException",
    });
    expect(pools.findClient).not.toHaveBeenCalled();
    expect(attributeUpdates.sendVerificationCode).not.toHaveBeenCalled();
  });
});
