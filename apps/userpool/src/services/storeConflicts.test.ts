/**
 * Every store reports a duplicate as StoreConflictError; each service turns the kind it expects
 * into Cognito's error and lets any other kind through unchanged.
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { createDataCrypto } from "../crypto/envelope.js";
import { cryptoRandom } from "../random.js";
import { StoreConflictError, type ConflictKind, type Store } from "../store/index.js";
import { DomainService } from "./domains.js";
import { GroupService } from "./groups.js";
import { IdentityProviderService } from "./identityProviders.js";
import { normalizePoolSettings } from "./poolSettings.js";
import { PoolService, type Pool } from "./pools.js";
import { ResourceServerService } from "./resourceServers.js";
import type { PublicUrls } from "./urls.js";

const clock = new ManualClock(1_700_000_000_000);
const crypto = createDataCrypto(Buffer.alloc(32, 7), cryptoRandom);
const pool: Pool = {
  id: "us-east-1_Conflict1",
  name: "p",
  settings: normalizePoolSettings({}, "us-east-1"),
  createdAt: new Date(0),
  updatedAt: new Date(0),
};
const conflict = (kind: ConflictKind) => async () => {
  throw new StoreConflictError(kind, `unique constraint (${kind})`);
};

/** A store whose every write refuses with a conflict of `kind`; the pool already has a domain. */
function refusing(kind: ConflictKind): Store {
  const fail = conflict(kind);
  return {
    pools: { create: fail },
    groups: { create: fail },
    resourceServers: { create: fail },
    domains: { create: fail, getForPool: async () => ({ domain: "taken" }) },
    identityProviders: { create: fail, update: fail },
  } as unknown as Store;
}

const google = {
  name: "Google",
  type: "Google",
  details: { client_id: "c", client_secret: "s", authorize_scopes: "openid" },
};

/** Each service call that writes a row under a unique index, with the kind it maps and what it maps it to. */
const cases: {
  what: string;
  kind: ConflictKind;
  error: { name: string; message: string };
  call: (store: Store) => Promise<unknown>;
}[] = [
  {
    what: "CreateUserPool",
    kind: "pool",
    error: { name: "InvalidParameterException", message: `User pool ${pool.id} already exists.` },
    call: (store) =>
      new PoolService({ store, clock, random: cryptoRandom, crypto }).createPool(
        "p",
        {},
        {
          region: "us-east-1",
          id: pool.id,
        },
      ),
  },
  {
    what: "CreateGroup",
    kind: "group",
    error: { name: "GroupExistsException", message: "A group with the name already exists." },
    call: (store) => new GroupService({ store, clock }).create(pool, "admins", {}),
  },
  {
    what: "CreateResourceServer",
    kind: "resource-server",
    error: {
      name: "InvalidParameterException",
      message: `https://api.example.com already exists in user pool ${pool.id}.`,
    },
    call: (store) => new ResourceServerService({ store, clock }).create(pool.id, "https://api.example.com", "api"),
  },
  {
    what: "CreateUserPoolDomain",
    kind: "domain",
    error: { name: "InvalidParameterException", message: `User pool ${pool.id} already has a domain configured.` },
    call: (store) => new DomainService({ store, clock, urls: {} as PublicUrls }).create(pool.id, "my-login"),
  },
  {
    what: "CreateIdentityProvider, a taken name",
    kind: "provider-name",
    error: {
      name: "DuplicateProviderException",
      message: "A provider with the name Google already exists in this user pool.",
    },
    call: (store) => new IdentityProviderService({ store, clock, crypto }).create(pool, google),
  },
  {
    what: "CreateIdentityProvider, a taken IdpIdentifier",
    kind: "idp-identifier",
    error: {
      name: "InvalidParameterException",
      message: "An IdpIdentifier is already used by another provider in this user pool.",
    },
    call: (store) => new IdentityProviderService({ store, clock, crypto }).create(pool, google),
  },
];

describe("services map the store's conflicts to Cognito errors", () => {
  it.each(cases)("$what: $kind", async ({ kind, error, call }) => {
    await expect(call(refusing(kind))).rejects.toMatchObject(error);
  });

  it.each(cases)("$what: a conflict of another kind is not mistaken for $kind", async ({ call }) => {
    const err = await call(refusing("other")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreConflictError);
    expect(err).toMatchObject({ kind: "other" });
  });
});
