/**
 * The storage engines the tests run on, and fresh databases on them: SQLite in a temporary
 * directory always, a fresh PostgreSQL schema whenever USERPOOL_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createPgTestSchema as createSchema } from "@authhub/appdb/testing";
import type { DatabaseTarget } from "../../src/store/db.js";
import { createStore, type Store } from "../../src/store/index.js";

/**
 * Test isolation on a shared PostgreSQL: a fresh schema and a URL whose search_path points at it
 * (the app database's helper), with an error that names the variable when PostgreSQL is not there.
 */
export async function createPgTestSchema(
  baseUrl: string,
  prefix = "up",
  variable = "USERPOOL_DATABASE_URL",
): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  try {
    return await createSchema(baseUrl, prefix);
  } catch (err) {
    throw new Error(
      `${variable} is set but no schema could be created on PostgreSQL at ${redactUrl(baseUrl)} ` +
        `(${(err as Error).message}). Start PostgreSQL or unset the variable.`,
    );
  }
}

function redactUrl(u: string): string {
  try {
    const url = new URL(u);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** A fresh, empty database and its cleanup. */
export interface TestDatabase {
  target: DatabaseTarget;
  cleanup(): Promise<void>;
}

export interface TestEngine {
  name: "sqlite" | "postgres";
  create(): Promise<TestDatabase>;
}

/**
 * The engines every storage-touching test runs on: SQLite always, PostgreSQL whenever
 * USERPOOL_DATABASE_URL is set. Used with `describe.each`, so an engine is either run or absent, never skipped.
 * `USERPOOL_TEST_ENGINES=postgres` keeps only PostgreSQL: CI's PostgreSQL pass, which follows a full SQLite pass
 * and need not repeat it (README.md, Tests).
 */
export function testEngines(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
  const engines = availableEngines(env);
  const wanted = env.USERPOOL_TEST_ENGINES;
  if (wanted === undefined || wanted === "") return engines;
  const names = wanted.split(",").map((n) => n.trim());
  for (const n of names)
    if (n !== "sqlite" && n !== "postgres")
      throw new Error(`USERPOOL_TEST_ENGINES names "${n}"; it takes a comma-separated list of sqlite, postgres`);
  const chosen = engines.filter((e) => names.includes(e.name));
  const missing = names.filter((n) => !chosen.some((e) => e.name === n));
  if (missing.length > 0)
    throw new Error(
      `USERPOOL_TEST_ENGINES asks for ${missing.join(", ")}, which needs USERPOOL_DATABASE_URL ` +
        "(postgres://postgres@127.0.0.1:5432/test here)",
    );
  return chosen;
}

/** Every engine this run can reach, whatever USERPOOL_TEST_ENGINES says (for tests that move data between them). */
export function availableEngines(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
  const engines: TestEngine[] = [
    {
      name: "sqlite",
      async create() {
        const dir = mkdtempSync(join(tmpdir(), "userpool-test-"));
        return {
          target: { engine: "sqlite", file: join(dir, "userpool.sqlite") },
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const url = env.USERPOOL_DATABASE_URL;
  if (url) {
    engines.push({
      name: "postgres",
      async create() {
        const s = await createPgTestSchema(url);
        return { target: { engine: "postgres", url: s.url, max: 5 }, cleanup: () => s.drop() };
      },
    });
  }
  return engines;
}

/**
 * The startUserpool options that put a userpool on `db`: its PostgreSQL URL, or the SQLite file's
 * directory as the data directory (the userpool names its file userpool.sqlite, as testEngines does).
 */
export function databaseOptions(db: TestDatabase): { databaseUrl: string } | { dataDir: string } {
  return db.target.engine === "postgres" ? { databaseUrl: db.target.url } : { dataDir: dirname(db.target.file) };
}

/** A migrated store on a fresh database of `engine`; its close() also drops the database. */
export async function createTestStore(engine: TestEngine): Promise<Store> {
  const db = await engine.create();
  let store: Store;
  try {
    store = await createStore(db.target);
  } catch (err) {
    await db.cleanup();
    throw err;
  }
  return {
    ...store,
    async close() {
      await store.close();
      await db.cleanup();
    },
  };
}
