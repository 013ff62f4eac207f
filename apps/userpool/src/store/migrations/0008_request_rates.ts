import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Request-rate counters (services/requestRates): one row per counter ("c:<pool>:<category>",
 * "a:<endpoint>:<address>"), holding the count of its current fixed window and when that window
 * ends. No foreign key to the pool: counters outlive nothing but their window, and housekeeping
 * deletes them once it has ended. No index on expires_at: every counted request moves it, and the
 * purge every few minutes scans a table of one row per recently active counter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("request_rates")
    .addColumn("counter", "varchar(200)", (c) => c.primaryKey())
    .addColumn("expires_at", pg ? "bigint" : "integer", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    // SQLite: the primary key is the table (one B-tree per upsert, not two).
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("request_rates").ifExists().execute();
}
