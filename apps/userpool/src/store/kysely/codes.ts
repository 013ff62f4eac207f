import { type Kysely, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { CodeStore } from "../codes.js";
import type { Database } from "../schema.js";

export function kyselyCodeStore(db: Kysely<Database>): CodeStore {
  return {
    async issue(c) {
      await db.transaction().execute(async (trx) => {
        // Only the newest code works (Cognito): retiring the old ones and inserting the new one is one unit.
        await trx
          .updateTable("confirmation_codes")
          .set({ used_at: c.createdAt })
          .where("user_id", "=", c.userId)
          .where("purpose", "=", c.purpose)
          .where("used_at", "is", null)
          .execute();
        await trx
          .insertInto("confirmation_codes")
          .values({
            id: c.id,
            pool_id: c.poolId,
            user_id: c.userId,
            purpose: c.purpose,
            code_mac: c.codeMac,
            created_at: c.createdAt,
            expires_at: c.expiresAt,
            used_at: null,
          })
          .execute();
      });
    },
    async consume({ poolId, userId, purpose, codeMac, now }) {
      const r = await db
        .updateTable("confirmation_codes")
        .set({ used_at: now })
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("purpose", "=", purpose)
        .where("code_mac", "=", codeMac)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return "consumed";
      // Not consumed: tell an expired (but otherwise valid, newest) code apart from a wrong one.
      const expired = await db
        .selectFrom("confirmation_codes")
        .select("id")
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("purpose", "=", purpose)
        .where("code_mac", "=", codeMac)
        .where("used_at", "is", null)
        .where("expires_at", "<=", now)
        .executeTakeFirst();
      return expired ? "expired" : "mismatch";
    },
    async lookup({ poolId, userId, purpose, codeMac }) {
      const r = await db
        .selectFrom("confirmation_codes")
        .select(["used_at", "expires_at"])
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("purpose", "=", purpose)
        .where("code_mac", "=", codeMac)
        .executeTakeFirst();
      return r ? { usedAt: r.used_at === null ? null : Number(r.used_at), expiresAt: Number(r.expires_at) } : undefined;
    },
    async purgeExpired(before) {
      return deleteInBatches(db, "confirmation_codes", sql<SqlBool>`expires_at <= ${before}`);
    },
  };
}
