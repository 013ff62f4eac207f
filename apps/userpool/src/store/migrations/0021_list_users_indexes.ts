import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Indexes that serve every ListUsers filter (exact and prefix) and keyset pages at any depth, and the username key
 * of each group member so ListUsersInGroup pages in username order from an index (ADR 0034).
 *
 * Each filter column is indexed as the expression the store queries (`store/kysely/userFilters.ts` builds the same
 * text; the EXPLAIN test fails if they part). On PostgreSQL every text key is compared in the "C" collation, so a
 * prefix is the byte range `>= p AND < next(p)` and the order matches SQLite's BINARY one. Building the indexes is
 * the backfill: existing users are indexed as the statement runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const c = (e: string) => (pg ? `(${e} collate "C")` : e);
  const attr = (name: string) => (pg ? `(attributes::jsonb ->> '${name}')` : `json_extract(attributes, '$."${name}"')`);
  const lowerC = (e: string) => (pg ? `lower(${e} collate "C")` : `lower(${e})`);
  const key = c("username_key");

  const indexes: Record<string, string[]> = {
    sub: [c("id"), key],
    user_status: [lowerC("status"), key],
    enabled: ["enabled", key],
    email: [lowerC(attr("email")), key],
  };
  for (const a of ["phone_number", "name", "given_name", "family_name", "preferred_username"])
    indexes[a] = [c(attr(a)), key];
  // SQLite's unique (pool_id, username_key) already orders by BINARY; PostgreSQL's follows the database collation.
  if (pg) indexes.username = [key];
  for (const [name, columns] of Object.entries(indexes)) {
    const list = sql.raw(columns.join(", "));
    await sql`create index ${sql.raw(`users_filter_${name}`)} on users (pool_id, ${list})`.execute(db);
  }

  // The username is immutable, so a member row can carry its key (set from the user row on every insert).
  await db.schema.alterTable("user_group_members").addColumn("username_key", "varchar(128)").execute();
  await sql`update user_group_members set username_key =
    (select u.username_key from users u where u.id = user_group_members.user_id)`.execute(db);
  await sql`create index user_group_members_username_idx
    on user_group_members (pool_id, group_name, ${sql.raw(key)})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex("user_group_members_username_idx").execute();
  await db.schema.alterTable("user_group_members").dropColumn("username_key").execute();
  const names = ["sub", "user_status", "enabled", "email", "phone_number", "name", "given_name", "family_name"];
  names.push("preferred_username", ...(pg ? ["username"] : []));
  for (const name of names) await db.schema.dropIndex(`users_filter_${name}`).execute();
}
