import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAppDb,
  migrateToLatest,
  resolveAppDbConfig,
  seedAppDb,
  SEED_USERS,
  toIso,
  parseRdsSecret,
  pingAppDb,
  type AppDb,
  AppDbConfigError,
} from "../src/index.js";
import { createPgTestSchema } from "../src/testing.js";

const engines: Array<[string, () => Promise<{ db: AppDb; done(): Promise<void> }>]> = [
  [
    "sqlite",
    async () => {
      const db = await createAppDb({ engine: "sqlite", file: ":memory:" });
      return { db, done: () => db.destroy() };
    },
  ],
];
if (process.env.DATABASE_URL) {
  const base = process.env.DATABASE_URL;
  engines.push([
    "postgres",
    async () => {
      const s = await createPgTestSchema(base, "appdb");
      const db = await createAppDb({ engine: "postgres", connectionString: s.url });
      return {
        db,
        done: async () => {
          await db.destroy();
          await s.drop();
        },
      };
    },
  ]);
}

describe.each(engines)("app database on %s", (_name, open) => {
  let db: AppDb;
  let done: () => Promise<void>;
  beforeAll(async () => ({ db, done } = await open()));
  afterAll(() => done());

  it("migrates, and migrating again is a no-op", async () => {
    const first = await migrateToLatest(db);
    expect(first.results?.map((r) => r.migrationName)).toEqual(["0001_users"]);
    const again = await migrateToLatest(db);
    expect(again.results).toEqual([]);
    await pingAppDb(db);
  });

  it("seeds after cleaning, keeping existing data out", async () => {
    await db.insertInto("users").values({ sub: "stray", email: "stray@example.com" }).execute();
    await seedAppDb(db);
    await seedAppDb(db);
    const rows = await db.selectFrom("users").selectAll().orderBy("id").execute();
    expect(rows.map((r) => r.email)).toEqual(SEED_USERS.map((u) => u.email));
    expect(Number.isNaN(Date.parse(toIso(rows[0]!.created_at)))).toBe(false);
  });

  it("enforces unique sub in the index", async () => {
    await expect(
      db.insertInto("users").values({ sub: SEED_USERS[0].sub, email: "x@example.com" }).execute(),
    ).rejects.toThrow();
  });
});

describe("resolveAppDbConfig", () => {
  it("defaults to a development SQLite file", async () => {
    expect(await resolveAppDbConfig({})).toEqual({ engine: "sqlite", file: ".data/app.sqlite" });
  });
  it("uses memory in testing", async () => {
    expect(await resolveAppDbConfig({ DB_ENV: "testing" })).toEqual({ engine: "sqlite", file: ":memory:" });
  });
  it("prefers DATABASE_URL anywhere", async () => {
    expect(await resolveAppDbConfig({ DB_ENV: "testing", DATABASE_URL: "postgres://h/db" })).toMatchObject({
      engine: "postgres",
      connectionString: "postgres://h/db",
    });
  });
  it("reads the tutorial's RDS_* variables in production", async () => {
    const c = await resolveAppDbConfig({
      DB_ENV: "production",
      RDS_HOSTNAME: "h",
      RDS_USERNAME: "u",
      RDS_PASSWORD: "p",
      RDS_DB_NAME: "d",
      RDS_PORT: "6543",
    });
    expect(c).toEqual({ engine: "postgres", host: "h", port: 6543, user: "u", password: "p", database: "d" });
  });
  it("reads the RDS-generated secret", async () => {
    const c = await resolveAppDbConfig(
      { DB_ENV: "production", DB_SECRET_ARN: "arn:x" },
      {
        fetchSecret: async (arn) => {
          expect(arn).toBe("arn:x");
          return JSON.stringify({
            username: "u",
            password: "p",
            host: "h",
            port: 5432,
            dbname: "d",
            engine: "postgres",
          });
        },
      },
    );
    expect(c).toEqual({ engine: "postgres", host: "h", port: 5432, user: "u", password: "p", database: "d" });
  });
  it("names what is missing", async () => {
    await expect(resolveAppDbConfig({ DB_ENV: "production" })).rejects.toThrow(/DATABASE_URL, RDS_HOSTNAME/);
    await expect(resolveAppDbConfig({ DB_ENV: "production", RDS_HOSTNAME: "h" })).rejects.toThrow(/RDS_USERNAME/);
    await expect(resolveAppDbConfig({ DB_ENV: "staging" })).rejects.toThrow(AppDbConfigError);
    expect(() => parseRdsSecret("nope")).toThrow(/JSON/);
  });
});
