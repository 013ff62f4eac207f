import { PostgresAdapter, type Kysely } from "kysely";

/**
 * OAuth 2.0 / OIDC and federation: identity providers, resource servers, domains,
 * authorization codes, the scopes granted to each sign-in (for refreshes), hosted-UI sessions and
 * federation state. Bearer secrets (codes, session cookies, federation state) are stored as
 * SHA-256 hashes; provider secrets and PKCE verifiers sealed under the data key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  const s = db.schema;

  await s
    .createTable("identity_providers")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("name", "varchar(32)", (c) => c.notNull())
    .addColumn("provider_type", "varchar(32)", (c) => c.notNull())
    .addColumn("details_enc", "text", (c) => c.notNull())
    .addColumn("attribute_mapping", "text", (c) => c.notNull())
    .addColumn("idp_identifiers", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("identity_providers_pkey", ["pool_id", "name"])
    .execute();
  // IdpIdentifiers are unique per pool: decided by this index, not by a lookup first.
  await s
    .createTable("identity_provider_identifiers")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("identifier", "varchar(40)", (c) => c.notNull())
    .addColumn("provider_name", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("identity_provider_identifiers_pkey", ["pool_id", "identifier"])
    .addForeignKeyConstraint(
      "identity_provider_identifiers_idp_fk",
      ["pool_id", "provider_name"],
      "identity_providers",
      ["pool_id", "name"],
      (c) => c.onDelete("cascade"),
    )
    .execute();

  await s
    .createTable("resource_servers")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("identifier", "varchar(256)", (c) => c.notNull())
    .addColumn("name", "varchar(256)", (c) => c.notNull())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("resource_servers_pkey", ["pool_id", "identifier"])
    .execute();

  await s
    .createTable("user_pool_domains")
    .addColumn("domain", "varchar(253)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("custom_domain_config", "text")
    .addColumn("managed_login_version", "integer", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  // One domain per pool (a prefix or a custom domain).
  await s.createIndex("user_pool_domains_pool_key").unique().on("user_pool_domains").column("pool_id").execute();

  await s
    .createTable("oauth_codes")
    .addColumn("code_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("redirect_uri", "varchar(1024)", (c) => c.notNull())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("code_challenge", "varchar(128)")
    .addColumn("nonce", "varchar(512)")
    .addColumn("auth_time", time, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("used_at", time)
    .addColumn("origin_jti", "varchar(36)")
    .execute();
  await s.createIndex("oauth_codes_expiry_idx").on("oauth_codes").column("expires_at").execute();

  await s
    .createTable("oauth_grants")
    .addColumn("origin_jti", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();

  await s
    .createTable("hosted_sessions")
    .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("provider", "varchar(32)", (c) => c.notNull())
    .addColumn("auth_time", time, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await s.createIndex("hosted_sessions_user_idx").on("hosted_sessions").column("user_id").execute();

  await s
    .createTable("federation_states")
    .addColumn("state_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("provider_name", "varchar(32)", (c) => c.notNull())
    .addColumn("data_enc", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("used_at", time)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "federation_states",
    "hosted_sessions",
    "oauth_grants",
    "oauth_codes",
    "user_pool_domains",
    "resource_servers",
    "identity_provider_identifiers",
    "identity_providers",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
