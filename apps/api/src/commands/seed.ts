import { createAppDb, migrateToLatest, seedAppDb, SEED_USERS } from "@authhub/appdb";
import { ConfigError, type DbConfig } from "../config.js";
import type { Logger } from "../logger.js";

/**
 * `npm run seed`: migrates, then cleans the users table and inserts the tutorial's four test users.
 * Cleaning a production table is destructive, so production needs an explicit `--force`.
 */
export async function runSeed(config: DbConfig, logger: Logger, options: { force?: boolean } = {}): Promise<void> {
  if (config.dbEnv === "production" && !options.force) {
    throw new ConfigError(
      "Refusing to seed with DB_ENV=production: seeding deletes every user row. Pass --force if you mean it.",
    );
  }
  const db = await createAppDb(config.db);
  try {
    await migrateToLatest(db);
    await seedAppDb(db);
    logger.info({ engine: config.db.engine, users: SEED_USERS.length }, "users table cleaned and seeded");
  } finally {
    await db.destroy();
  }
}
