import { createAppDb, migrateToLatest } from "@authhub/appdb";
import type { DbConfig } from "../config.js";
import type { Logger } from "../logger.js";

/** `npm run migrate`: brings the app database to the latest schema version. */
export async function runMigrate(config: DbConfig, logger: Logger): Promise<string[]> {
  const db = await createAppDb(config.db);
  try {
    const result = await migrateToLatest(db);
    const applied = (result.results ?? []).map((r) => r.migrationName);
    logger.info(
      { engine: config.db.engine, applied },
      applied.length ? "migrations applied" : "schema already up to date",
    );
    return applied;
  } finally {
    await db.destroy();
  }
}
