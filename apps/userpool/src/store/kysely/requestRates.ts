import { type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { RateCounter, RequestRateStore } from "../requestRates.js";
import type { Database } from "../schema.js";
import { compiledOnce, param } from "./prepared.js";

/** The most counters one request counts against (an address, a category and an operation cap). */
const MAX_COUNTERS = 3;

/**
 * One upsert per request on both engines: a row is counted up while its window is current (or
 * newer than the caller's), and restarted at 1 when the caller's window is later. In an upsert's
 * SET every right-hand side reads the old row, so the two CASEs see the same one.
 */
export function kyselyRequestRateStore(db: Kysely<Database>): RequestRateStore {
  // A statement per number of counters, compiled once each (the request path runs them all the time).
  const upserts = Array.from({ length: MAX_COUNTERS }, (_, i) =>
    compiledOnce(() => {
      const rows: RawBuilder<unknown>[] = Array.from(
        { length: i + 1 },
        (_, j) => sql`(${param(`k${j}`)}, ${param(`e${j}`)}, 1)`,
      );
      const current = sql`request_rates.expires_at >= excluded.expires_at`;
      const raw = sql<{
        counter: string;
        count: number;
      }>`insert into request_rates (counter, expires_at, count) values ${sql.join(rows)}
        on conflict (counter) do update set
          count = case when ${current} then request_rates.count + 1 else 1 end,
          expires_at = case when ${current} then request_rates.expires_at else excluded.expires_at end
        returning counter, count`;
      return { compile: () => raw.compile(db) };
    }),
  );
  return {
    async hit(now, counters) {
      if (counters.length === 0) return new Map();
      if (counters.length > MAX_COUNTERS) throw new Error(`requestRates.hit: at most ${MAX_COUNTERS} counters at once`);
      const values: Record<string, unknown> = {};
      counters.forEach((c: RateCounter, j) => {
        values[`k${j}`] = c.key;
        values[`e${j}`] = windowEnd(now, c.windowMs);
      });
      const r = await upserts[counters.length - 1]!(db, values);
      return new Map(r.rows.map((row) => [row.counter, Number(row.count)]));
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "request_rates", sql<SqlBool>`expires_at <= ${now}`, { key: "counter" });
    },
  };
}

/** The end of the fixed window holding `now`: windows start at multiples of `windowMs`. */
function windowEnd(now: number, windowMs: number): number {
  return (Math.floor(now / windowMs) + 1) * windowMs;
}
