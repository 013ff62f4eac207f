import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import type { Database } from "../schema.js";
import type {
  GroupStore,
  LockoutRow,
  LockoutStore,
  PendingAttributeStore,
  QuotaStore,
  RevocationStore,
} from "../lifecycleTypes.js";
import { lockMs } from "../lockoutPolicy.js";
import { mapConflict } from "./conflict.js";
import { compiledOnce, param } from "./prepared.js";
import { toGroup, toUser } from "./rows.js";

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
      const r = await db.deleteFrom("revoked_origins").where("expires_at", "<=", now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

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
      const r = await db
        .deleteFrom("sign_in_lockouts")
        .where("last_failure_at", "<=", now - policy.quietMs)
        .where("locked_until", "<=", now)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function kyselyQuotaStore(db: Kysely<Database>): QuotaStore {
  return {
    async hit({ poolId, subject, kind, now, windowMs }) {
      // In an upsert's SET every right-hand side reads the old row, on both engines.
      const expired = sql<boolean>`${sql.ref("user_quotas.window_start")} + ${windowMs} <= ${now}`;
      const r = await db
        .insertInto("user_quotas")
        .values({ pool_id: poolId, subject, kind, window_start: now, count: 1 })
        .onConflict((oc) =>
          oc.columns(["pool_id", "subject", "kind"]).doUpdateSet({
            count: sql<number>`case when ${expired} then 1 else ${sql.ref("user_quotas.count")} + 1 end`,
            window_start: sql<number>`case when ${expired} then ${now} else ${sql.ref("user_quotas.window_start")} end`,
          }),
        )
        .returning("count")
        .executeTakeFirstOrThrow();
      return Number(r.count);
    },
    async purgeExpired(now, windowMs) {
      // The upsert's `window_start + windowMs <= now`, rearranged so the index on window_start serves it.
      const r = await db
        .deleteFrom("user_quotas")
        .where("window_start", "<=", now - windowMs)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

/** A foreign key refused the write (the group or the user is gone). */
function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

export function kyselyGroupStore(db: Kysely<Database>, engine: "sqlite" | "postgres"): GroupStore {
  // Group names are case sensitive and page in byte order on both engines (PostgreSQL's database
  // collation might otherwise sort "alpha" next to "ALPHA").
  const name = engine === "postgres" ? sql<string>`name collate "C"` : sql<string>`name`;
  // Every token issuance reads the user's groups: compiled once.
  const groupsOfUser = compiledOnce(() =>
    db
      .selectFrom("user_group_members as m")
      .innerJoin("user_pool_groups as g", (j) =>
        j.onRef("g.pool_id", "=", "m.pool_id").onRef("g.name", "=", "m.group_name"),
      )
      .selectAll("g")
      .where("m.pool_id", "=", param("pool"))
      .where("m.user_id", "=", param("user"))
      .orderBy(engine === "postgres" ? sql`g.name collate "C"` : sql`g.name`),
  );
  return {
    async create(g) {
      await mapConflict(() =>
        db
          .insertInto("user_pool_groups")
          .values({
            pool_id: g.poolId,
            name: g.name,
            description: g.description,
            role_arn: g.roleArn,
            precedence: g.precedence,
            created_at: g.createdAt,
            updated_at: g.updatedAt,
          })
          .execute(),
      );
    },
    async get(poolId, name) {
      const r = await db
        .selectFrom("user_pool_groups")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("name", "=", name)
        .executeTakeFirst();
      return r && toGroup(r);
    },
    async list(poolId, { limit, after }) {
      let q = db.selectFrom("user_pool_groups").selectAll().where("pool_id", "=", poolId).orderBy(name).limit(limit);
      if (after !== undefined) q = q.where(name, ">", after);
      return (await q.execute()).map(toGroup);
    },
    async update(poolId, name, patch) {
      const r = await db
        .updateTable("user_pool_groups")
        .set({
          description: patch.description,
          role_arn: patch.roleArn,
          precedence: patch.precedence,
          updated_at: patch.updatedAt,
        })
        .where("pool_id", "=", poolId)
        .where("name", "=", name)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async delete(poolId, name) {
      return db.transaction().execute(async (trx) => {
        // Explicit as well as by cascade, so the outcome does not depend on foreign-key enforcement.
        await trx
          .deleteFrom("user_group_members")
          .where("pool_id", "=", poolId)
          .where("group_name", "=", name)
          .execute();
        const r = await trx
          .deleteFrom("user_pool_groups")
          .where("pool_id", "=", poolId)
          .where("name", "=", name)
          .executeTakeFirst();
        return Number(r.numDeletedRows) === 1;
      });
    },
    async addMember(poolId, name, userId) {
      try {
        await db
          .insertInto("user_group_members")
          .values({ pool_id: poolId, group_name: name, user_id: userId })
          .onConflict((oc) => oc.columns(["pool_id", "group_name", "user_id"]).doNothing())
          .execute();
        return true;
      } catch (err) {
        if (isForeignKeyViolation(err)) return false;
        throw err;
      }
    },
    async removeMember(poolId, name, userId) {
      const r = await db
        .deleteFrom("user_group_members")
        .where("pool_id", "=", poolId)
        .where("group_name", "=", name)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async groupsOf(poolId, userId) {
      const rows = (await groupsOfUser(db, { pool: poolId, user: userId })).rows as Selectable<
        Database["user_pool_groups"]
      >[];
      return rows.map(toGroup);
    },
    async membersOf(poolId, name, { limit, after }) {
      let q = db
        .selectFrom("user_group_members as m")
        .innerJoin("users as u", "u.id", "m.user_id")
        .selectAll("u")
        .where("m.pool_id", "=", poolId)
        .where("m.group_name", "=", name)
        .orderBy("u.username_key")
        .limit(limit);
      if (after !== undefined) q = q.where("u.username_key", ">", after);
      return (await q.execute()).map(toUser);
    },
  };
}

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
