import { type Kysely, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { HostedSessionStore } from "../hostedSessions.js";
import type { Database } from "../schema.js";

export function kyselyHostedSessionStore(db: Kysely<Database>): HostedSessionStore {
  return {
    async create(r) {
      await db
        .insertInto("hosted_sessions")
        .values({
          id_hash: r.idHash,
          pool_id: r.poolId,
          user_id: r.userId,
          provider: r.provider,
          auth_time: r.authTime,
          created_at: r.createdAt,
          expires_at: r.expiresAt,
          saml_session_index: r.samlSessionIndex ?? null,
        })
        .execute();
    },
    async getLive(idHash, now) {
      const r = await db
        .selectFrom("hosted_sessions")
        .selectAll()
        .where("id_hash", "=", idHash)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return (
        r && {
          idHash: r.id_hash,
          poolId: r.pool_id,
          userId: r.user_id,
          provider: r.provider,
          authTime: r.auth_time,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          ...(r.saml_session_index !== null ? { samlSessionIndex: r.saml_session_index } : {}),
        }
      );
    },
    async delete(idHash) {
      const r = await db.deleteFrom("hosted_sessions").where("id_hash", "=", idHash).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async deleteForUser(poolId, userId) {
      const r = await db
        .deleteFrom("hosted_sessions")
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteForSamlLogout(q) {
      const indexes = q.sessionIndexes;
      const rows = await db
        .deleteFrom("hosted_sessions")
        .where("pool_id", "=", q.poolId)
        .where("user_id", "=", q.userId)
        .where("provider", "=", q.provider)
        .$if(indexes !== undefined, (d) =>
          d.where((eb) =>
            eb.or([
              eb("saml_session_index", "is", null),
              ...(indexes!.length ? [eb("saml_session_index", "in", indexes!)] : []),
            ]),
          ),
        )
        .returning("id_hash")
        .execute();
      return rows.map((r) => r.id_hash);
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "hosted_sessions", sql<SqlBool>`expires_at <= ${now}`);
    },
  };
}
