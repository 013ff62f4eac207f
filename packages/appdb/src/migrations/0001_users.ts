import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("users")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("sub", "varchar(128)", (c) => c.notNull())
    .addColumn("email", "varchar(320)")
    .addColumn("created_at", pg ? "timestamptz" : "text", (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .addColumn("updated_at", pg ? "timestamptz" : "text", (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
  // Uniqueness lives in the index so concurrent upserts cannot create duplicates.
  await db.schema.createIndex("users_sub_key").unique().on("users").column("sub").execute();
  await db.schema.createIndex("users_email_idx").on("users").column("email").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("users").execute();
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
