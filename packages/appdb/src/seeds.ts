import type { AppDb } from "./db.js";

/**
 * The tutorial seeds four test users after cleaning the table. Their `sub`s are fixed
 * UUIDs, so they never collide with a real Cognito user's sub.
 */
export const SEED_USERS = [
  { sub: "00000000-0000-4000-8000-000000000001", email: "alice@example.com" },
  { sub: "00000000-0000-4000-8000-000000000002", email: "bob@example.com" },
  { sub: "00000000-0000-4000-8000-000000000003", email: "carol@example.com" },
  { sub: "00000000-0000-4000-8000-000000000004", email: "dave@example.com" },
] as const;

/** Cleans the users table, then inserts the seed users, in one transaction. */
export async function seedAppDb(db: AppDb): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("users").execute();
    await trx
      .insertInto("users")
      .values(SEED_USERS.map((u) => ({ ...u })))
      .execute();
  });
}
