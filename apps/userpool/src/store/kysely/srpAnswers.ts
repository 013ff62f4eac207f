import { type Kysely, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import { lockMs, type LockoutStore } from "../lockouts.js";
import type { RefreshTokenStore } from "../refreshTokens.js";
import type { Database } from "../schema.js";
import type { SrpAnswerOutcome, SrpAnswerStore } from "../srpAnswers.js";
import { lockoutUpserts } from "./lockouts.js";
import { compiledOnce, param, prepared } from "./prepared.js";
import { toUserWithGroups, type GroupColumns } from "./rows.js";
import { selectUserWithGroups } from "./users.js";

/**
 * On both engines a right answer with no failures on record writes no lockout row: the common
 * sign-in then writes only its answered challenge and its refresh token.
 *
 * SQLite runs the answer as the statements it is made of (each is atomic on its own, which is all
 * the contract asks), reading the user, its groups and its lockout row in one: every statement has
 * a fixed cost in locks and WAL work. PostgreSQL runs it as one statement with data-modifying CTEs:
 * every round trip to the server costs the user pool more CPU than the work done in it, and this
 * is the sign-in's hot path.
 */
export function kyselySrpAnswerStore(
  db: Kysely<Database>,
  engine: "sqlite" | "postgres",
  deps: { lockouts: LockoutStore; refreshTokens: RefreshTokenStore },
): SrpAnswerStore {
  const markAnswered = prepared(db, () =>
    db
      .insertInto("srp_answered_challenges")
      .values({ challenge_id: param("id"), pool_id: param("pool"), expires_at: param("expires") })
      .onConflict((oc) => oc.columns(["expires_at", "challenge_id"]).doNothing())
      .returning("challenge_id"),
  );

  // SQLite: the user with its groups (a row per group) and the subject's lockout, if it has one.
  const userWithLockout = prepared(db, () =>
    selectUserWithGroups(db, engine)
      .leftJoin("sign_in_lockouts as l", (j) =>
        j.onRef("l.pool_id", "=", "u.pool_id").on("l.subject", "=", param("subject")),
      )
      .select(["l.failures as l_failures", "l.locked_until as l_locked_until"]),
  );

  const oneStatement = compiledOnce(() => {
    const u = lockoutUpserts("postgres");
    const { big } = u;
    const ok = sql`(select ok from verdict)`;
    const text = (name: string) => sql`cast(${param(name)} as varchar)`;
    const raw = sql<
      Selectable<Database["users"]> &
        GroupColumns & { fresh: string; ok: boolean | null; settled: string; stored: string }
    >`
      with answered as (
        insert into srp_answered_challenges (challenge_id, pool_id, expires_at)
        values (${param("id")}, ${param("pool")}, ${big("expires")})
        on conflict (expires_at, challenge_id) do nothing
        returning 1 as fresh
      ), verdict as (
        select cast(${param("proof_ok")} as boolean)
          and exists (select 1 from users
            where pool_id = ${param("pool")} and id = ${param("user")} and srp_salt = ${param("salt")}) as ok
        from answered
      ), clean as (
        select not exists (
          select 1 from sign_in_lockouts
          where pool_id = ${param("pool")} and subject = ${param("subject")} and (failures <> 0 or locked_until <> 0)
        ) as yes
      ), reset as (
        ${u.reset(sql`select ${param("pool")}, ${param("subject")}, 0, 0, 0
          from verdict where verdict.ok and not (select yes from clean)`)}
      ), failure as (
        ${u.failure(sql`select ${param("pool")}, ${param("subject")}, 1, ${big("now")}, ${big("first_lock")}
          from verdict where not verdict.ok`)}
      ), granted as (
        select 1 as granted from verdict where verdict.ok and ((select yes from clean) or exists (select 1 from reset))
      ), stored as (
        insert into refresh_tokens
          (token_hash, pool_id, client_id, user_id, origin_jti, auth_time, created_at, expires_at)
        select ${text("rt_hash")}, ${param("pool")}, ${text("rt_client")}, ${param("user")}, ${text("rt_origin")},
          ${big("rt_auth_time")}, ${big("rt_created")}, ${big("rt_expires")}
        from granted join users su on su.pool_id = ${param("pool")} and su.id = ${param("user")}
        where ${text("rt_hash")} is not null and su.status = 'CONFIRMED' and su.enabled = 1
        returning 1 as stored
      )
      select
        (select count(*) from answered) as fresh,
        ${ok} as ok,
        (select count(*) from granted) + (select count(*) from failure) as settled,
        (select count(*) from stored) as stored,
        usr.*,
        g.name as g_name, g.description as g_description, g.role_arn as g_role_arn,
        g.precedence as g_precedence, g.created_at as g_created_at, g.updated_at as g_updated_at
      from (select 1) as one
      left join users usr on ${ok} is true and usr.pool_id = ${param("pool")} and usr.id = ${param("user")}
      left join user_group_members m on m.pool_id = usr.pool_id and m.user_id = usr.id
      left join user_pool_groups g on g.pool_id = m.pool_id and g.name = m.group_name
      order by g.name collate "C"`;
    return { compile: () => raw.compile(db) };
  });

  return {
    async settle(a) {
      if (engine === "postgres") {
        const firstLock = lockMs(1, a.policy);
        const { rows } = await oneStatement(db, {
          id: a.challengeId,
          pool: a.poolId,
          expires: a.expiresAt,
          proof_ok: a.proofOk,
          user: a.user?.id ?? null,
          salt: a.user?.srpSalt ?? null,
          subject: a.subject,
          now: a.now,
          first_lock: firstLock ? a.now + firstLock : 0,
          quiet: a.policy.quietMs,
          free: a.policy.freeFailures,
          max: a.policy.maxLockMs,
          rt_hash: a.refreshToken?.tokenHash ?? null,
          rt_client: a.refreshToken?.clientId ?? null,
          rt_origin: a.refreshToken?.originJti ?? null,
          rt_auth_time: a.refreshToken?.authTime ?? null,
          rt_created: a.refreshToken?.createdAt ?? null,
          rt_expires: a.refreshToken?.expiresAt ?? null,
        });
        const head = rows[0] as { fresh: string; ok: boolean | null; settled: string; stored: string } | undefined;
        if (!head || Number(head.fresh) === 0) return { outcome: "replayed" };
        if (Number(head.settled) === 0) return { outcome: "locked" };
        if (!head.ok) return { outcome: "wrong" };
        const found = toUserWithGroups(a.poolId, rows);
        // The verdict saw the user, and the join reads the same snapshot: it cannot be missing.
        if (!found) throw new Error("srp answer: the user vanished between two reads of one snapshot");
        return { outcome: "signedIn", ...found, refreshTokenStored: Number(head.stored) === 1 };
      }
      const fresh = (await markAnswered({ id: a.challengeId, pool: a.poolId, expires: a.expiresAt })).rows.length === 1;
      if (!fresh) return { outcome: "replayed" };
      const rows =
        a.proofOk && a.user ? (await userWithLockout({ pool: a.poolId, id: a.user.id, subject: a.subject })).rows : [];
      const found = toUserWithGroups(a.poolId, rows);
      if (found && found.user.srpSalt === a.user?.srpSalt) {
        const lock = rows[0]!;
        if ((lock.l_locked_until ?? 0) > a.now) return { outcome: "locked" };
        // Nothing to reset is the common case. Otherwise the upsert decides, atomically against a lock
        // taken meanwhile. (A failure counted between this read and now stays counted: the two
        // attempts overlapped, and keeping the count is the safe side.)
        const clean = !lock.l_failures && !lock.l_locked_until;
        if (!clean && !(await deps.lockouts.resetUnlessLocked(a.poolId, a.subject, a.now)))
          return { outcome: "locked" };
        const store = !!a.refreshToken && found.user.status === "CONFIRMED" && found.user.enabled;
        if (store) await deps.refreshTokens.insert(a.refreshToken!);
        return { outcome: "signedIn", ...found, refreshTokenStored: store } satisfies SrpAnswerOutcome;
      }
      return (await deps.lockouts.countFailure(a.poolId, a.subject, a.now, a.policy))
        ? { outcome: "wrong" }
        : { outcome: "locked" };
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "srp_answered_challenges", sql<SqlBool>`expires_at <= ${now}`, {
        key: "expires_at, challenge_id",
      });
    },
  };
}
