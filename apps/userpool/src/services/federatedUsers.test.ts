import { describe, expect, it, vi } from "vitest";
import { client, pool, user } from "../../test/support/fakes.js";
import { ManualClock } from "../clock.js";
import type { Random } from "../random.js";
import type { Store } from "../store/index.js";
import { provisionFederatedUser } from "./federatedUsers.js";
import type { IdentityProvider } from "./identityProviders.js";
import type { Triggers } from "./triggers.js";
import type { UserService } from "./users.js";

const PROVIDER: IdentityProvider = {
  poolId: "us-east-1_TestPool1",
  name: "Corp",
  type: "OIDC",
  details: {},
  attributeMapping: { username: "sub", email: "email", "custom:tenant": "tenant" },
  idpIdentifiers: [],
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe("a returning federated user", () => {
  it("gets the provider's values again, except the Schema's immutable attributes", async () => {
    const p = pool({ Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: false }] });
    const existing = user({
      username: "Corp_p-1",
      usernameKey: "corp_p-1",
      status: "EXTERNAL_PROVIDER",
      attributes: { sub: "s", email: "old@example.com", "custom:tenant": "acme" },
    });
    const update = vi.fn(async () => true);
    const store = { users: { getByUsernameKey: vi.fn(async () => existing), update } } as unknown as Store;
    const deps = {
      store,
      users: { usernameKey: (_p: unknown, name: string) => name.toLowerCase() } as unknown as UserService,
      triggers: { postAuthentication: vi.fn(async () => {}) } as unknown as Triggers,
      clock: new ManualClock(new Date(1000)),
      random: {} as Random,
    };
    const signedIn = await provisionFederatedUser(deps, p, client(), PROVIDER, {
      sub: "p-1",
      email: "new@example.com",
      tenant: "other",
    });
    expect(signedIn.attributes).toEqual({ sub: "s", email: "new@example.com", "custom:tenant": "acme" });
    expect(update).toHaveBeenCalledWith(p.id, existing.id, {
      attributes: { sub: "s", email: "new@example.com", "custom:tenant": "acme" },
      updatedAt: 1000,
    });
  });
});
