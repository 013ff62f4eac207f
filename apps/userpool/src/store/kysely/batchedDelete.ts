/**
 * Deletes in bounded batches, yielding to the event loop between them (issue #25, ADR 0043). On SQLite every
 * statement runs synchronously on the server's only thread: one `DELETE … WHERE expires_at <= ?` over 100,000
 * expired refresh tokens held every request for its whole length. A batch of BATCH rows takes about a millisecond,
 * and requests queued meanwhile run before the next. On PostgreSQL short batches also keep row locks and WAL
 * bursts short. Each batch is its own statement: a failure part-way leaves the rest for the next pass, as the
 * housekeeping deletes are idempotent.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "../schema.js";

export const DELETE_BATCH = 1000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes the rows of `table` that `where` selects, DELETE_BATCH at a time; returns how many. `key` names the row
 * on SQLite (`rowid`, or the primary key columns of a WITHOUT ROWID table); PostgreSQL uses the row's `ctid`.
 */
export async function deleteInBatches(
  db: Kysely<Database>,
  table: keyof Database,
  where: RawBuilder<SqlBool>,
  opts: { key?: string; batch?: number } = {},
): Promise<number> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const key = sql.raw(opts.key ?? "rowid");
  const batch = opts.batch ?? DELETE_BATCH;
  const t = sql.table(table);
  let total = 0;
  for (;;) {
    // PostgreSQL: `= any(array(…))` lets the planner use a TID scan for the ctids (`in (…)` may hash-join).
    const chosen = sql`select ${pg ? sql.raw("ctid") : key} from ${t} where ${where} limit ${batch}`;
    const r = pg
      ? await sql`delete from ${t} where ctid = any(array(${chosen}))`.execute(db)
      : await sql`delete from ${t} where (${key}) in (${chosen})`.execute(db);
    const n = Number(r.numAffectedRows ?? 0);
    total += n;
    if (n < batch) return total;
    await yieldToLoop();
  }
}
