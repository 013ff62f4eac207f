import { type Kysely, type SqlBool, sql } from "kysely";
import type { ConsoleAuditEntry, ConsoleAuditQuery, ConsoleAuditStore } from "../consoleAudit.js";
import type { Database } from "../schema.js";
import { deleteInBatches } from "./batchedDelete.js";

type Row = Database["console_audit"];

const entryOf = (r: Omit<Row, "id"> & { id: number | string | bigint }): ConsoleAuditEntry => ({
  // PostgreSQL's bigserial arrives as a string.
  id: Number(r.id),
  at: Number(r.at),
  who: r.who,
  operation: r.operation,
  userPoolId: r.user_pool_id,
  target: r.target,
  outcome: r.outcome,
});

/**
 * A page of the log. Served by the primary key, or by (who, id) / (operation, id) from migration 0028: a filtered
 * page reads its own rows backwards and stops at the limit, however long the log (test/consoleAuditRetention.test.ts
 * EXPLAINs it on both engines).
 */
export function auditListQuery(db: Kysely<Database>, { limit, before, who, operation }: ConsoleAuditQuery) {
  let q = db.selectFrom("console_audit").selectAll().orderBy("id", "desc").limit(limit);
  if (before !== undefined) q = q.where("id", "<", before);
  if (who !== undefined) q = q.where("who", "=", who);
  if (operation !== undefined) q = q.where("operation", "=", operation);
  return q;
}

export function kyselyConsoleAuditStore(db: Kysely<Database>): ConsoleAuditStore {
  return {
    async append(e) {
      const r = await db
        .insertInto("console_audit")
        .values({
          at: e.at,
          who: e.who,
          operation: e.operation,
          user_pool_id: e.userPoolId,
          target: e.target,
          outcome: e.outcome,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ...e, id: Number(r.id) };
    },
    async list(q) {
      return (await auditListQuery(db, q).execute()).map(entryOf);
    },
    async purgeBefore(before, opts = {}) {
      // Each batch finds its rows through console_audit_at (migration 0028) rather than scanning the table.
      return deleteInBatches(db, "console_audit", sql<SqlBool>`at < ${before}`, {
        key: "id",
        ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
      });
    },
  };
}
