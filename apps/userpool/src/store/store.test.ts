import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createStore } from "./index.js";
import { openDatabase } from "./db.js";
import { migrateToLatest, migrations } from "./migrations/index.js";
import { storeContract } from "./store.contract.js";
import { lifecycleStoreContract } from "./lifecycle.contract.js";
import { testEngines } from "./testing.js";
import type { Store } from "./types.js";

describe.each(testEngines())("store contract on $name", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await engine.create();
    cleanup = db.cleanup;
    store = await createStore(db.target);
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  storeContract(async () => store);
  lifecycleStoreContract(async () => store);

  it("migrates a database that already holds data, and re-running migrations is a no-op", async () => {
    const fresh = await engine.create();
    try {
      const names = Object.keys(migrations);
      const db = await openDatabase(fresh.target);
      await migrateToLatest(db, names[0]);
      await db.insertInto("user_pools").values({ id: "us-east-1_keepme000", name: "keep", settings: "{}", created_at: 1, updated_at: 1 }).execute();
      await migrateToLatest(db);
      const again = await migrateToLatest(db);
      expect(again.results).toEqual([]);
      const row = await db.selectFrom("user_pools").selectAll().where("id", "=", "us-east-1_keepme000").executeTakeFirst();
      expect(row).toMatchObject({ name: "keep", created_at: 1 });
      const applied = await sql<{ name: string }>`select name from userpool_migrations order by name`.execute(db);
      expect(applied.rows.map((r) => r.name)).toEqual(names);
      await db.destroy();
    } finally {
      await fresh.cleanup();
    }
  });
});
