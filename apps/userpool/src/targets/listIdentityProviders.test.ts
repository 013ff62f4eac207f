import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, type IdentityProvider } from "../../test/support/fakes.js";
import { listIdentityProviders } from "./listIdentityProviders.js";

const p = pool();
const google: IdentityProvider = {
  poolId: p.id,
  name: "Google",
  type: "Google",
  details: {},
  attributeMapping: {},
  idpIdentifiers: [],
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

function setup(nextToken?: string) {
  const pools = { getPool: vi.fn(async () => p) };
  const identityProviders = {
    list: vi.fn(async () => ({ providers: [google], ...(nextToken ? { nextToken } : {}) })),
    summary: vi.fn((x: IdentityProvider) => ({ ProviderName: x.name })),
  };
  return { pools, identityProviders, deps: fakeDeps(listIdentityProviders, { pools, identityProviders }) };
}

describe("ListIdentityProviders", () => {
  it("lists the pool's providers, 60 a page by default", async () => {
    const { pools, identityProviders, deps } = setup();
    expect(await listIdentityProviders.handle(deps, { UserPoolId: p.id }, ctx)).toEqual({
      Providers: [{ ProviderName: "Google" }],
    });
    expect(pools.getPool).toHaveBeenCalledWith(p.id);
    expect(identityProviders.list).toHaveBeenCalledWith(p.id, 60, undefined);
  });

  it("passes MaxResults and NextToken on, and answers the next page's token", async () => {
    const { identityProviders, deps } = setup("next");
    const res = await listIdentityProviders.handle(deps, { UserPoolId: p.id, MaxResults: 1, NextToken: "this" }, ctx);
    expect(identityProviders.list).toHaveBeenCalledWith(p.id, 1, "this");
    expect(res.NextToken).toBe("next");
  });
});
