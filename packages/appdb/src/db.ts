import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type { AppDbConfig } from "./config.js";
import type { AppDatabase } from "./schema.js";

export type AppDb = Kysely<AppDatabase>;

export interface CreateAppDbOptions {
  /**
   * PostgreSQL only: called when an idle pooled connection fails (server restart, a Lambda container
   * thawed after the server closed its socket). Default: nothing (the pool has dropped the connection already);
   * long-lived callers pass one that logs.
   */
  onPoolError?: (err: Error) => void;
}

/** Opens the app database. The caller owns it and must `destroy()` it (the trigger keeps one per container). */
export async function createAppDb(config: AppDbConfig, options: CreateAppDbOptions = {}): Promise<AppDb> {
  if (config.engine === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    if (config.file !== ":memory:") mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new Database(config.file);
    sqlite.pragma("journal_mode = WAL");
    // Concurrent writers (API + trigger in one process, or tests) wait instead of failing with SQLITE_BUSY.
    sqlite.pragma("busy_timeout = 5000");
    return new Kysely<AppDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const { default: pg } = await import("pg");
  const { engine: _engine, max, ssl, ...connection } = config;
  const pool = new pg.Pool({ ...connection, max: max ?? 10, ...(ssl ? { ssl: { rejectUnauthorized: true } } : {}) });
  // pg-pool emits 'error' when an idle connection dies (a restart, a failover, or a DROP DATABASE … WITH (FORCE)
  // while pool.end() is still closing one: end() resolves before its connections have gone); unheard, that event
  // ends the process. The pool has already dropped the connection, so the default is to carry on.
  pool.on("error", options.onPoolError ?? (() => {}));
  return new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/** Cheap reachability probe for /healthz. */
export async function pingAppDb(db: AppDb): Promise<void> {
  await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("n"))
    .limit(1)
    .executeTakeFirst();
}
