import { type Kysely, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { ChallengeSessionRow, ChallengeSessionStore } from "../challengeSessions.js";
import type { Database } from "../schema.js";
import { param, prepared } from "./prepared.js";

const toSession = (r: Selectable<Database["auth_sessions"]>): ChallengeSessionRow => ({
  idHash: r.id_hash,
  poolId: r.pool_id,
  clientId: r.client_id,
  userId: r.user_id,
  kind: r.kind,
  dataEnc: r.data_enc,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  consumedAt: r.consumed_at,
});

const SESSION_COLUMNS = [
  "id_hash",
  "pool_id",
  "client_id",
  "user_id",
  "kind",
  "data_enc",
  "created_at",
  "expires_at",
  "consumed_at",
] as const;

export function kyselyChallengeSessionStore(db: Kysely<Database>): ChallengeSessionStore {
  // Both halves of every SRP sign-in: compiled once.
  const insert = prepared(db, () =>
    db.insertInto("auth_sessions").values(Object.fromEntries(SESSION_COLUMNS.map((c) => [c, param(c)])) as never),
  );
  const get = prepared(db, () => db.selectFrom("auth_sessions").selectAll().where("id_hash", "=", param("id")));
  const consume = prepared(db, () =>
    db
      .updateTable("auth_sessions")
      .set({ consumed_at: param("now") })
      .where("id_hash", "=", param("id"))
      .where("consumed_at", "is", null)
      .where("expires_at", ">", param("now"))
      .returningAll(),
  );
  return {
    async create(s) {
      await insert({
        id_hash: s.idHash,
        pool_id: s.poolId,
        client_id: s.clientId,
        user_id: s.userId,
        kind: s.kind,
        data_enc: s.dataEnc,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        consumed_at: s.consumedAt,
      });
    },
    async get(idHash) {
      const r = (await get({ id: idHash })).rows[0] as Selectable<Database["auth_sessions"]> | undefined;
      return r && toSession(r);
    },
    async consume(idHash, now) {
      const r = (await consume({ id: idHash, now })).rows[0] as Selectable<Database["auth_sessions"]> | undefined;
      return r && toSession(r);
    },
    async countFailedAnswer(idHash, now, max) {
      const r = await db
        .updateTable("auth_sessions")
        .set((eb) => ({
          attempts: eb("attempts", "+", 1),
          consumed_at: eb
            .case()
            .when("attempts", ">=", max - 1)
            .then(now)
            .else(null)
            .end(),
        }))
        .where("id_hash", "=", idHash)
        .where("consumed_at", "is", null)
        .where("expires_at", ">", now)
        .returning("attempts")
        .executeTakeFirst();
      return r && Number(r.attempts);
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "auth_sessions", sql<SqlBool>`expires_at <= ${now}`);
    },
  };
}
