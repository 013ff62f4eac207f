import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import { createAppDb } from "../src/index.js";
import { createPgTestSchema } from "../src/testing.js";

describe("createAppDb onPoolError", () => {
  it("is accepted and unused for SQLite (no pool)", async () => {
    const onPoolError = vi.fn();
    const db = await createAppDb({ engine: "sqlite", file: ":memory:" }, { onPoolError });
    await sql`select 1`.execute(db);
    await db.destroy();
    expect(onPoolError).not.toHaveBeenCalled();
  });

  if (process.env.DATABASE_URL) {
    it("receives the error when the server kills an idle pooled connection, and the pool recovers", async () => {
      const s = await createPgTestSchema(process.env.DATABASE_URL!, "appdb");
      const appName = `appdb-pool-${randomUUID().slice(0, 8)}`;
      const url = new URL(s.url);
      url.searchParams.set("application_name", appName);
      const onPoolError = vi.fn();
      const db = await createAppDb({ engine: "postgres", connectionString: url.toString(), max: 1 }, { onPoolError });
      const admin = await createAppDb({ engine: "postgres", connectionString: s.url });
      try {
        await sql`select 1`.execute(db); // leaves one idle connection in the pool
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${appName}`.execute(
          admin,
        );
        await vi.waitFor(() => expect(onPoolError).toHaveBeenCalledTimes(1));
        const { rows } = await sql<{ n: number }>`select 1 as n`.execute(db);
        expect(rows).toEqual([{ n: 1 }]);
      } finally {
        await db.destroy();
        await admin.destroy();
        await s.drop();
      }
    });
  }
});
