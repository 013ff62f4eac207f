import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, type IdentityProvider } from "../../test/support/fakes.js";
import { createIdentityProvider } from "./createIdentityProvider.js";

const p = pool();
const DETAILS = { client_id: "id", client_secret: "secret", authorize_scopes: "openid" };
const created: IdentityProvider = {
  poolId: p.id,
  name: "Google",
  type: "Google",
  details: DETAILS,
  attributeMapping: {},
  idpIdentifiers: [],
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

function setup() {
  const identityProviders = {
    create: vi.fn(async () => created),
    describe: vi.fn((x: IdentityProvider) => ({ ProviderName: x.name })),
  };
  return {
    identityProviders,
    deps: fakeDeps(createIdentityProvider, { pools: { getPool: async () => p }, identityProviders }),
  };
}
const input = { UserPoolId: p.id, ProviderName: "Google", ProviderType: "Google" as const, ProviderDetails: DETAILS };

describe("CreateIdentityProvider", () => {
  it("creates the provider from its name, type and details", async () => {
    const { identityProviders, deps } = setup();
    expect(await createIdentityProvider.handle(deps, input, ctx)).toEqual({
      IdentityProvider: { ProviderName: "Google" },
    });
    expect(identityProviders.create).toHaveBeenCalledWith(p, { name: "Google", type: "Google", details: DETAILS });
  });

  it("passes the attribute mapping and IdP identifiers on when given", async () => {
    const { identityProviders, deps } = setup();
    await createIdentityProvider.handle(
      deps,
      { ...input, AttributeMapping: { email: "email" }, IdpIdentifiers: ["google"] },
      ctx,
    );
    expect(identityProviders.create).toHaveBeenCalledWith(p, {
      name: "Google",
      type: "Google",
      details: DETAILS,
      attributeMapping: { email: "email" },
      idpIdentifiers: ["google"],
    });
  });
});
