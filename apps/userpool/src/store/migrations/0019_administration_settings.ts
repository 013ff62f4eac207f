import { PostgresAdapter, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import { userSnapshot } from "../userHistory.js";

/**
 * Settings of the administration operations that are not part of a pool's or client's Describe* shape, so they
 * live beside those rows rather than in their settings documents (which DescribeUserPool and
 * DescribeUserPoolClient answer member for member):
 * - `pool_configurations`: one JSON document per pool and name (SetUserPoolSessionConfiguration, log delivery);
 * - `client_configurations`: the same per app client (SetUserPoolClientSessionConfiguration);
 * - `provisioned_limits`: UpdateProvisionedLimit's request-rate limits, server-wide as Cognito's are per account;
 * - `user_history`: point-in-time recovery's change log, a snapshot of a user (row and aliases) after every change,
 *   or null for its deletion, kept while the pool exists; every existing user gets one now, and each existing pool a
 *   `recoverySince` document: it cannot be recovered to a time before its users' latest change at this migration;
 * - `point_in_time_recoveries`: the recoveries InitiatePointInTimeRecovery started.
 * Everything goes with its pool or client (cascade).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const time = db.getExecutor().adapter instanceof PostgresAdapter ? "bigint" : "integer";
  await db.schema
    .createTable("pool_configurations")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("name", "varchar(64)", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("pool_configurations_pkey", ["pool_id", "name"])
    .execute();
  await db.schema
    .createTable("client_configurations")
    .addColumn("client_id", "varchar(128)", (c) => c.notNull().references("user_pool_clients.id").onDelete("cascade"))
    .addColumn("name", "varchar(64)", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("client_configurations_pkey", ["client_id", "name"])
    .execute();
  await db.schema
    .createTable("provisioned_limits")
    .addColumn("category", "varchar(64)", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("user_history")
    .addColumn("seq", pg ? "bigserial" : "integer", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull())
    .addColumn("changed_at", time, (c) => c.notNull())
    .addColumn("snapshot", "text")
    .execute();
  await db.schema.createIndex("user_history_pool_time").on("user_history").columns(["pool_id", "changed_at"]).execute();
  await db.schema.createIndex("user_history_user").on("user_history").columns(["pool_id", "user_id"]).execute();
  await db.schema
    .createTable("point_in_time_recoveries")
    .addColumn("restore_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("status", "varchar(48)", (c) => c.notNull())
    .addColumn("restore_timestamp", time, (c) => c.notNull())
    .addColumn("trigger_timestamp", time, (c) => c.notNull())
    .addColumn("preview", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("point_in_time_recoveries_pool")
    .on("point_in_time_recoveries")
    .columns(["pool_id", "created_at"])
    .execute();
  await baseline(db as Kysely<Database>);
}

/** A snapshot of every existing user, in pages, and each pool's earliest recovery point. */
async function baseline(db: Kysely<Database>): Promise<void> {
  const pools = await db.selectFrom("user_pools").select(["id", "updated_at"]).execute();
  for (const pool of pools) {
    let since = Number(pool.updated_at);
    let after = "";
    for (;;) {
      const users = await db
        .selectFrom("users")
        .selectAll()
        .where("pool_id", "=", pool.id)
        .where("id", ">", after)
        .orderBy("id")
        .limit(500)
        .execute();
      if (!users.length) break;
      const aliases = await db
        .selectFrom("user_aliases")
        .selectAll()
        .where(
          "user_id",
          "in",
          users.map((u) => u.id),
        )
        .execute();
      await db
        .insertInto("user_history")
        .values(
          users.map((u) => ({
            pool_id: pool.id,
            user_id: u.id,
            changed_at: Number(u.updated_at),
            snapshot: JSON.stringify(
              userSnapshot(
                u,
                aliases.filter((a) => a.user_id === u.id),
              ),
            ),
          })),
        )
        .execute();
      for (const u of users) since = Math.max(since, Number(u.updated_at));
      after = users.at(-1)!.id;
    }
    await db
      .insertInto("pool_configurations")
      .values({ pool_id: pool.id, name: "recoverySince", value: JSON.stringify({ since }), updated_at: since })
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("point_in_time_recoveries").execute();
  await db.schema.dropTable("user_history").execute();
  await db.schema.dropTable("provisioned_limits").execute();
  await db.schema.dropTable("client_configurations").execute();
  await db.schema.dropTable("pool_configurations").execute();
}
