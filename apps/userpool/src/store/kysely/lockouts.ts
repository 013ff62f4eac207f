import { type Kysely, type RawBuilder, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import { lockMs, type LockoutRow, type LockoutStore } from "../lockouts.js";
import type { Database } from "../schema.js";
import { compiledOnce, param } from "./prepared.js";

const toLockout = (r: Selectable<Database["sign_in_lockouts"]>): LockoutRow => ({
  failures: Number(r.failures),
  lastFailureAt: Number(r.last_failure_at),
  lockedUntil: Number(r.locked_until),
});

/**
 * The two lockout upserts, over a given source of one row (pool_id, subject, failures,
 * last_failure_at, locked_until): `values (...)` here, a CTE's select in srpAnswers.ts. Each is one
 * statement whose DO UPDATE … WHERE skips a locked row, and then RETURNING yields nothing: that is
 * how a refused attempt is told apart, with no read-then-write race. In the SET list every column
 * reference reads the old row, on both engines.
 */
export function lockoutUpserts(engine: "sqlite" | "postgres") {
  const big = (name: string) => (engine === "postgres" ? sql`cast(${param(name)} as bigint)` : sql`${param(name)}`);
  const t = (c: string) => sql.ref(`sign_in_lockouts.${c}`);
  const columns = sql`sign_in_lockouts (pool_id, subject, failures, last_failure_at, locked_until)`;
  return {
    big,
    /** Counts a failure: params now, quiet, free, max. The source's row is the first failure (1, now, first lock). */
    failure(source: RawBuilder<unknown>) {
      const reset = sql`${big("now")} - ${t("last_failure_at")} >= ${big("quiet")}`;
      const n = sql`(case when ${reset} then 1 else ${t("failures")} + 1 end)`;
      const shift = sql`(${n} - ${big("free")} - 1)`;
      const least = engine === "postgres" ? sql`least` : sql`min`;
      const max = big("max");
      const shifted =
        engine === "postgres" ? sql`cast(1000 as bigint) << cast(${shift} as integer)` : sql`1000 << ${shift}`;
      const capped = sql`${least}(${shifted}, ${max})`;
      const lock = sql`(case when ${n} <= ${big("free")} then 0 when ${shift} >= 20 then ${max} else ${capped} end)`;
      return sql<Selectable<Database["sign_in_lockouts"]>>`
        insert into ${columns} ${source}
        on conflict (pool_id, subject) do update set
          failures = ${n},
          last_failure_at = ${big("now")},
          locked_until = case when ${lock} = 0 then 0 else ${big("now")} + ${lock} end
        where ${big("now")} >= ${t("locked_until")}
        returning failures, last_failure_at, locked_until`;
    },
    /** A right password: the count back to zero, skipped during a lock. Param now; the source's row is (0, 0, 0). */
    reset(source: RawBuilder<unknown>) {
      return sql<{ failures: number }>`
        insert into ${columns} ${source}
        on conflict (pool_id, subject) do update set failures = 0, locked_until = 0
        where ${big("now")} >= ${t("locked_until")}
        returning failures`;
    },
  };
}

export function kyselyLockoutStore(db: Kysely<Database>, engine: "sqlite" | "postgres"): LockoutStore {
  const upserts = lockoutUpserts(engine);
  const { big } = upserts;
  const countFailure = compiledOnce(() => {
    const raw = upserts.failure(
      sql`values (${param("pool")}, ${param("subject")}, 1, ${big("now")}, ${big("first_lock")})`,
    );
    return { compile: () => raw.compile(db) };
  });
  const reset = compiledOnce(() => {
    const raw = upserts.reset(sql`values (${param("pool")}, ${param("subject")}, 0, 0, 0)`);
    return { compile: () => raw.compile(db) };
  });
  const select = compiledOnce(() =>
    db
      .selectFrom("sign_in_lockouts")
      .selectAll()
      .where("pool_id", "=", param("pool"))
      .where("subject", "=", param("subject")),
  );
  const remove = compiledOnce(() =>
    db.deleteFrom("sign_in_lockouts").where("pool_id", "=", param("pool")).where("subject", "=", param("subject")),
  );
  return {
    async countFailure(poolId, subject, now, policy) {
      const firstLock = lockMs(1, policy);
      const r = await countFailure(db, {
        pool: poolId,
        subject,
        now,
        first_lock: firstLock ? now + firstLock : 0,
        quiet: policy.quietMs,
        free: policy.freeFailures,
        max: policy.maxLockMs,
      });
      const row = r.rows[0] as Selectable<Database["sign_in_lockouts"]> | undefined;
      return row && toLockout(row);
    },
    async resetUnlessLocked(poolId, subject, now) {
      return (await reset(db, { pool: poolId, subject, now })).rows.length === 1;
    },
    async get(poolId, subject) {
      const r = (await select(db, { pool: poolId, subject })).rows[0] as
        | Selectable<Database["sign_in_lockouts"]>
        | undefined;
      return r && toLockout(r);
    },
    async clear(poolId, subject) {
      await remove(db, { pool: poolId, subject });
    },
    async purgeExpired(now, policy) {
      // Both conditions are the upserts' own: `now >= locked_until` (not locked) and
      // `now - last_failure_at >= quiet` (the count starts over). A failure counted meanwhile moves
      // last_failure_at, and the delete re-checks its condition on the row it finds.
      return deleteInBatches(
        db,
        "sign_in_lockouts",
        sql<SqlBool>`last_failure_at <= ${now - policy.quietMs} and locked_until <= ${now}`,
      );
    },
  };
}
