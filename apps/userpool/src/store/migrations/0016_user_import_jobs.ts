import { PostgresAdapter, type Kysely } from "kysely";

/**
 * User import jobs (CreateUserImportJob and its siblings): one row per job with Cognito's status and
 * statistics. The uploaded CSV and the per-row log live in the data directory, not here (ADR 0029).
 * `heartbeat_at` is written by the instance running the job after every batch, so a job whose runner
 * died is recognised as such. Jobs go with their pool (cascade).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("user_import_jobs")
    .addColumn("job_id", "varchar(55)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("job_name", "varchar(128)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("cloudwatch_logs_role_arn", "varchar(2048)", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("started_at", time)
    .addColumn("completed_at", time)
    .addColumn("uploaded_at", time)
    .addColumn("heartbeat_at", time)
    .addColumn("imported_users", time, (c) => c.notNull().defaultTo(0))
    .addColumn("skipped_users", time, (c) => c.notNull().defaultTo(0))
    .addColumn("failed_users", time, (c) => c.notNull().defaultTo(0))
    .addColumn("completion_message", "varchar(1024)")
    .execute();
  await db.schema
    .createIndex("user_import_jobs_pool_idx")
    .on("user_import_jobs")
    .columns(["pool_id", "created_at", "job_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("user_import_jobs").execute();
}
