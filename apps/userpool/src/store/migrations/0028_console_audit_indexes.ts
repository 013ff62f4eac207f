import type { Kysely } from "kysely";

/**
 * The console's audit log, retention and filters (ADR 0056): housekeeping deletes entries older than the
 * retention by `at`, and the audit API pages newest first by id, optionally of one actor or one operation.
 * Without these each retention batch and each filtered page read the whole log, which grows for years.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("console_audit_at").on("console_audit").column("at").execute();
  await db.schema.createIndex("console_audit_who").on("console_audit").columns(["who", "id"]).execute();
  await db.schema.createIndex("console_audit_operation").on("console_audit").columns(["operation", "id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("console_audit_operation").execute();
  await db.schema.dropIndex("console_audit_who").execute();
  await db.schema.dropIndex("console_audit_at").execute();
}
