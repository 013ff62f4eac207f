import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Remembered devices (services/devices.ts). `user_devices` holds one row per device key issued in
 * NewDeviceMetadata: unconfirmed (no verifier) until ConfirmDevice stores the device's SRP verifier,
 * encrypted like the password verifier. `device_sessions` binds a sign-in (its origin_jti, shared by
 * every token descended from it) to the device it was made with, so a refresh can require that
 * device's DEVICE_KEY and ForgetDevice can end the device's sessions. The device's rows go with
 * its user and its pool (cascades), its sessions with the device.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const time = pg ? "bigint" : "integer";
  await db.schema
    .createTable("user_devices")
    .addColumn("device_key", "varchar(55)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull().references("user_pools.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("group_key", "varchar(55)", (c) => c.notNull())
    .addColumn("name", "varchar(1024)")
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("salt", "varchar(128)")
    .addColumn("verifier_enc", "text")
    .addColumn("last_ip", "varchar(64)")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addColumn("last_authenticated_at", time)
    .addColumn("confirmed_at", time)
    .execute();
  // ListDevices pages through one user's devices in a stable order.
  await db.schema
    .createIndex("user_devices_user_idx")
    .on("user_devices")
    .columns(["pool_id", "user_id", "device_key"])
    .execute();
  // Housekeeping deletes devices never confirmed.
  await db.schema
    .createIndex("user_devices_unconfirmed_idx")
    .on("user_devices")
    .columns(["confirmed_at", "created_at"])
    .execute();

  await db.schema
    .createTable("device_sessions")
    .addColumn("origin_jti", "varchar(64)", (c) => c.primaryKey())
    .addColumn("pool_id", "varchar(55)", (c) => c.notNull())
    .addColumn("device_key", "varchar(55)", (c) =>
      c.notNull().references("user_devices.device_key").onDelete("cascade"),
    )
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("device_sessions_device_idx").on("device_sessions").column("device_key").execute();
  await db.schema.createIndex("device_sessions_expiry_idx").on("device_sessions").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("device_sessions").ifExists().execute();
  await db.schema.dropTable("user_devices").ifExists().execute();
}
