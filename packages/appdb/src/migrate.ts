import { Migrator, type Kysely, type Migration, type MigrationResultSet } from "kysely";
import * as m0001 from "./migrations/0001_users.js";

// Listed statically (not read from disk) so the Lambda bundle carries them.
const migrations: Record<string, Migration> = {
  "0001_users": m0001,
};

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: "app_migrations", migrationLockTableName: "app_migrations_lock" });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`app database migration ${failed} failed: ${(result.error as Error).message ?? result.error}`);
  }
  return result;
}
