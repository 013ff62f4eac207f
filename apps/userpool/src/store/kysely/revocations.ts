import { type Kysely, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { RevocationStore } from "../revocations.js";
import type { Database } from "../schema.js";
import { compiledOnce, param } from "./prepared.js";

export function kyselyRevocationStore(db: Kysely<Database>): RevocationStore {
  const statusQuery = compiledOnce(() => {
    const raw = sql<{ origin_revoked_at: number | string | null; signed_out_at: number | string | null }>`
        select
          (select revoked_at from revoked_origins
            where origin_jti = ${param("origin")} and pool_id = ${param("pool")}) as origin_revoked_at,
          (select signed_out_at from user_signouts
            where user_id = ${param("user")} and pool_id = ${param("pool")}) as signed_out_at`;
    return { compile: () => raw.compile(db) };
  });
  return {
    async revokeOrigin({ poolId, originJti, userId, now, expiresAt }) {
      await db.transaction().execute(async (trx) => {
        // The record first: a refresh racing this one re-checks it, so a successor minted meanwhile dies too.
        await trx
          .insertInto("revoked_origins")
          .values({ origin_jti: originJti, pool_id: poolId, user_id: userId, revoked_at: now, expires_at: expiresAt })
          .onConflict((oc) => oc.column("origin_jti").doNothing())
          .execute();
        await trx
          .updateTable("refresh_tokens")
          .set({ revoked_at: now })
          .where("origin_jti", "=", originJti)
          .where("pool_id", "=", poolId)
          .where("revoked_at", "is", null)
          .execute();
      });
    },
    async revokeUserSessions({ poolId, userId, now, retainMs, exceptOrigin, watermark }) {
      return db.transaction().execute(async (trx) => {
        if (watermark) {
          await trx
            .insertInto("user_signouts")
            .values({ user_id: userId, pool_id: poolId, signed_out_at: now })
            .onConflict((oc) => oc.column("user_id").doUpdateSet({ signed_out_at: now }))
            .execute();
        }
        let live = trx
          .selectFrom("refresh_tokens")
          .select((eb) => ["origin_jti", eb.fn.max("expires_at").as("last_expiry")])
          .where("pool_id", "=", poolId)
          .where("user_id", "=", userId)
          .where("revoked_at", "is", null)
          .groupBy("origin_jti");
        if (exceptOrigin !== undefined) live = live.where("origin_jti", "!=", exceptOrigin);
        const origins = await live.execute();
        for (let i = 0; i < origins.length; i += 200) {
          const batch = origins.slice(i, i + 200).map((o) => ({
            origin_jti: o.origin_jti,
            pool_id: poolId,
            user_id: userId,
            revoked_at: now,
            expires_at: Math.max(Number(o.last_expiry), now) + retainMs,
          }));
          await trx
            .insertInto("revoked_origins")
            .values(batch)
            .onConflict((oc) => oc.column("origin_jti").doNothing())
            .execute();
        }
        let revoke = trx
          .updateTable("refresh_tokens")
          .set({ revoked_at: now })
          .where("pool_id", "=", poolId)
          .where("user_id", "=", userId)
          .where("revoked_at", "is", null);
        if (exceptOrigin !== undefined) revoke = revoke.where("origin_jti", "!=", exceptOrigin);
        const r = await revoke.executeTakeFirst();
        return Number(r.numUpdatedRows);
      });
    },
    async setWatermark({ poolId, userId, now }) {
      await db
        .insertInto("user_signouts")
        .values({ user_id: userId, pool_id: poolId, signed_out_at: now })
        .onConflict((oc) => oc.column("user_id").doUpdateSet({ signed_out_at: now }))
        .execute();
    },
    async status({ poolId, userId, originJti }) {
      // One round trip for both questions: this runs on every AccessToken the JSON API receives and every refresh.
      const r = await statusQuery(db, { origin: originJti ?? "", pool: poolId, user: userId });
      const row = r.rows[0];
      const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
      return { originRevokedAt: num(row?.origin_revoked_at), signedOutAt: num(row?.signed_out_at) };
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "revoked_origins", sql<SqlBool>`expires_at <= ${now}`);
    },
  };
}
