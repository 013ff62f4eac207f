import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Account lifecycle: revoked token origins and per-user sign-out watermarks, sign-in
 * lockout counters, per-user operation quotas, groups and memberships, and attribute values that
 * wait for verification (AttributesRequireVerificationBeforeUpdate). Every table hangs off a pool
 * or a user with ON DELETE CASCADE, so deleting either leaves nothing behind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  const s = db.schema;

  // RevokeToken and GlobalSignOut: an access token whose origin_jti is listed here is refused.
  await s
    .createTable("revoked_origins")
    .addColumn("origin_jti", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)")
    .addColumn("revoked_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await s.createIndex("revoked_origins_expiry_idx").on("revoked_origins").column("expires_at").execute();

  // GlobalSignOut watermark: tokens issued before it are refused even without a known origin.
  await s
    .createTable("user_signouts")
    .addColumn("user_id", "varchar(36)", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("signed_out_at", time, (c) => c.notNull())
    .execute();

  // One counter per user (all its aliases) or per unknown name (PreventUserExistenceErrors).
  await s
    .createTable("sign_in_lockouts")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("subject", "varchar(128)", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failure_at", time, (c) => c.notNull())
    .addColumn("locked_until", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("sign_in_lockouts_pkey", ["pool_id", "subject"])
    .execute();

  await s
    .createTable("user_quotas")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("subject", "varchar(128)", (c) => c.notNull())
    .addColumn("kind", "varchar(48)", (c) => c.notNull())
    .addColumn("window_start", time, (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_quotas_pkey", ["pool_id", "subject", "kind"])
    .execute();

  await s
    .createTable("user_pool_groups")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("name", "varchar(128)", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("role_arn", "varchar(2048)")
    .addColumn("precedence", "integer")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("user_pool_groups_pkey", ["pool_id", "name"])
    .execute();

  await s
    .createTable("user_group_members")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("group_name", "varchar(128)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("user_group_members_pkey", ["pool_id", "group_name", "user_id"])
    .addForeignKeyConstraint(
      "user_group_members_group_fk",
      ["pool_id", "group_name"],
      "user_pool_groups",
      ["pool_id", "name"],
      (c) => c.onDelete("cascade"),
    )
    .execute();
  await s.createIndex("user_group_members_user_idx").on("user_group_members").column("user_id").execute();

  await s
    .createTable("pending_attributes")
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("name", "varchar(32)", (c) => c.notNull())
    .addColumn("value", "varchar(2048)", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("pending_attributes_pkey", ["user_id", "name"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "pending_attributes",
    "user_group_members",
    "user_pool_groups",
    "user_quotas",
    "sign_in_lockouts",
    "user_signouts",
    "revoked_origins",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
