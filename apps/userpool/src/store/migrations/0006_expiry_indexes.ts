import type { Kysely } from "kysely";

/** Housekeeping deletes expired refresh tokens and confirmation codes by expiry: indexes for it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("refresh_tokens_expiry_idx").on("refresh_tokens").column("expires_at").execute();
  await db.schema.createIndex("confirmation_codes_expiry_idx").on("confirmation_codes").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("confirmation_codes_expiry_idx").execute();
  await db.schema.dropIndex("refresh_tokens_expiry_idx").execute();
}
