import type { Kysely, Selectable } from "kysely";
import type { ProviderLinkRow, ProviderLinkStore } from "../providerLinks.js";
import type { Database } from "../schema.js";
import { mapConflict } from "./conflict.js";

const toLink = (r: Selectable<Database["provider_links"]>): ProviderLinkRow => ({
  poolId: r.pool_id,
  providerName: r.provider_name,
  providerUserId: r.provider_user_id,
  userId: r.user_id,
  createdAt: r.created_at,
});

export function kyselyProviderLinkStore(db: Kysely<Database>): ProviderLinkStore {
  return {
    async create(r) {
      await mapConflict(() =>
        db
          .insertInto("provider_links")
          .values({
            pool_id: r.poolId,
            provider_name: r.providerName,
            provider_user_id: r.providerUserId,
            user_id: r.userId,
            created_at: r.createdAt,
          })
          .execute(),
      );
    },
    async find(poolId, providerName, providerUserId) {
      const r = await db
        .selectFrom("provider_links")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("provider_name", "=", providerName)
        .where("provider_user_id", "=", providerUserId)
        .executeTakeFirst();
      return r && toLink(r);
    },
    async listForUser(poolId, userId) {
      const rows = await db
        .selectFrom("provider_links")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .orderBy("created_at")
        .execute();
      return rows.map(toLink);
    },
    async delete(poolId, providerName, providerUserId) {
      const d = await db
        .deleteFrom("provider_links")
        .where("pool_id", "=", poolId)
        .where("provider_name", "=", providerName)
        .where("provider_user_id", "=", providerUserId)
        .executeTakeFirst();
      return Number(d.numDeletedRows) === 1;
    },
  };
}
