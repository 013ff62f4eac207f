import { createAppDb, type AppDb, type AppDbConfig } from "@authhub/appdb";
import { createPgTestSchema } from "@authhub/appdb/testing";

/**
 * The engines every database test runs on: SQLite always, PostgreSQL whenever DATABASE_URL is set
 * (docs/conventions.md). Each `open()` gives a fresh, empty database that `done()` removes.
 */
export interface OpenedDb {
  db: AppDb;
  config: AppDbConfig;
  /** Environment that points a child process at the same database. */
  env: Record<string, string>;
  done(): Promise<void>;
}

export type Engine = [name: "sqlite" | "postgres", open: () => Promise<OpenedDb>];

export const engines: Engine[] = [
  [
    "sqlite",
    async () => {
      const config: AppDbConfig = { engine: "sqlite", file: ":memory:" };
      const db = await createAppDb(config);
      return { db, config, env: {}, done: () => db.destroy() };
    },
  ],
];

const base = process.env.DATABASE_URL;
if (base) {
  engines.push([
    "postgres",
    async () => {
      const schema = await createPgTestSchema(base, "api");
      const config: AppDbConfig = { engine: "postgres", connectionString: schema.url };
      const db = await createAppDb(config);
      return {
        db,
        config,
        env: { DATABASE_URL: schema.url },
        async done() {
          // A test may have destroyed the connection on purpose; the schema must go regardless.
          await db.destroy().catch(() => undefined);
          await schema.drop();
        },
      };
    },
  ]);
}
