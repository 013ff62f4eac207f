import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database } from "../schema.js";
import {
  userSnapshot,
  type RecoveryRow,
  type RecoveryStore,
  type RestoreCounts,
  type RestoreStatus,
  type UserSnapshot,
} from "../userHistory.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Change-log entries (by seq) one purge statement looks at: a few milliseconds of SQLite's time. */
const HISTORY_SCAN = 2000;
type UserColumns = Selectable<Database["users"]>;

/** Appends the user's state as it now is in `db` (null when it is gone) to the change log, at `at`. */
export async function logUser(db: Db, poolId: string, userId: string, at: number): Promise<void> {
  const u = await db
    .selectFrom("users")
    .selectAll()
    .where("pool_id", "=", poolId)
    .where("id", "=", userId)
    .executeTakeFirst();
  const aliases = u
    ? await db
        .selectFrom("user_aliases")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .execute()
    : [];
  await db
    .insertInto("user_history")
    .values({
      pool_id: poolId,
      user_id: userId,
      changed_at: at,
      snapshot: u ? JSON.stringify(userSnapshot(u, aliases)) : null,
    })
    .execute();
}

interface PlannedUser {
  id: string;
  /** The user at the recovery point; null when it did not exist then. */
  target: UserSnapshot | null;
  current: UserColumns | undefined;
  currentAliases: Selectable<Database["user_aliases"]>[];
}

const CHUNK = 500;

/** Every user changed after `at`, with its state at `at` and now. */
async function plan(db: Db, poolId: string, at: number): Promise<PlannedUser[]> {
  const changed = await db
    .selectFrom("user_history")
    .select("user_id")
    .distinct()
    .where("pool_id", "=", poolId)
    .where("changed_at", ">", at)
    .orderBy("user_id")
    .execute();
  const out: PlannedUser[] = [];
  for (let i = 0; i < changed.length; i += CHUNK) {
    const ids = changed.slice(i, i + CHUNK).map((r) => r.user_id);
    const history = await db
      .selectFrom("user_history")
      .select(["user_id", "snapshot"])
      .where("pool_id", "=", poolId)
      .where("user_id", "in", ids)
      .where("changed_at", "<=", at)
      .orderBy("changed_at")
      .orderBy("seq")
      .execute();
    const target = new Map<string, UserSnapshot | null>();
    for (const h of history)
      target.set(h.user_id, h.snapshot === null ? null : (JSON.parse(h.snapshot) as UserSnapshot));
    const current = await db
      .selectFrom("users")
      .selectAll()
      .where("pool_id", "=", poolId)
      .where("id", "in", ids)
      .execute();
    const aliases = await db
      .selectFrom("user_aliases")
      .selectAll()
      .where("pool_id", "=", poolId)
      .where("user_id", "in", ids)
      .execute();
    for (const id of ids)
      out.push({
        id,
        target: target.get(id) ?? null,
        current: current.find((u) => u.id === id),
        currentAliases: aliases.filter((a) => a.user_id === id),
      });
  }
  return out;
}

function count(planned: readonly PlannedUser[]): RestoreCounts {
  const c: RestoreCounts = { create: 0, update: 0, delete: 0 };
  for (const p of planned) {
    if (p.target && !p.current) c.create++;
    else if (!p.target && p.current) c.delete++;
    else if (p.target && p.current) {
      const now = userSnapshot(p.current, p.currentAliases);
      if (JSON.stringify(now) !== JSON.stringify(p.target)) c.update++;
    }
  }
  return c;
}

/** Statuses a user is put back in only when its password was not changed since ("keep their current password"). */
const PASSWORD_STATUSES = new Set(["FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"]);

function restoredColumns(target: UserSnapshot, current: UserColumns | undefined, at: number) {
  const keepPassword = current?.password_set_at != null && Number(current.password_set_at) > at;
  return {
    username: target.username,
    username_key: target.username_key,
    status: keepPassword && PASSWORD_STATUSES.has(target.status) ? current!.status : target.status,
    enabled: target.enabled,
    attributes: target.attributes,
    srp_salt: keepPassword ? current!.srp_salt : target.srp_salt,
    verifier_enc: keepPassword ? current!.verifier_enc : target.verifier_enc,
    password_set_at: keepPassword ? current!.password_set_at : target.password_set_at,
    created_at: target.created_at,
    updated_at: target.updated_at,
  };
}

