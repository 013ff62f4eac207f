import type { Kysely } from "kysely";

/**
 * IdP-initiated single logout by SessionIndex (ADR 0055). The LogoutRequest's lookup (pool, user, provider,
 * SessionIndex) is one index range instead of a scan of the user's sessions. The hosted session an
 * authorization code came from rides on the code (`hosted_session_hash`) to the grant of the tokens it is
 * redeemed for, so ending a hosted session by single logout can revoke exactly the tokens it produced. Null for
 * codes and grants from before this migration and for API sign-ins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("hosted_sessions_saml_logout_idx")
    .on("hosted_sessions")
    .columns(["pool_id", "user_id", "provider", "saml_session_index"])
    .execute();
  await db.schema.alterTable("oauth_codes").addColumn("hosted_session_hash", "varchar(64)").execute();
  await db.schema.alterTable("oauth_grants").addColumn("hosted_session_hash", "varchar(64)").execute();
  await db.schema
    .createIndex("oauth_grants_hosted_session_idx")
    .on("oauth_grants")
    .column("hosted_session_hash")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("oauth_grants_hosted_session_idx").execute();
  await db.schema.alterTable("oauth_grants").dropColumn("hosted_session_hash").execute();
  await db.schema.alterTable("oauth_codes").dropColumn("hosted_session_hash").execute();
  await db.schema.dropIndex("hosted_sessions_saml_logout_idx").execute();
}
