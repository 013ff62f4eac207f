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
    const store = {
      users: { getByUsernameKey: vi.fn(async () => existing), update },
      providerLinks: { find: vi.fn(async () => undefined) },
    } as unknown as Store;
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

describe("an identity linked to an existing user (AdminLinkProviderForUser)", () => {
  it("signs in as that user, attributes untouched, and no federated user is made", async () => {
    const native = user({ username: "ada", attributes: { sub: "n-1", email: "ada@example.com" } });
    const getByUsernameKey = vi.fn();
    const update = vi.fn();
    const find = vi.fn(async () => ({
      poolId: PROVIDER.poolId,
      providerName: "Corp",
      providerUserId: "p-2",
      userId: native.id,
      createdAt: 0,
    }));
    const store = {
      users: { getById: vi.fn(async () => native), getByUsernameKey, update },
      providerLinks: { find },
    } as unknown as Store;
    const postAuthentication = vi.fn(async () => {});
    const deps = {
      store,
      users: {} as UserService,
      triggers: { postAuthentication } as unknown as Triggers,
      clock: new ManualClock(new Date(1000)),
      random: {} as Random,
    };
    const p = pool();
    const signedIn = await provisionFederatedUser(deps, p, client(), PROVIDER, { sub: "p-2", email: "x@example.com" });
    expect(signedIn).toBe(native);
    expect(find).toHaveBeenCalledWith(p.id, "Corp", "p-2");
    expect(getByUsernameKey).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
    expect(postAuthentication).toHaveBeenCalledWith(expect.objectContaining({ user: native }));
  });

  it("refuses a disabled linked user", async () => {
    const native = user({ enabled: false });
    const store = {
      users: { getById: vi.fn(async () => native) },
      providerLinks: { find: vi.fn(async () => ({ userId: native.id })) },
    } as unknown as Store;
    const deps = {
      store,
      users: {} as UserService,
      triggers: {} as Triggers,
      clock: new ManualClock(new Date(1000)),
      random: {} as Random,
    };
    await expect(provisionFederatedUser(deps, pool(), client(), PROVIDER, { sub: "p-3" })).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "User is disabled.",
    });
  });
});
