import { describe, expect, it, vi } from "vitest";
import type { AuthenticatedAccess } from "../services/accessTokens.js";
import type { Client } from "../services/pools.js";
import { CLIENT_ID, client, ctx, fakeDeps, pool, signedIn, user } from "../../test/support/fakes.js";
import { getUser } from "./getUser.js";

const p = pool();
const u = user({ attributes: { sub: "s-1", email: "alice@example.com", name: "Alice" } });

function setup(access: AuthenticatedAccess, found: Client | undefined) {
  const pools = { findClient: vi.fn(async () => found) };
  const mfa = {
    describeRow: vi.fn(() => ({
      UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
      PreferredMfaSetting: "SOFTWARE_TOKEN_MFA",
    })),
  };
  const deps = fakeDeps(getUser, { accessTokens: { authenticate: async () => access }, pools, mfa });
  return { pools, deps };
}

describe("GetUser", () => {
  it("answers the attributes the issuing client may read", async () => {
    const { pools, deps } = setup(signedIn(p, u), client({ ReadAttributes: ["email"] }));
    expect(await getUser.handle(deps, { AccessToken: "token" }, ctx)).toEqual({
      Username: "alice",
      UserAttributes: [
        { Name: "sub", Value: "s-1" },
        { Name: "email", Value: "alice@example.com" },
      ],
      // The user's MFA factors, as the MFA service reads them from the row read with the user.
      UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
      PreferredMfaSetting: "SOFTWARE_TOKEN_MFA",
    });
    expect(pools.findClient).toHaveBeenCalledWith(CLIENT_ID);
  });

  it("answers every attribute when the client sets no ReadAttributes, or is gone", async () => {
    const all = [
      { Name: "sub", Value: "s-1" },
      { Name: "email", Value: "alice@example.com" },
      { Name: "name", Value: "Alice" },
    ];
    const open = setup(signedIn(p, u), client());
    expect((await getUser.handle(open.deps, { AccessToken: "token" }, ctx)).UserAttributes).toEqual(all);
    const gone = setup(signedIn(p, u), undefined);
    expect((await getUser.handle(gone.deps, { AccessToken: "token" }, ctx)).UserAttributes).toEqual(all);
  });

  it("does not look a client up when the token names none", async () => {
    const { client_id: _, ...claims } = signedIn(p, u).claims;
    const { pools, deps } = setup({ pool: p, user: u, mfa: undefined, claims }, client({ ReadAttributes: ["email"] }));
    expect((await getUser.handle(deps, { AccessToken: "token" }, ctx)).UserAttributes).toHaveLength(3);
    expect(pools.findClient).not.toHaveBeenCalled();
  });
});
