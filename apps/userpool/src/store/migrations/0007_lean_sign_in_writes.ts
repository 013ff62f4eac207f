import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Fewer index pages written per sign-in (each one is a WAL frame on SQLite):
 * - srp_answered_challenges is keyed by (expires_at, challenge_id): the key serves both the
 *   single-use check (an answer carries both values from its sealed block) and the purge by expiry,
 *   so the separate expiry index goes; on SQLite the table is WITHOUT ROWID, one B-tree in all.
 * - refresh_tokens_parent_idx indexes only rotated tokens (parent_hash set); tokens from a sign-in
 *   have none, and the only lookup is by equality.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("srp_answered_challenges_next")
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("challenge_id", "varchar(32)", (c) => c.notNull())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    // Named for what it is, not for the temporary table (SQLite keeps the name in the table's SQL).
    .addPrimaryKeyConstraint("srp_answered_challenges_key", ["expires_at", "challenge_id"])
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  await sql`insert into srp_answered_challenges_next (expires_at, challenge_id, pool_id)
    select expires_at, challenge_id, pool_id from srp_answered_challenges`.execute(db);
  await db.schema.dropTable("srp_answered_challenges").execute();
  await db.schema.alterTable("srp_answered_challenges_next").renameTo("srp_answered_challenges").execute();

  await db.schema.dropIndex("refresh_tokens_parent_idx").execute();
  await db.schema
    .createIndex("refresh_tokens_parent_idx")
    .on("refresh_tokens")
    .column("parent_hash")
    .where(sql.ref("parent_hash"), "is not", null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema.dropIndex("refresh_tokens_parent_idx").execute();
  await db.schema.createIndex("refresh_tokens_parent_idx").on("refresh_tokens").column("parent_hash").execute();

  await db.schema
    .createTable("srp_answered_challenges_prev")
    .addColumn("challenge_id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await sql`insert into srp_answered_challenges_prev (challenge_id, pool_id, expires_at)
    select challenge_id, pool_id, expires_at from srp_answered_challenges`.execute(db);
  await db.schema.dropTable("srp_answered_challenges").execute();
  await db.schema.alterTable("srp_answered_challenges_prev").renameTo("srp_answered_challenges").execute();
  if (pg)
    await sql`alter table srp_answered_challenges
      rename constraint srp_answered_challenges_prev_pkey to srp_answered_challenges_pkey`.execute(db);
  await db.schema
    .createIndex("srp_answered_challenges_expiry_idx")
    .on("srp_answered_challenges")
    .column("expires_at")
    .execute();
}
