import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Threat protection (services/risk/). `risk_configurations` holds SetRiskConfiguration's settings, one
 * row per pool (client_id '') and per app client that has its own. `auth_events` is the user event
 * history AdminListUserAuthEvents pages through, newest first: one row per sign-in, sign-up, password
 * change or forgotten-password request, with the request's address and device, the outcome, the risk
 * assessment and any feedback. Rows go with their pool and their user (cascades); housekeeping deletes
 * events past the retention (ADR 0031).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("risk_configurations")
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("client_id", "varchar(128)", (c) => c.notNull())
    .addColumn("configuration", "text", (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("risk_configurations_pk", ["pool_id", "client_id"])
    .execute();

  await db.schema
    .createTable("auth_events")
    .addColumn("event_id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("event_type", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("response", "varchar(16)", (c) => c.notNull())
    .addColumn("risk_decision", "varchar(16)", (c) => c.notNull())
    .addColumn("risk_level", "varchar(8)")
    .addColumn("compromised", "integer", (c) => c.notNull())
    .addColumn("challenges", "text", (c) => c.notNull())
    .addColumn("ip", "varchar(64)")
    .addColumn("device_name", "varchar(256)")
    .addColumn("feedback_value", "varchar(8)")
    .addColumn("feedback_provider", "varchar(32)")
    .addColumn("feedback_at", time)
    .execute();
  // One user's history, newest first, and the recent window the risk score reads.
  await db.schema
    .createIndex("auth_events_user_idx")
    .on("auth_events")
    .columns(["pool_id", "user_id", "created_at", "event_id"])
    .execute();
  // Housekeeping deletes by age.
  await db.schema.createIndex("auth_events_created_idx").on("auth_events").column("created_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("auth_events").ifExists().execute();
  await db.schema.dropTable("risk_configurations").ifExists().execute();
}
