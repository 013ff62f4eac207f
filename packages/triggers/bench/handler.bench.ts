/**
 * Warm-container cost of one PreTokenGeneration invocation (`npm run bench -w packages/triggers`).
 * On PostgreSQL (DATABASE_URL set) it also measures the tutorial's pattern of opening a pool per
 * invocation, which this function replaces with one pool per container.
 */
import { randomUUID } from "node:crypto";
import { afterAll, bench, describe } from "vitest";
import { createAppDb } from "@authhub/appdb";
import { createHandler } from "../src/handler.js";
import { createTestDatabase, ENGINES, memoryLogger, v1Event, type TestDatabase } from "../test/support/engines.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const opened: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(opened.map((t) => t.drop()));
});

for (const engine of ENGINES) {
  const tdb = await createTestDatabase(engine);
  opened.push(tdb);
  const handler = createHandler({ db: await tdb.connect(), log: quiet });
  const returning = v1Event(randomUUID(), "returning@example.com");
  await handler(returning);

  describe(`PreTokenGeneration on ${engine} (warm container)`, () => {
    bench("returning user (upsert hits the conflict branch)", async () => {
      await handler(returning);
    });
    bench("first sign-in (upsert inserts)", async () => {
      await handler(v1Event(randomUUID(), "new@example.com"));
    });
    if (engine === "postgres") {
      bench("tutorial pattern: a new pool for every invocation", async () => {
        const db = await createAppDb({ engine: "postgres", connectionString: tdb.env.DATABASE_URL! });
        try {
          await createHandler({ db, log: memoryLogger().log })(returning);
        } finally {
          await db.destroy();
        }
      });
    }
  });
}
