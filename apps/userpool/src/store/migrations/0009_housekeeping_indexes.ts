import type { Kysely } from "kysely";

/**
 * Housekeeping also deletes what unauthenticated requests leave behind: lockout counters and quota
 * windows of names nobody signs in with, federation states of abandoned sign-ins, and expired
 * hosted-UI sessions. Indexes so each purge reads only the rows it deletes (oauth_codes has one
 * since 0004).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("sign_in_lockouts_last_failure_idx")
    .on("sign_in_lockouts")
    .column("last_failure_at")
    .execute();
  await db.schema.createIndex("user_quotas_window_idx").on("user_quotas").column("window_start").execute();
  await db.schema.createIndex("federation_states_expiry_idx").on("federation_states").column("expires_at").execute();
  await db.schema.createIndex("hosted_sessions_expiry_idx").on("hosted_sessions").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("hosted_sessions_expiry_idx").execute();
  await db.schema.dropIndex("federation_states_expiry_idx").execute();
  await db.schema.dropIndex("user_quotas_window_idx").execute();
  await db.schema.dropIndex("sign_in_lockouts_last_failure_idx").execute();
}
