import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Client ID metadata document (CIMD) policies and their cached documents, federated identities linked to
 * existing users (AdminLinkProviderForUser), and each pool's SAML signing certificate (GetSigningCertificate).
 * Everything goes with its pool (cascade); a link also goes with its user, a cached document with its policy.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("cimd_policies")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    // No foreign key: the policy outlives its app client, and Describe then omits ClientId (API reference).
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("policy_name", "varchar(64)", (c) => c.notNull())
    .addColumn("cache_duration", "integer", (c) => c.notNull())
    .addColumn("url_patterns", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cimd_policies_pool_idx").on("cimd_policies").columns(["pool_id", "id"]).execute();
  await db.schema
    .createTable("cimd_documents")
    .addColumn("policy_id", "varchar(64)", (c) => c.notNull().references("cimd_policies.id").onDelete("cascade"))
    .addColumn("url", "varchar(256)", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("cached_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("cimd_documents_pk", ["policy_id", "url"])
    .execute();
  await db.schema
    .createTable("provider_links")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("provider_name", "varchar(32)", (c) => c.notNull())
    .addColumn("provider_user_id", "varchar(2048)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("provider_links_pk", ["pool_id", "provider_name", "provider_user_id"])
    .execute();
  await db.schema.createIndex("provider_links_user_idx").on("provider_links").columns(["user_id"]).execute();
  await db.schema
    .createTable("saml_signing_certificates")
    .addColumn("pool_id", "varchar(55)", (c) => c.primaryKey().references("user_pools.id").onDelete("cascade"))
    .addColumn("certificate", "text", (c) => c.notNull())
    .addColumn("private_enc", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("saml_signing_certificates").execute();
  await db.schema.dropTable("provider_links").execute();
  await db.schema.dropTable("cimd_documents").execute();
  await db.schema.dropTable("cimd_policies").execute();
}
