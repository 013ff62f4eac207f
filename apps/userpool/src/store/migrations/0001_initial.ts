import { PostgresAdapter, type Kysely } from "kysely";

/**
 * The core schema: pools, clients, users and their aliases, codes, refresh tokens,
 * SRP/challenge sessions, keys, dev mail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  const s = db.schema;

  await s
    .createTable("userpool_meta")
    .addColumn("key", "varchar(64)", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();

  await s
    .createTable("user_pools")
    .addColumn("id", "varchar(55)", (c) => c.primaryKey())
    .addColumn("name", "varchar(128)", (c) => c.notNull())
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  await s
    .createTable("user_pool_clients")
    .addColumn("id", "varchar(128)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("name", "varchar(128)", (c) => c.notNull())
    .addColumn("secret_enc", "text")
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await s.createIndex("user_pool_clients_pool_idx").on("user_pool_clients").columns(["pool_id", "id"]).execute();

  await s
    .createTable("users")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("username", "varchar(128)", (c) => c.notNull())
    .addColumn("username_key", "varchar(128)", (c) => c.notNull())
    .addColumn("status", "varchar(32)", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("srp_salt", "varchar(128)")
    .addColumn("verifier_enc", "text")
    .addColumn("password_set_at", time)
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  // Uniqueness is decided here, not by a check-then-insert: concurrent sign-ups race on this index.
  await s.createIndex("users_pool_username_key").unique().on("users").columns(["pool_id", "username_key"]).execute();

  await s
    .createTable("user_aliases")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("alias_type", "varchar(32)", (c) => c.notNull())
    .addColumn("alias_key", "varchar(2048)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("user_aliases_pkey", ["pool_id", "alias_type", "alias_key"])
    .execute();
  await s.createIndex("user_aliases_user_idx").on("user_aliases").column("user_id").execute();

  await s
    .createTable("confirmation_codes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "varchar(32)", (c) => c.notNull())
    .addColumn("code_mac", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("used_at", time)
    .execute();
  await s.createIndex("confirmation_codes_user_idx").on("confirmation_codes").columns(["user_id", "purpose"]).execute();

  await s
    .createTable("refresh_tokens")
    .addColumn("token_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("origin_jti", "varchar(36)", (c) => c.notNull())
    .addColumn("auth_time", time, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("revoked_at", time)
    .addColumn("rotated_at", time)
    .addColumn("parent_hash", "varchar(64)")
    .execute();
  await s.createIndex("refresh_tokens_user_idx").on("refresh_tokens").column("user_id").execute();
  await s.createIndex("refresh_tokens_origin_idx").on("refresh_tokens").column("origin_jti").execute();
  await s.createIndex("refresh_tokens_parent_idx").on("refresh_tokens").column("parent_hash").execute();

  await s
    .createTable("auth_sessions")
    .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)")
    .addColumn("kind", "varchar(32)", (c) => c.notNull())
    .addColumn("data_enc", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("consumed_at", time)
    .execute();
  await s.createIndex("auth_sessions_expiry_idx").on("auth_sessions").column("expires_at").execute();

  await s
    .createTable("signing_keys")
    .addColumn("kid", "varchar(128)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("token_use", "varchar(16)", (c) => c.notNull())
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("private_enc", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  // One active key per pool and token use; two instances generating at once converge on the first insert.
  await s
    .createIndex("signing_keys_pool_use_key")
    .unique()
    .on("signing_keys")
    .columns(["pool_id", "token_use"])
    .execute();

  await s
    .createTable("dev_messages")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("to_address", "varchar(320)", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("content_enc", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("dev_messages_to_idx").on("dev_messages").columns(["to_address", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "dev_messages",
    "signing_keys",
    "auth_sessions",
    "refresh_tokens",
    "confirmation_codes",
    "user_aliases",
    "users",
    "user_pool_clients",
    "user_pools",
    "userpool_meta",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
