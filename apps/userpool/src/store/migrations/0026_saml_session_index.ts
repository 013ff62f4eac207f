import type { Kysely } from "kysely";

/**
 * The SessionIndex of the SAML assertion that started a hosted session: our LogoutRequest names it
 * (SAML core §3.7.1), so the IdP ends that session of the user and no other. Null for every other sign-in,
 * and for sessions from before this migration (their LogoutRequest names the user alone, as before).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("hosted_sessions").addColumn("saml_session_index", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("hosted_sessions").dropColumn("saml_session_index").execute();
}
