// Shared by the no-plaintext tests: a userpool whose every log line is kept, a dump of every table,
// and the search for secrets in the dump and the logs in every encoding a leak could take.
import { PostgresAdapter, sql } from "kysely";
import { expect } from "vitest";
import type { TestEngine } from "./engines.js";
import { startTestUserpoolOn, type TestUserpool } from "./userpool.js";

export interface RecordingUserpool {
  up: TestUserpool;
  /** Every log line the server wrote, at debug level. */
  logs: string[];
  close(): Promise<void>;
}

/** A test userpool on a fresh database of `engine`, logging at debug level into `logs`. */
export async function startRecordingUserpool(
  engine: TestEngine,
  options: Parameters<typeof startTestUserpoolOn>[1] = {},
): Promise<RecordingUserpool> {
  const logs: string[] = [];
  const up = await startTestUserpoolOn(engine, {
    ...options,
    logLevel: "debug",
    logDestination: { write: (s: string) => void logs.push(s) },
  });
  return { up, logs, close: () => up.stop() };
}

/** Every non-null, non-number cell of every table, as text; checks that `expected` tables are among them. */
export async function dumpCells(up: Pick<TestUserpool, "store">, expected: string[]): Promise<string[]> {
  // On PostgreSQL, only this test's schema, read from the catalogue directly: Kysely's introspection
  // lists every schema, and one that another test file drops meanwhile fails it (`schema "…" does not exist`).
  const tables =
    up.store.db.getExecutor().adapter instanceof PostgresAdapter
      ? (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(up.store.db)
        ).rows
      : await up.store.db.introspection.getTables();
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(expected));
  const cells: string[] = [];
  for (const t of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(up.store.db);
    for (const row of rows.rows)
      for (const v of Object.values(row)) if (v !== null && typeof v !== "number") cells.push(String(v));
  }
  return cells;
}

const forms = (s: string) => [
  s,
  Buffer.from(s).toString("base64"),
  Buffer.from(s).toString("base64url"),
  Buffer.from(s).toString("hex"),
];

/** No secret in clear, base64, base64url or hex; no code as a whole digit run or encoded. */
export function expectNoSecrets(haystacks: string[], secrets: string[], codes: string[]): void {
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      const hit = haystacks.find((h) => h.includes(form));
      expect(hit, `secret ${secret.slice(0, 4)}… found as ${form.slice(0, 12)}…`).toBeUndefined();
    }
  }
  // 6-digit codes: match whole digit runs only, so timestamps and random text don't collide by chance.
  for (const c of codes) {
    for (const form of [
      new RegExp(`(?<!\\d)${c}(?!\\d)`),
      ...forms(c)
        .slice(1)
        .map((f) => new RegExp(f.replace(/[+/=]/g, "\\$&"))),
    ]) {
      expect(
        haystacks.find((h) => form.test(h)),
        `code found as ${form}`,
      ).toBeUndefined();
    }
  }
}
