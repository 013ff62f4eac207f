import type { Kysely } from "kysely";
import type { GrantStore } from "../grants.js";
import type { Database } from "../schema.js";

export function kyselyGrantStore(db: Kysely<Database>): GrantStore {
  return {
    async insert(r) {
      await db
        .insertInto("oauth_grants")
        .values({
          origin_jti: r.originJti,
          pool_id: r.poolId,
          client_id: r.clientId,
          user_id: r.userId,
          scopes: JSON.stringify(r.scopes),
          created_at: r.createdAt,
          hosted_session_hash: r.hostedSessionHash ?? null,
        })
        .execute();
    },
    async get(originJti) {
      const r = await db.selectFrom("oauth_grants").selectAll().where("origin_jti", "=", originJti).executeTakeFirst();
      return (
        r && {
          originJti: r.origin_jti,
          poolId: r.pool_id,
          clientId: r.client_id,
          userId: r.user_id,
          scopes: JSON.parse(r.scopes),
          createdAt: r.created_at,
          ...(r.hosted_session_hash !== null ? { hostedSessionHash: r.hosted_session_hash } : {}),
        }
      );
    },
    async originsOfHostedSessions(poolId, idHashes) {
      if (!idHashes.length) return [];
      const rows = await db
        .selectFrom("oauth_grants")
        .select(["origin_jti", "user_id"])
        .where("pool_id", "=", poolId)
        .where("hosted_session_hash", "in", idHashes)
        .execute();
      return rows.map((r) => ({ originJti: r.origin_jti, userId: r.user_id }));
    },
  };
}
