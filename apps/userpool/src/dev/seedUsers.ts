/**
 * Seeds a pool with many users fast, for scale tests and benchmarks (`npm run seed`, `npm run bench:scale`):
 * import-style users (RESET_REQUIRED, no password, as a user import leaves them), written through the import's
 * bulk path (`ImportJobStore.insertUsers`: multi-row inserts, one transaction per batch, the recovery log kept).
 * None can sign in until its password is reset, so no verifier is computed or shared.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { ImportedUser, Store, UserRow } from "../store/index.js";

/** The attributes of seeded user `i`: every ListUsers-searchable one, with values shared by many users. */
export function seededUser(poolId: string, i: number, now: number): ImportedUser {
  // Node already cuts these from a cached block of CSPRNG bytes (no call into OpenSSL per UUID).
  const id = randomUUID();
  const n = String(i).padStart(7, "0");
  const username = `user${n}`;
  const email = `user${n}@example.com`;
  const attributes: Record<string, string> = {
    sub: id,
    email,
    email_verified: "true",
    phone_number: `+1555${n}`,
    name: `User Number ${i}`,
    given_name: `Given${i % 1000}`,
    family_name: `Family${i % 10_000}`,
  };
  if (i % 2 === 0) attributes.preferred_username = `pref${n}`;
  const user: UserRow = {
    id,
    poolId,
    username,
    usernameKey: username,
    status: "RESET_REQUIRED",
    // Every hundredth user disabled, so `status = "Disabled"` has matches.
    enabled: i % 100 !== 99,
    attributes,
    srpSalt: null,
    verifierEnc: null,
    passwordSetAt: null,
    createdAt: now,
    updatedAt: now,
  };
  return { user, aliases: [{ poolId, type: "email", key: email, userId: id }], smsMfa: false };
}

export interface SeedOptions {
  poolId: string;
  /** Index of the first user (seeded users are numbered, so seeding can continue where it stopped). */
  from?: number;
  count: number;
  now: number;
  /** Every `groupEvery`-th user joins this group (created when missing). */
  group?: { name: string; every: number };
  batch?: number;
  onProgress?: (done: number) => void;
}

/** Inserts users `from` .. `from + count - 1`; returns how many were created (taken names are skipped). */
export async function seedUsers(store: Store, o: SeedOptions): Promise<number> {
  const from = o.from ?? 0;
  const batchSize = o.batch ?? 10_000;
  if (o.group && !(await store.groups.get(o.poolId, o.group.name)))
    await store.groups.create({
      poolId: o.poolId,
      name: o.group.name,
      description: "seeded",
      roleArn: null,
      precedence: null,
      createdAt: o.now,
      updatedAt: o.now,
    });
  // SQLite's default 2 MB page cache thrashes once the random-order B-trees (the sub is the primary key) outgrow
  // it: the seed fell from 8,000 to 3,800 users/s within 100,000 users. A 1 GB cache for the seed only.
  if (store.engine !== "sqlite") return insertAll(store, o, from, batchSize);
  const before = (await sql<{ cache_size: number }>`pragma cache_size`.execute(store.db)).rows[0]!.cache_size;
  await sql`pragma cache_size = -1000000`.execute(store.db);
  try {
    return await insertAll(store, o, from, batchSize);
  } finally {
    await sql.raw(`pragma cache_size = ${Number(before)}`).execute(store.db);
  }
}

async function insertAll(store: Store, o: SeedOptions, from: number, batchSize: number): Promise<number> {
  let created = 0;
  for (let start = from; start < from + o.count; start += batchSize) {
    const batch: ImportedUser[] = [];
    for (let i = start; i < Math.min(from + o.count, start + batchSize); i++)
      batch.push(seededUser(o.poolId, i, o.now));
    const outcomes = await store.importJobs.insertUsers(o.poolId, batch);
    const members = [];
    for (const [k, outcome] of outcomes.entries()) {
      if (outcome !== "created") continue;
      created++;
      const u = batch[k]!.user;
      if (o.group && (start + k) % o.group.every === 0)
        members.push({ pool_id: o.poolId, group_name: o.group.name, user_id: u.id, username_key: u.usernameKey });
    }
    for (let m = 0; m < members.length; m += 500)
      await store.db
        .insertInto("user_group_members")
        .values(members.slice(m, m + 500))
        .execute();
    o.onProgress?.(start + batch.length - from);
  }
  return created;
}
