/** Rows and helpers shared by the contract suites: each suite makes its own pools, so suites never meet. */
import { randomUUID } from "node:crypto";
import type { RefreshTokenRow, Store, UserRow } from "../index.js";

export const T0 = 1_700_000_000_000;
export const HOUR = 3_600_000;

/** Makes `it` bodies that get the store under test: `const withStore = storeTest(open)`. */
export const storeTest =
  (open: () => Promise<Store>) =>
  (fn: (s: Store) => Promise<void>): (() => Promise<void>) =>
  async () =>
    fn(await open());

/** Creates a pool (settings `{ a: 1 }`) and returns its ID, a fresh one unless given. */
export async function createPool(
  store: Store,
  id = `us-east-1_${randomUUID().replace(/-/g, "").slice(0, 9)}`,
): Promise<string> {
  await store.pools.create({ id, name: "p", settings: { a: 1 }, createdAt: T0, updatedAt: T0 });
  return id;
}

/** An UNCONFIRMED user with an e-mail and SRP credentials, not yet stored. */
export function userRow(poolId: string, name: string, extra: Partial<UserRow> = {}): UserRow {
  const id = randomUUID();
  return {
    id,
    poolId,
    username: name,
    usernameKey: name.toLowerCase(),
    status: "UNCONFIRMED",
    enabled: true,
    attributes: { sub: id, email: `${name}@example.com` },
    srpSalt: "ab",
    verifierEnc: "v1.x",
    passwordSetAt: T0,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

/** Stores a CONFIRMED user without attributes, aliases or credentials, and returns it. */
export async function createUser(store: Store, poolId: string, name: string): Promise<UserRow> {
  const id = randomUUID();
  const u: UserRow = {
    id,
    poolId,
    username: name,
    usernameKey: name.toLowerCase(),
    status: "CONFIRMED",
    enabled: true,
    attributes: { sub: id },
    srpSalt: null,
    verifierEnc: null,
    passwordSetAt: null,
    createdAt: T0,
    updatedAt: T0,
  };
  await store.users.create(u, []);
  return u;
}

/** A live refresh token of the user, valid an hour; its hash and origin are random unless given. */
export function refreshRow(poolId: string, userId: string, extra: Partial<RefreshTokenRow> = {}): RefreshTokenRow {
  return {
    tokenHash: randomUUID(),
    poolId,
    clientId: "client1",
    userId,
    originJti: randomUUID(),
    authTime: T0,
    createdAt: T0,
    expiresAt: T0 + HOUR,
    revokedAt: null,
    rotatedAt: null,
    parentHash: null,
    ...extra,
  };
}
