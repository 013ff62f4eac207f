import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAppDb, migrateToLatest, type AppDb } from "@authhub/appdb";
import { createPgTestSchema } from "@authhub/appdb/testing";
import type { PreTokenGenerationV1Event, PreTokenGenerationV2Event } from "../../src/events.js";

/**
 * One test database per test file: a fresh SQLite file, or a fresh PostgreSQL schema when
 * DATABASE_URL is set. `connect()` opens another independent connection (pool) to the same
 * database, which is how the tests play several Lambda containers at once.
 */
export interface TestDatabase {
  engine: "sqlite" | "postgres";
  connect(): Promise<AppDb>;
  /** The environment a handler (or the built bundle) needs to find this database on its own. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export type EngineName = TestDatabase["engine"];

export const ENGINES: EngineName[] = process.env.DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];

export async function createTestDatabase(engine: EngineName, { migrate = true } = {}): Promise<TestDatabase> {
  const opened: AppDb[] = [];
  let db: TestDatabase;
  if (engine === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "authhub-triggers-"));
    const file = join(dir, "app.sqlite");
    db = {
      engine,
      env: { DB_ENV: "development", APP_SQLITE_FILE: file },
      connect: async () => track(await createAppDb({ engine: "sqlite", file })),
      drop: async () => {
        await Promise.all(opened.map((d) => d.destroy()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } else {
    const base = process.env.DATABASE_URL;
    if (!base)
      throw new Error("PostgreSQL tests need DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test");
    const schema = await createPgTestSchema(base, "triggers");
    db = {
      engine,
      env: { DB_ENV: "production", DATABASE_URL: schema.url },
      connect: async () => track(await createAppDb({ engine: "postgres", connectionString: schema.url })),
      drop: async () => {
        await Promise.all(opened.map((d) => d.destroy()));
        await schema.drop();
      },
    };
  }
  function track(d: AppDb): AppDb {
    opened.push(d);
    return d;
  }
  if (migrate) await migrateToLatest(await db.connect());
  return db;
}

const fixturesDir = new URL("../../fixtures/", import.meta.url);

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, fixturesDir), "utf8")) as T;
}

/** A recorded event for a brand-new user (fresh sub), optionally with another email. */
export function v1Event(
  sub: string,
  email: string | null,
  name = "pre-token-generation-v1-authentication.json",
): PreTokenGenerationV1Event {
  return withUser(fixture<PreTokenGenerationV1Event>(name), sub, email);
}

export function v2Event(
  sub: string,
  email: string | null,
  name = "pre-token-generation-v2-authentication.json",
): PreTokenGenerationV2Event {
  return withUser(fixture<PreTokenGenerationV2Event>(name), sub, email);
}

function withUser<E extends { userName: string; request: { userAttributes: Record<string, string> } }>(
  event: E,
  sub: string,
  email: string | null,
): E {
  const attributes: Record<string, string> = { ...event.request.userAttributes, sub };
  if (email === null) delete attributes.email;
  else attributes.email = email;
  return { ...event, userName: sub, request: { ...event.request, userAttributes: attributes } };
}

/** A logger that keeps what it is told, for assertions. */
export function memoryLogger() {
  const lines: Array<{ level: string; msg: string; [k: string]: unknown }> = [];
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, msg, ...fields });
  return { lines, log: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}
