import { sql, type Kysely } from "kysely";
import { pgPoolOf } from "../db.js";
import type { HealthStore } from "../health.js";
import type { Database } from "../schema.js";

export function kyselyHealthStore(db: Kysely<Database>): HealthStore {
  const pool = pgPoolOf(db);
  return {
    async ping() {
      await sql`select 1`.execute(db);
    },
    async appliedMigrations() {
      // Unqualified: on PostgreSQL the connection's search_path is the schema the migrator wrote to.
      const rows = await sql<{ name: string }>`select name from userpool_migrations order by name`.execute(db);
      return rows.rows.map((r) => r.name);
    },
    poolState() {
      return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined;
    },
  };
}
