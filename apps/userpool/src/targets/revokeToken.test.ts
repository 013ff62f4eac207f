import { describe, expect, it, vi } from "vitest";
import type { Client } from "../services/pools.js";
import { client, ctx, fakeDeps } from "../../test/support/fakes.js";
import { revokeToken } from "./revokeToken.js";

const c = client();
const REFUSED = { code: "UnauthorizedException", message: "The client is not authorized to revoke tokens." };

function setup(found: Client | undefined, secret?: string) {
  const revocation = { revokeRefreshToken: vi.fn(async () => {}) };
  const deps = fakeDeps(revokeToken, {
    pools: { findClient: async () => found, clientSecrets: () => (secret === undefined ? [] : [secret]) },
    revocation,
  });
  return { revocation, deps };
}

describe("RevokeToken", () => {
  it("revokes the refresh token for its client", async () => {
    const { revocation, deps } = setup(c);
    expect(await revokeToken.handle(deps, { Token: "rt", ClientId: c.id }, ctx)).toEqual({});
    expect(revocation.revokeRefreshToken).toHaveBeenCalledWith(c, "rt");
  });

  it("checks the secret of a client that has one", async () => {
    const { revocation, deps } = setup(c, "s3cret");
    await revokeToken.handle(deps, { Token: "rt", ClientId: c.id, ClientSecret: "s3cret" }, ctx);
    expect(revocation.revokeRefreshToken).toHaveBeenCalledWith(c, "rt");
  });

  it("refuses an unknown client", async () => {
    const { revocation, deps } = setup(undefined);
    await expect(revokeToken.handle(deps, { Token: "rt", ClientId: c.id }, ctx)).rejects.toMatchObject(REFUSED);
    expect(revocation.revokeRefreshToken).not.toHaveBeenCalled();
  });

  it.each([
    ["missing", {}],
    ["wrong", { ClientSecret: "wrong" }],
  ])("reports a %s client secret as UnauthorizedException", async (_, secret) => {
    const { revocation, deps } = setup(c, "s3cret");
    await expect(revokeToken.handle(deps, { Token: "rt", ClientId: c.id, ...secret }, ctx)).rejects.toMatchObject(
      REFUSED,
    );
    expect(revocation.revokeRefreshToken).not.toHaveBeenCalled();
  });
});
