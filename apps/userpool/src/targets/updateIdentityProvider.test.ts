import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool, type IdentityProvider } from "../../test/support/fakes.js";
import { updateIdentityProvider } from "./updateIdentityProvider.js";

const p = pool();
const updated: IdentityProvider = {
  poolId: p.id,
  name: "Google",
  type: "Google",
  details: {},
  attributeMapping: {},
  idpIdentifiers: [],
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

function setup() {
  const identityProviders = {
    update: vi.fn(async () => updated),
    describe: vi.fn((x: IdentityProvider) => ({ ProviderName: x.name })),
  };
  return {
    identityProviders,
    deps: fakeDeps(updateIdentityProvider, { pools: { getPool: async () => p }, identityProviders }),
  };
}

describe("UpdateIdentityProvider", () => {
  it("changes nothing that is not given", async () => {
    const { identityProviders, deps } = setup();
    expect(await updateIdentityProvider.handle(deps, { UserPoolId: p.id, ProviderName: "Google" }, ctx)).toEqual({
      IdentityProvider: { ProviderName: "Google" },
    });
    expect(identityProviders.update).toHaveBeenCalledWith(p, "Google", {});
  });

  it("passes the details, attribute mapping and IdP identifiers on when given", async () => {
    const { identityProviders, deps } = setup();
    await updateIdentityProvider.handle(
      deps,
      {
        UserPoolId: p.id,
        ProviderName: "Google",
        ProviderDetails: { client_id: "new" },
        AttributeMapping: { email: "email" },
        IdpIdentifiers: ["google"],
      },
      ctx,
    );
    expect(identityProviders.update).toHaveBeenCalledWith(p, "Google", {
      details: { client_id: "new" },
      attributeMapping: { email: "email" },
      idpIdentifiers: ["google"],
    });
  });
});
