import { PostgresAdapter, type Kysely } from "kysely";

/**
 * The development SMS outbox (services/sms/devOutbox.ts), the twin of dev_messages: texts kept
 * instead of sent, newest first, looked up by number. The body is sealed under the data key. No
 * foreign key to the pool: the outbox is a development log, and housekeeping bounds it by age and count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("dev_sms")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("to_number", "varchar(32)", (c) => c.notNull())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("kind", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", pg ? "bigint" : "integer", (c) => c.notNull())
    .addColumn("content_enc", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dev_sms_to_idx").on("dev_sms").columns(["to_number", "created_at"]).execute();
  await db.schema.createIndex("dev_sms_created_idx").on("dev_sms").columns(["created_at", "id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("dev_sms").ifExists().execute();
}
