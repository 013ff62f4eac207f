import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Passkeys (services/webAuthn.ts). `webauthn_credentials` holds one row per registered credential,
 * unique per pool by its credential ID (an authenticator registered twice is refused by the key, not by
 * a read first). `webauthn_challenges` holds StartWebAuthnRegistration challenges as hashes until they
 * are answered (deleted then) or expire. Both go with their user and their pool (cascades). Sign-in
 * challenges live in `auth_sessions`, as every other USER_AUTH challenge does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("webauthn_credentials")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    // A credential ID is at most 1023 bytes (WebAuthn Level 3, §5.1): 1364 base64url characters.
    .addColumn("credential_id", "varchar(1400)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("relying_party_id", "varchar(127)", (c) => c.notNull())
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("sign_count", time, (c) => c.notNull())
    .addColumn("transports", "varchar(512)", (c) => c.notNull())
    .addColumn("friendly_name", "varchar(256)", (c) => c.notNull())
    .addColumn("authenticator_attachment", "varchar(32)")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("last_used_at", time)
    .addPrimaryKeyConstraint("webauthn_credentials_pk", ["pool_id", "credential_id"])
    .execute();
  // ListWebAuthnCredentials pages through one user's passkeys in a stable order.
  await db.schema
    .createIndex("webauthn_credentials_user_idx")
    .on("webauthn_credentials")
    .columns(["pool_id", "user_id", "created_at", "credential_id"])
    .execute();

  await db.schema
    .createTable("webauthn_challenges")
    .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webauthn_challenges_expiry_idx")
    .on("webauthn_challenges")
    .column("expires_at")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("webauthn_challenges").ifExists().execute();
  await db.schema.dropTable("webauthn_credentials").ifExists().execute();
}
