import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createAppDb, migrateToLatest, seedAppDb, SEED_USERS, type AppDb } from "../src/index.js";
import { createPgTestSchema } from "../src/testing.js";

// Regression: with two schemas in one PostgreSQL database, Kysely found the first schema's
// app_migrations and skipped creating the second's ("relation app_migrations_lock does not exist").
type Pair = () => Promise<{ a: AppDb; b: AppDb; done(): Promise<void> }>;
const engines: Array<[string, Pair]> = [
  [
    "sqlite",
    async () => {
      const a = await createAppDb({ engine: "sqlite", file: ":memory:" });
      const b = await createAppDb({ engine: "sqlite", file: ":memory:" });
      return {
        a,
        b,
        done: async () => {
          await a.destroy();
          await b.destroy();
        },
      };
    },
  ],
];
const base = process.env.DATABASE_URL;
if (base) {
  engines.push([
    "postgres (two schemas of one database)",
    async () => {
      const sa = await createPgTestSchema(base, "mig_a");
      const sb = await createPgTestSchema(base, "mig_b");
      const a = await createAppDb({ engine: "postgres", connectionString: sa.url });
      const b = await createAppDb({ engine: "postgres", connectionString: sb.url });
      return {
        a,
        b,
        done: async () => {
          await a.destroy();
          await b.destroy();
          await sa.drop();
          await sb.drop();
        },
      };
    },
  ]);
}

describe.each(engines)("independent app databases on %s", (_name, open) => {
  it("migrate and seed without seeing each other", async () => {
    const { a, b, done } = await open();
    try {
      expect((await migrateToLatest(a)).results?.map((r) => r.migrationName)).toEqual(["0001_users"]);
      expect((await migrateToLatest(b)).results?.map((r) => r.migrationName)).toEqual(["0001_users"]);
      expect((await migrateToLatest(a)).results).toEqual([]);
      await seedAppDb(b);
      expect(await b.selectFrom("users").select("email").orderBy("id").execute()).toEqual(
        SEED_USERS.map((u) => ({ email: u.email })),
      );
      expect(await a.selectFrom("users").selectAll().execute()).toEqual([]);
    } finally {
      await done();
    }
  });
});

// Regression: Kysely's migrator lists the tables of every schema; a schema dropped by another client
// while that query ran failed the migration with `schema "…" does not exist`.
describe.each(base ? [base] : [])("migrating beside schemas that come and go on PostgreSQL", (url) => {
  it("fresh schemas migrate while another client creates and drops schemas", async () => {
    const churnSchema = await createPgTestSchema(url, "mig_churn");
    const admin = await createAppDb({ engine: "postgres", connectionString: churnSchema.url });
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop && i < 2000; i++) {
        const name = `churn_${process.pid}_${i}`;
        await sql`create schema ${sql.id(name)}`.execute(admin);
        await sql`create table ${sql.id(name, "t")} (x int)`.execute(admin);
        await sql`drop schema ${sql.id(name)} cascade`.execute(admin);
      }
    })();
    try {
      for (let i = 0; i < 15; i++) {
        const s = await createPgTestSchema(url, "mig_fresh");
        const db = await createAppDb({ engine: "postgres", connectionString: s.url });
        try {
          expect((await migrateToLatest(db)).results?.map((r) => r.migrationName)).toEqual(["0001_users"]);
        } finally {
          await db.destroy();
          await s.drop();
        }
      }
    } finally {
      stop = true;
      await churning;
      await admin.destroy();
      await churnSchema.drop();
    }
  });
});
