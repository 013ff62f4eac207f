import { PostgresAdapter, type Kysely } from "kysely";

/**
 * The admin console (ADR 0052): its sessions and pending sign-in steps, shared by every instance, and
 * its audit log of changes, sign-ins and sign-outs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("console_sessions")
    .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(16)", (c) => c.notNull())
    .addColumn("who", "varchar(512)", (c) => c.notNull())
    .addColumn("data_enc", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("idle_expires_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("console_sessions_expires").on("console_sessions").column("expires_at").execute();
  await db.schema
    .createTable("console_audit")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => c.primaryKey())
    .addColumn("at", time, (c) => c.notNull())
    .addColumn("who", "varchar(512)", (c) => c.notNull())
    .addColumn("operation", "varchar(128)", (c) => c.notNull())
    .addColumn("user_pool_id", "varchar(55)")
    .addColumn("target", "varchar(512)")
    .addColumn("outcome", "varchar(128)", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("console_audit").execute();
  await db.schema.dropTable("console_sessions").execute();
}
