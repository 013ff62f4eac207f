import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Multi-factor sign-in. `user_mfa` holds a user's MFA settings (one row, only for users who have
 * any): which factors are on, the preferred one, and the authenticator-app (TOTP) secret, encrypted
 * with AAD binding it to pool and user. `totp_last_step` is the last time step accepted, so a code
 * is used once (RFC 6238 §5.2): accepting a step is a conditional update. `auth_sessions.attempts`
 * counts wrong codes answered against one MFA challenge session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("user_mfa")
    .addColumn("user_id", "varchar(36)", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("totp_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("email_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sms_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("preferred", "varchar(32)")
    .addColumn("totp_secret_enc", "text")
    .addColumn("totp_pending_enc", "text")
    .addColumn("totp_device_name", "varchar(256)")
    .addColumn("totp_last_step", time, (c) => c.notNull().defaultTo(-1))
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable("auth_sessions")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("auth_sessions").dropColumn("attempts").execute();
  await db.schema.dropTable("user_mfa").execute();
}
