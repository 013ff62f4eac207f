import { type Kysely, sql, type SqlBool } from "kysely";
import type { ConsoleSessionRow, ConsoleSessionStore } from "../consoleSessions.js";
import type { Database } from "../schema.js";
import { deleteInBatches } from "./batchedDelete.js";

export function kyselyConsoleSessionStore(db: Kysely<Database>): ConsoleSessionStore {
  return {
    async create(r) {
      await db
        .insertInto("console_sessions")
        .values({
          id_hash: r.idHash,
          kind: r.kind,
          who: r.who,
          data_enc: r.dataEnc,
          created_at: r.createdAt,
          idle_expires_at: Math.min(r.idleExpiresAt, r.expiresAt),
          expires_at: r.expiresAt,
        })
        .execute();
    },
    async getLive(idHash, kind, now) {
      const r = await db
        .selectFrom("console_sessions")
        .selectAll()
        .where("id_hash", "=", idHash)
        .where("kind", "=", kind)
        .where("expires_at", ">", now)
        .where("idle_expires_at", ">", now)
        .executeTakeFirst();
      return (
        r && {
          idHash: r.id_hash,
          kind: r.kind as ConsoleSessionRow["kind"],
          who: r.who,
          dataEnc: r.data_enc,
          createdAt: Number(r.created_at),
          idleExpiresAt: Number(r.idle_expires_at),
          expiresAt: Number(r.expires_at),
        }
      );
    },
    async touch(idHash, idleExpiresAt) {
      // Never past the absolute deadline: one statement, so two instances touching cannot extend it.
      await db
        .updateTable("console_sessions")
        .set({
          idle_expires_at: sql<number>`case when expires_at < ${idleExpiresAt}
            then expires_at else ${idleExpiresAt} end`,
        })
        .where("id_hash", "=", idHash)
        .execute();
    },
    async delete(idHash) {
      const r = await db.deleteFrom("console_sessions").where("id_hash", "=", idHash).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "console_sessions", sql<SqlBool>`expires_at <= ${now} or idle_expires_at <= ${now}`);
    },
  };
}
