import { dirname } from "node:path";
import type { Database as BetterSqlite3Database } from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from "kysely";
import type { PoolClient as PgClient, Pool as PgPool } from "pg";
import { createPrivateFile, ensurePrivateDir } from "../privateFiles.js";
import { NAMED_STATEMENT } from "./kysely/prepared.js";
import type { Database } from "./schema.js";

export type DatabaseTarget = { engine: "sqlite"; file: string } | { engine: "postgres"; url: string; max?: number };

/** Told about a PostgreSQL connection that broke outside a query (server restart, failover, network). */
export type ConnectionErrorListener = (err: Error) => void;

const PG_INT8 = 20;
/**
 * PostgreSQL timeouts (ADR 0036). A connection (or a free slot in the pool) that takes longer than
 * this fails the request with InternalErrorException instead of holding it while the database is away.
 */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/**
 * Client-side bound on one query: a server that stops answering without closing the socket (a
 * partition, a frozen host) fails the request after this instead of hanging it. Generous, so a slow
 * but healthy statement (a migration, an import batch) is never cut.
 */
export const PG_QUERY_TIMEOUT_MS = 30_000;
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running the small
 * queries of a sign-in. The SQL text is stable per query shape (values are parameters), so
 * prepared statements are reused, least-recently-used first out.
 */
function withStatementCache(db: BetterSqlite3Database, onStatement?: (sql: string) => void): SqliteDatabase {
  const cache = new Map<string, ReturnType<BetterSqlite3Database["prepare"]>>();
  return {
    prepare(sql) {
      // Kysely prepares once per execution (BEGIN and COMMIT included), so this sees every statement.
      onStatement?.(sql);
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = db.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      db.close();
    },
  };
}

/**
 * The PostgreSQL counterpart of the statement cache: queries marked by prepared.ts (the fixed set
 * on the sign-in and refresh paths) run as named statements, which PostgreSQL parses and plans once
 * per connection instead of at every execution. Every other query passes through unchanged.
 * (A transaction-pooling PgBouncer needs max_prepared_statements set for this, as for any client
 * that prepares statements.)
 */
function nameMarkedStatements(client: PgClient, onStatement?: (sql: string) => void): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => {
    onStatement?.(typeof text === "string" ? text : String((text as { text?: unknown })?.text));
    const named = typeof text === "string" ? NAMED_STATEMENT.exec(text) : null;
    return named ? query({ name: named[1], text, values: rest[0] }, ...rest.slice(1)) : query(text, ...rest);
  };
}

/** The pg pool behind each PostgreSQL Kysely instance, for its gauges (the dialect keeps it private). */
const pgPools = new WeakMap<Kysely<Database>, PgPool>();

/** The connection pool of a database opened here on PostgreSQL; undefined for SQLite. */
export function pgPoolOf(db: Kysely<Database>): PgPool | undefined {
  return pgPools.get(db);
}

/** Observes the database traffic. */
export interface DatabaseHooks {
  /** Test and benchmark hook: every SQL statement sent (BEGIN and COMMIT too) is one call (test/roundTrips.test.ts). */
  onStatement?(sql: string): void;
  /** A PostgreSQL connection broke (ADR 0036); the next request opens a fresh one. */
  onConnectionError?: ConnectionErrorListener;
}

/** Opens the userpool database: SQLite (better-sqlite3) by default, PostgreSQL when given a URL. */
export async function openDatabase(target: DatabaseTarget, hooks: DatabaseHooks = {}): Promise<Kysely<Database>> {
  const onStatement = hooks.onStatement;
  const onConnectionError: ConnectionErrorListener = hooks.onConnectionError ?? (() => {});
  if (target.engine === "sqlite") {
    const { default: SqliteDatabase } = await import("better-sqlite3");
    if (target.file !== ":memory:") {
      // Created 0600 before SQLite opens it: SQLite creates it 0644 under the usual umask, and the
      // -wal/-shm files it adds later copy the database file's mode.
      ensurePrivateDir(dirname(target.file));
      createPrivateFile(target.file);
    }
    const sqlite = new SqliteDatabase(target.file);
    sqlite.pragma("journal_mode = WAL");
    // Two processes on one file (the shared-SQLite two-instance test) wait rather than fail with SQLITE_BUSY.
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("foreign_keys = ON");
    // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commits.
    sqlite.pragma("synchronous = NORMAL");
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, onStatement) }) });
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.max ?? 10,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    query_timeout: PG_QUERY_TIMEOUT_MS,
    // A peer that vanished without a FIN (host down, partition) is found by the kernel, not never.
    keepAlive: true,
    // Times are BIGINT milliseconds; they fit a JS number, so parse them as numbers for this pool only.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === PG_INT8
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  pool.on("connect", (client) => {
    nameMarkedStatements(client, onStatement);
    // pg emits 'error' on a client whose connection breaks (the server restarting sends every backend
    // FATAL 57P01), also while the client is checked out between two queries of a transaction, where
    // pg-pool has no listener on it; unheard, that 'error' ends the process. The query in flight is
    // failed by pg itself, and pg-pool drops the broken client when it is released.
    client.on("error", onConnectionError);
  });
  // An idle client broke: pg-pool has already dropped it; the next request opens a fresh connection.
  pool.on("error", onConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pgPools.set(db, pool);
  return db;
}
