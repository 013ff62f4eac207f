import type { Kysely } from "kysely";
import type { PendingAttributeStore } from "../pendingAttributes.js";
import type { Database } from "../schema.js";

export function kyselyPendingAttributeStore(db: Kysely<Database>): PendingAttributeStore {
  return {
    async set({ poolId, userId, name, value, now }) {
      await db
        .insertInto("pending_attributes")
        .values({ user_id: userId, pool_id: poolId, name, value, created_at: now })
        .onConflict((oc) => oc.columns(["user_id", "name"]).doUpdateSet({ value, created_at: now }))
        .execute();
    },
    async get(poolId, userId) {
      const rows = await db
        .selectFrom("pending_attributes")
        .select(["name", "value"])
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .execute();
      return Object.fromEntries(rows.map((r) => [r.name, r.value]));
    },
    async delete(poolId, userId, name) {
      await db
        .deleteFrom("pending_attributes")
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("name", "=", name)
        .execute();
    },
  };
}
