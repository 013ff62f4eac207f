import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Client secret rotation (AddUserPoolClientSecret and friends): an app client holds up to two live secrets,
 * each with its own ID and creation time, so the one secret column of user_pool_clients becomes a table. The
 * secrets stay sealed under the data key exactly as before (same associated data, the client ID), so the
 * existing ones move over unchanged, with Cognito's ID form `<client-id>--<creation time>`. Secrets go with
 * their client (cascade).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("user_pool_client_secrets")
    .addColumn("secret_id", "varchar(160)", (c) => c.primaryKey())
    .addColumn("client_id", "varchar(128)", (c) => c.notNull().references("user_pool_clients.id").onDelete("cascade"))
    .addColumn("secret_enc", "text", (c) => c.notNull())
    .addColumn("created_at", pg ? "bigint" : "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("user_pool_client_secrets_client_idx")
    .on("user_pool_client_secrets")
    .columns(["client_id", "created_at"])
    .execute();
  await sql`insert into user_pool_client_secrets (secret_id, client_id, secret_enc, created_at)
    select id || '--' || created_at, id, secret_enc, created_at from user_pool_clients
    where secret_enc is not null`.execute(db);
  await db.schema.alterTable("user_pool_clients").dropColumn("secret_enc").execute();
}

/** Back to one secret per client: the oldest live one. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("user_pool_clients").addColumn("secret_enc", "text").execute();
  await sql`update user_pool_clients set secret_enc = (
    select s.secret_enc from user_pool_client_secrets s where s.client_id = user_pool_clients.id
    order by s.created_at, s.secret_id limit 1)`.execute(db);
  await db.schema.dropTable("user_pool_client_secrets").execute();
}
