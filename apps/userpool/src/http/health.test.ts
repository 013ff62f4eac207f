/**
 * Readiness against databases that cannot serve: a closed SQLite handle, a PostgreSQL URL to a
 * closed port, one that never answers, and a database missing a migration or ahead of the code.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestStore, testEngines } from "../../test/support/engines.js";
import { openDatabase } from "../store/db.js";
import type { HealthStore } from "../store/index.js";
import { kyselyHealthStore } from "../store/kysely/health.js";
import { migrations } from "../store/migrations/index.js";
import { notReadyReason } from "./health.js";

describe.each(testEngines())("readiness on $name", (engine) => {
  it("is ready on a migrated database; names a missing and an unknown migration", async () => {
    const store = await createTestStore(engine);
    try {
      expect(await notReadyReason(store.health)).toBeUndefined();
      const first = Object.keys(migrations)[0]!;
      const row = (
        await sql<{ timestamp: string }>`select timestamp from userpool_migrations where name = ${first}`.execute(
          store.db,
        )
      ).rows[0]!;
      await sql`delete from userpool_migrations where name = ${first}`.execute(store.db);
      expect(await notReadyReason(store.health)).toBe(`migrations not applied: ${first}`);
      await sql`insert into userpool_migrations (name, timestamp) values (${first}, ${row.timestamp})`.execute(
        store.db,
      );
      await sql`insert into userpool_migrations (name, timestamp) values ('9999_future', ${row.timestamp})`.execute(
        store.db,
      );
      expect(await notReadyReason(store.health)).toBe(
        "the database has migrations this version does not know: 9999_future",
      );
    } finally {
      await store.close();
    }
  });

  it("is not ready once the database handle is closed", async () => {
    const db = await engine.create();
    const kysely = await openDatabase(db.target);
    const health = kyselyHealthStore(kysely);
    // Kysely opens the connection at the first query; destroy() closes it only once opened.
    await health.ping();
    await kysely.destroy();
    try {
      expect(await notReadyReason(health)).toBe("the database is unreachable");
    } finally {
      await db.cleanup();
    }
  });
});

describe("readiness without a database", () => {
  it("a PostgreSQL URL to a closed port is unreachable", async () => {
    const port = await freePort();
    const db = await openDatabase({ engine: "postgres", url: `postgres://postgres@127.0.0.1:${port}/none` });
    try {
      expect(await notReadyReason(kyselyHealthStore(db))).toBe("the database is unreachable");
    } finally {
      await db.destroy();
    }
  });

  it("a database that accepts the connection and never answers fails within the timeout", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as AddressInfo).port;
    const db = await openDatabase({ engine: "postgres", url: `postgres://postgres@127.0.0.1:${port}/none` });
    try {
      expect(await notReadyReason(kyselyHealthStore(db), 200)).toBe("the database did not answer within 200 ms");
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
      await db.destroy().catch(() => undefined);
    }
  });

  it("a migration table that cannot be read is a reason of its own", async () => {
    const broken: HealthStore = {
      ping: async () => undefined,
      appliedMigrations: async () => {
        throw new Error("relation does not exist");
      },
      poolState: () => undefined,
    };
    expect(await notReadyReason(broken)).toBe("the database's migration table could not be read");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
