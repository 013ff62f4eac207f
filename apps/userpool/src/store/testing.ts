import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { DatabaseTarget } from "./db.js";

/**
 * Test isolation on a shared PostgreSQL: a fresh schema per caller and a URL whose search_path
 * points at it, dropped afterwards. (Same idea as @authhub/appdb/testing; apps/userpool keeps its
 * own copy so it does not depend on the app database package.)
 */
export async function createPgTestSchema(
  baseUrl: string,
  prefix = "up",
): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const { default: pg } = await import("pg");
  const schema = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `USERPOOL_DATABASE_URL is set but PostgreSQL is unreachable at ${redactUrl(baseUrl)} ` +
        `(${(err as Error).message}). Start PostgreSQL or unset the variable.`,
    );
  }
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
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

export interface TestEngine {
  name: "sqlite" | "postgres";
  /** A fresh, empty database target and its cleanup. */
  create(): Promise<{ target: DatabaseTarget; cleanup(): Promise<void> }>;
}

/**
 * The engines every storage-touching test runs on: SQLite always, PostgreSQL whenever
 * USERPOOL_DATABASE_URL is set. Used with `describe.each`, so an engine is either run or absent, never skipped.
 */
export function testEngines(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
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