export function kyselyRecoveryStore(db: Kysely<Database>): RecoveryStore {
  const toRow = (r: Selectable<Database["point_in_time_recoveries"]>): RecoveryRow => ({
    restoreId: r.restore_id,
    poolId: r.pool_id,
    status: r.status as RestoreStatus,
    restoreTimestamp: Number(r.restore_timestamp),
    triggerTimestamp: Number(r.trigger_timestamp),
    preview: JSON.parse(r.preview) as RestoreCounts,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  });
  return {
    async preview(poolId, at) {
      return count(await plan(db, poolId, at));
    },
    async restoreUsers(poolId, at, now) {
      return db.transaction().execute(async (trx) => {
        const planned = await plan(trx, poolId, at);
        const counts = count(planned);
        // Deletions and alias removals first, so the names and aliases the restored users held are free again.
        for (const p of planned) {
          if (!p.current) continue;
          if (!p.target) {
            await trx.deleteFrom("auth_sessions").where("pool_id", "=", poolId).where("user_id", "=", p.id).execute();
            await trx.deleteFrom("users").where("pool_id", "=", poolId).where("id", "=", p.id).execute();
          } else {
            await trx.deleteFrom("user_aliases").where("pool_id", "=", poolId).where("user_id", "=", p.id).execute();
          }
        }
        for (const p of planned) {
          if (!p.target) continue;
          const columns = restoredColumns(p.target, p.current, at);
          if (p.current)
            await trx.updateTable("users").set(columns).where("pool_id", "=", poolId).where("id", "=", p.id).execute();
          else
            await trx
              .insertInto("users")
              .values({ id: p.id, pool_id: poolId, ...columns })
              .execute();
        }
        for (const p of planned) {
          if (!p.target?.aliases.length) continue;
          await trx
            .insertInto("user_aliases")
            .values(
              p.target.aliases.map((a) => ({ pool_id: poolId, alias_type: a.type, alias_key: a.key, user_id: p.id })),
            )
            .execute();
        }
        for (const p of planned) if (p.target || p.current) await logUser(trx, poolId, p.id, now);
        return counts;
      });
    },
    async create(r) {
      await db
        .insertInto("point_in_time_recoveries")
        .values({
          restore_id: r.restoreId,
          pool_id: r.poolId,
          status: r.status,
          restore_timestamp: r.restoreTimestamp,
          trigger_timestamp: r.triggerTimestamp,
          preview: JSON.stringify(r.preview),
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        })
        .execute();
    },
    async get(poolId, restoreId) {
      const r = await db
        .selectFrom("point_in_time_recoveries")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("restore_id", "=", restoreId)
        .executeTakeFirst();
      return r && toRow(r);
    },
    async list(poolId, limit, before) {
      let q = db
        .selectFrom("point_in_time_recoveries")
        .selectAll()
        .where("pool_id", "=", poolId)
        .orderBy("created_at", "desc")
        .orderBy("restore_id", "desc")
        .limit(limit);
      if (before)
        q = q.where((eb) =>
          eb.or([
            eb("created_at", "<", before.createdAt),
            eb.and([eb("created_at", "=", before.createdAt), eb("restore_id", "<", before.restoreId)]),
          ]),
        );
      return (await q.execute()).map(toRow);
    },
    async purgeHistory(before) {
      // Walked in ranges of seq, yielding between them (issue #25, ADR 0043): most old entries are the one a
      // recovery still needs (each user's latest), so one statement over the whole log deleted little and held
      // SQLite for its every row. A range is HISTORY_SCAN entries of the primary key, however many of them go.
      // The unary `+`s (no-ops on both engines) keep SQLite from serving the subquery by (pool_id, changed_at),
      // which read every old entry of the pool for each entry (quadratic: one pass over 50,000 users had not ended
      // after 12 minutes); by (pool_id, user_id) it reads the user's own few.
      const last = (
        await db
          .selectFrom("user_history")
          .select((eb) => eb.fn.max("seq").as("m"))
          .executeTakeFirst()
      )?.m;
      let deleted = 0;
      for (let from = 0; last !== null && last !== undefined && from < Number(last); from += HISTORY_SCAN) {
        const r = await sql`delete from user_history where seq > ${from} and seq <= ${from + HISTORY_SCAN}
          and changed_at < ${before} and (snapshot is null or exists (
            select 1 from user_history n where n.pool_id = user_history.pool_id and n.user_id = user_history.user_id
            and +n.changed_at <= ${before} and (+n.changed_at > user_history.changed_at
              or (+n.changed_at = user_history.changed_at and +n.seq > user_history.seq))
          ))`.execute(db);
        deleted += Number(r.numAffectedRows ?? 0);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return deleted;
    },
    async setStatus(restoreId, from, to, now) {
      const r = await db
        .updateTable("point_in_time_recoveries")
        .set({ status: to, updated_at: now })
        .where("restore_id", "=", restoreId)
        .where("status", "=", from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
