/**
 * Test databases for the stack: SQLite in a temp dir, or two fresh PostgreSQL schemas when DATABASE_URL /
 * USERPOOL_DATABASE_URL are set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPgTestSchema } from "@authhub/appdb/testing";
import type { StackOptions } from "../stack.js";

export interface TestDatabases {
  dataDir: string;
  options: Pick<StackOptions, "dataDir" | "databaseUrl" | "userpoolDatabaseUrl">;
  engine: "sqlite" | "postgres";
  cleanup(): Promise<void>;
}

export async function testDatabases(name: string): Promise<TestDatabases> {
  const dataDir = mkdtempSync(join(tmpdir(), `authhub-stack-${name}-`));
  const appUrl = process.env.DATABASE_URL;
  const poolUrl = process.env.USERPOOL_DATABASE_URL;
  if (!appUrl && !poolUrl) {
    return {
      dataDir,
      options: { dataDir },
      engine: "sqlite",
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  if (!appUrl || !poolUrl)
    throw new Error("set both DATABASE_URL and USERPOOL_DATABASE_URL to run the stack tests on PostgreSQL");
  // Separate schemas: the app's `users` table and the pool's must not meet (see checkDatabases in stack.ts).
  const app = await createPgTestSchema(appUrl, "stack_app");
  const pool = await createPgTestSchema(poolUrl, "stack_pool");
  return {
    dataDir,
    options: { dataDir, databaseUrl: app.url, userpoolDatabaseUrl: pool.url },
    engine: "postgres",
    cleanup: async () => {
      await app.drop();
      await pool.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects log lines (the stack's services log here instead of the terminal). */
export function logSink(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}
