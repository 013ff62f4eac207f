import { PostgresAdapter, type Kysely } from "kysely";

/**
 * PASSWORD_VERIFIER challenges travel sealed in their SECRET_BLOCK (services/srpChallenge.ts), so
 * InitiateAuth writes nothing. What must be shared is that a challenge was answered: its random ID
 * is recorded here by the first answer and refused to any later one, until the challenge would have
 * expired anyway (then the row may be purged).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("srp_answered_challenges")
    .addColumn("challenge_id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("srp_answered_challenges_expiry_idx")
    .on("srp_answered_challenges")
    .column("expires_at")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("srp_answered_challenges").execute();
}
