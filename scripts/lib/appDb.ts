/**
 * The app database (the API's `users` table, also written by the user-sync trigger): migrated on
 * every start, seeded with the tutorial's four users only when it is new, so a second start keeps
 * the rows the trigger created (their ids are in users' tokens as db_user_id).
 */
import { createAppDb, migrateToLatest, seedAppDb, type AppDbConfig } from "@authhub/appdb";

export interface AppDbTarget {
  /** PostgreSQL URL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string;
  sqliteFile: string;
}

export function appDbConfig(t: AppDbTarget): AppDbConfig {
  return t.databaseUrl
    ? { engine: "postgres", connectionString: t.databaseUrl }
    : { engine: "sqlite", file: t.sqliteFile };
}

/**
 * The variables the API and the trigger read (packages/appdb/src/config.ts) to find this database.
 * DB_ENV stays development: the stack is a development system even on PostgreSQL.
 */
export function appDbEnv(t: AppDbTarget): Record<string, string> {
  return t.databaseUrl
    ? { DB_ENV: "development", DATABASE_URL: t.databaseUrl }
    : { DB_ENV: "development", APP_SQLITE_FILE: t.sqliteFile };
}

/** Migrates; seeds when the users table is empty. Returns whether it seeded. */
export async function prepareAppDb(t: AppDbTarget): Promise<{ seeded: boolean; users: number }> {
  const db = await createAppDb(appDbConfig(t));
  try {
    await migrateToLatest(db);
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("users")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    if ((await count()) > 0) return { seeded: false, users: await count() };
    await seedAppDb(db);
    return { seeded: true, users: await count() };
  } finally {
    await db.destroy();
  }
}
