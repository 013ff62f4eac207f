import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Branding and terms (issue 23). `ui_customizations`: the classic hosted UI's CSS and logo per pool, one row per
 * app client or `ALL` (SetUICustomization). `managed_login_brandings`: one managed-login style per app client,
 * its Settings document and Assets stored as sent (JSON; asset bytes base64). `terms`: one terms-of-use and one
 * privacy-policy document per app client (the unique index decides TermsExistsException). `terms_acceptances`:
 * who accepted which terms at hosted sign-up, and which version (ADR 0030). Rows go with their pool, client or
 * user (cascades); `ALL` customizations, naming no client, go with the pool.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("ui_customizations")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("client_key", "varchar(128)", (c) => c.notNull())
    .addColumn("css", "text")
    .addColumn("css_version", "varchar(64)")
    .addColumn("image_b64", "text")
    .addColumn("image_type", "varchar(32)")
    .addColumn("image_version", "varchar(64)")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("ui_customizations_pk", ["pool_id", "client_key"])
    .execute();

  await db.schema
    .createTable("managed_login_brandings")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("client_id", "varchar(128)", (c) => c.notNull().references("user_pool_clients.id").onDelete("cascade"))
    .addColumn("use_cognito_provided_values", "integer", (c) => c.notNull())
    .addColumn("settings", "text")
    .addColumn("assets", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  // One style per app client (ManagedLoginBrandingExistsException).
  await db.schema
    .createIndex("managed_login_brandings_client_idx")
    .unique()
    .on("managed_login_brandings")
    .columns(["pool_id", "client_id"])
    .execute();

  await db.schema
    .createTable("terms")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("client_id", "varchar(128)", (c) => c.notNull().references("user_pool_clients.id").onDelete("cascade"))
    .addColumn("terms_name", "varchar(32)", (c) => c.notNull())
    .addColumn("terms_source", "varchar(16)", (c) => c.notNull())
    .addColumn("enforcement", "varchar(16)", (c) => c.notNull())
    .addColumn("links", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("terms_client_name_idx")
    .unique()
    .on("terms")
    .columns(["pool_id", "client_id", "terms_name"])
    .execute();

  await db.schema
    .createTable("terms_acceptances")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("terms_id", "varchar(36)", (c) => c.notNull())
    .addColumn("terms_name", "varchar(32)", (c) => c.notNull())
    // The terms' LastModifiedDate when accepted: an UpdateTerms makes a new version.
    .addColumn("terms_version", time, (c) => c.notNull())
    .addColumn("links", "text", (c) => c.notNull())
    .addColumn("accepted_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("terms_acceptances_pk", ["user_id", "terms_id", "terms_version"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("terms_acceptances").execute();
  await db.schema.dropTable("terms").execute();
  await db.schema.dropTable("managed_login_brandings").execute();
  await db.schema.dropTable("ui_customizations").execute();
}
