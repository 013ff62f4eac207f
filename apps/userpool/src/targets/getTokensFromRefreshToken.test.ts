import { describe, expect, it, vi } from "vitest";
import type { ClientSettingsInput } from "../protocol/poolShapes.js";
import { client, ctx, fakeDeps, pool, user, type UserRow } from "../../test/support/fakes.js";
import { getTokensFromRefreshToken } from "./getTokensFromRefreshToken.js";

const p = pool();
const TOKENS = { AccessToken: "a", IdToken: "i", RefreshToken: "rt2", ExpiresIn: 3600, TokenType: "Bearer" };

function setup(settings: ClientSettingsInput = {}, secret?: string) {
  const c = client(settings);
  const refresh = { refresh: vi.fn(async (_: { checkSecret: (u: UserRow) => void }) => TOKENS) };
  const deps = fakeDeps(getTokensFromRefreshToken, {
    pools: {
      getClient: async () => c,
      getPool: async () => p,
      clientSecrets: () => (secret === undefined ? [] : [secret]),
    },
    refresh,
  });
  return { c, refresh, deps };
}

describe("GetTokensFromRefreshToken", () => {
  it("refreshes without rotation by default, and checks no secret hash", async () => {
    const { c, refresh, deps } = setup();
    const res = await getTokensFromRefreshToken.handle(deps, { RefreshToken: "rt", ClientId: c.id }, ctx);
    expect(res).toEqual({ AuthenticationResult: TOKENS });
    expect(refresh.refresh).toHaveBeenCalledWith({
      pool: p,
      client: c,
      refreshToken: "rt",
      rotate: false,
      checkSecret: expect.any(Function),
    });
    // The client secret itself was checked already; the hook must accept any user.
    expect(() => refresh.refresh.mock.calls[0]?.[0].checkSecret(user())).not.toThrow();
  });

  it("rotates when the client enables rotation, and passes ClientMetadata on", async () => {
    const { c, refresh, deps } = setup({ RefreshTokenRotation: { Feature: "ENABLED" } });
    await getTokensFromRefreshToken.handle(
      deps,
      { RefreshToken: "rt", ClientId: c.id, ClientMetadata: { k: "v" } },
      ctx,
    );
    expect(refresh.refresh).toHaveBeenCalledWith(expect.objectContaining({ rotate: true, clientMetadata: { k: "v" } }));
  });

  it("is refused for a client that may not refresh", async () => {
    const { c, refresh, deps } = setup({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] });
    await expect(
      getTokensFromRefreshToken.handle(deps, { RefreshToken: "rt", ClientId: c.id }, ctx),
    ).rejects.toMatchObject({
      code: "InvalidParameterException",
      message: "REFRESH_TOKEN_AUTH flow not enabled for this client",
    });
    expect(refresh.refresh).not.toHaveBeenCalled();
  });

  it("demands the secret of a client that has one", async () => {
    const { c, refresh, deps } = setup({}, "s3cret");
    await expect(
      getTokensFromRefreshToken.handle(deps, { RefreshToken: "rt", ClientId: c.id, ClientSecret: "wrong" }, ctx),
    ).rejects.toMatchObject({ code: "NotAuthorizedException", message: `Unable to verify secret for client ${c.id}` });
    expect(refresh.refresh).not.toHaveBeenCalled();
    await getTokensFromRefreshToken.handle(deps, { RefreshToken: "rt", ClientId: c.id, ClientSecret: "s3cret" }, ctx);
    expect(refresh.refresh).toHaveBeenCalledTimes(1);
  });
});
