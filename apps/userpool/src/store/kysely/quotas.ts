import { type Kysely, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { QuotaStore } from "../quotas.js";
import type { Database } from "../schema.js";

export function kyselyQuotaStore(db: Kysely<Database>): QuotaStore {
  return {
    async hit({ poolId, subject, kind, now, windowMs }) {
      // In an upsert's SET every right-hand side reads the old row, on both engines.
      const expired = sql<boolean>`${sql.ref("user_quotas.window_start")} + ${windowMs} <= ${now}`;
      const r = await db
        .insertInto("user_quotas")
        .values({ pool_id: poolId, subject, kind, window_start: now, count: 1 })
        .onConflict((oc) =>
          oc.columns(["pool_id", "subject", "kind"]).doUpdateSet({
            count: sql<number>`case when ${expired} then 1 else ${sql.ref("user_quotas.count")} + 1 end`,
            window_start: sql<number>`case when ${expired} then ${now} else ${sql.ref("user_quotas.window_start")} end`,
          }),
        )
        .returning("count")
        .executeTakeFirstOrThrow();
      return Number(r.count);
    },
    async purgeExpired(now, windowMs) {
      // The upsert's `window_start + windowMs <= now`, rearranged so the index on window_start serves it.
      return deleteInBatches(db, "user_quotas", sql<SqlBool>`window_start <= ${now - windowMs}`);
    },
  };
}
