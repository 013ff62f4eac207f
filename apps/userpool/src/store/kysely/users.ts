import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { AliasRow, AliasType, UserCursor, UserFilter, UserStore } from "../users.js";
import { mapConflict } from "./conflict.js";
import { toMfaRow } from "./mfa.js";
import { toUser, toUserWithGroups } from "./rows.js";
import { param, prepared } from "./prepared.js";
import { logUser } from "./userHistory.js";
import { planUserList } from "./userFilters.js";
import { userSnapshot } from "../userHistory.js";

export function kyselyUserStore(db: Kysely<Database>, engine: "sqlite" | "postgres"): UserStore {
  // The lookups of every sign-in, compiled once.
  const byId = prepared(db, () =>
    db.selectFrom("users").selectAll().where("pool_id", "=", param("pool")).where("id", "=", param("id")),
  );
  const byKey = prepared(db, () =>
    db.selectFrom("users").selectAll().where("pool_id", "=", param("pool")).where("username_key", "=", param("key")),
  );
  const byAlias = prepared(db, () =>
    db
      .selectFrom("user_aliases")
      .innerJoin("users", "users.id", "user_aliases.user_id")
      .selectAll("users")
      .where("user_aliases.pool_id", "=", param("pool"))
      .where("user_aliases.alias_type", "=", param("type"))
      .where("user_aliases.alias_key", "=", param("key")),
  );
  // An AccessToken's check, in one round trip: the user, its MFA row and the two revocation facts.
  const forAccess = prepared(db, () =>
    db
      .selectFrom("users as u")
      .leftJoin("user_mfa as f", (j) => j.onRef("f.pool_id", "=", "u.pool_id").onRef("f.user_id", "=", "u.id"))
      .selectAll("u")
      .select([
        "f.user_id as f_user_id",
        "f.totp_enabled as f_totp_enabled",
        "f.email_enabled as f_email_enabled",
        "f.sms_enabled as f_sms_enabled",
        "f.preferred as f_preferred",
        "f.totp_secret_enc as f_totp_secret_enc",
        "f.totp_pending_enc as f_totp_pending_enc",
        "f.totp_device_name as f_totp_device_name",
        "f.totp_last_step as f_totp_last_step",
        "f.updated_at as f_updated_at",
      ])
      .select((eb) => [
        eb
          .selectFrom("revoked_origins as r")
          .select("r.revoked_at")
          .where("r.origin_jti", "=", param("origin"))
          .whereRef("r.pool_id", "=", "u.pool_id")
          .as("origin_revoked_at"),
        eb
          .selectFrom("user_signouts as s")
          .select("s.signed_out_at")
          .whereRef("s.user_id", "=", "u.id")
          .whereRef("s.pool_id", "=", "u.pool_id")
          .as("signed_out_at"),
      ])
      .where("u.pool_id", "=", param("pool"))
      .where("u.id", "=", param("id")),
  );
  const forSignIn = prepared(db, () =>
    selectUserWithGroups(db, engine)
      .leftJoin("sign_in_lockouts as l", (j) =>
        j.onRef("l.pool_id", "=", "u.pool_id").on("l.subject", "=", param("subject")),
      )
      .select(["l.failures as l_failures", "l.locked_until as l_locked_until"]),
  );
  // Token issuance needs the user and its groups: one round trip (a row per group, user columns repeated).
  const byIdWithGroups = prepared(db, () => selectUserWithGroups(db, engine));

  return {
    async create(u, aliases) {
      await mapConflict(() =>
        db.transaction().execute(async (trx) => {
          const row = {
            id: u.id,
            pool_id: u.poolId,
            username: u.username,
            username_key: u.usernameKey,
            status: u.status,
            enabled: u.enabled ? 1 : 0,
            attributes: JSON.stringify(u.attributes),
            srp_salt: u.srpSalt,
            verifier_enc: u.verifierEnc,
            password_set_at: u.passwordSetAt,
            created_at: u.createdAt,
            updated_at: u.updatedAt,
          };
          await trx.insertInto("users").values(row).execute();
          const aliasRows = aliases.map((a) => ({
            pool_id: a.poolId,
            alias_type: a.type,
            alias_key: a.key,
            user_id: a.userId,
          }));
          if (aliasRows.length) {
            await trx.insertInto("user_aliases").values(aliasRows).execute();
          }
          // Point-in-time recovery's change log (userHistory.ts): the new user as stored.
          await trx
            .insertInto("user_history")
            .values({
              pool_id: u.poolId,
              user_id: u.id,
              changed_at: u.updatedAt,
              snapshot: JSON.stringify(userSnapshot(row, aliasRows)),
            })
            .execute();
        }),
      );
    },
    async getById(poolId, id) {
      const r = (await byId({ pool: poolId, id })).rows[0];
      return r && toUser(r);
    },
    async getByIdWithGroups(poolId, id) {
      return toUserWithGroups(poolId, (await byIdWithGroups({ pool: poolId, id })).rows);
    },
    async getForAccess(poolId, id, originJti) {
      const r = (await forAccess({ pool: poolId, id, origin: originJti ?? "" })).rows[0];
      if (!r) return undefined;
      const num = (v: number | string | null) => (v === null ? null : Number(v));
      return {
        user: toUser(r),
        mfa:
          r.f_user_id === null
            ? undefined
            : toMfaRow({
                pool_id: r.pool_id,
                user_id: r.f_user_id,
                totp_enabled: r.f_totp_enabled as number,
                email_enabled: r.f_email_enabled as number,
                sms_enabled: r.f_sms_enabled as number,
                preferred: r.f_preferred,
                totp_secret_enc: r.f_totp_secret_enc,
                totp_pending_enc: r.f_totp_pending_enc,
                totp_device_name: r.f_totp_device_name,
                totp_last_step: r.f_totp_last_step as number,
                updated_at: r.f_updated_at as number,
              }),
        originRevokedAt: num(r.origin_revoked_at),
        signedOutAt: num(r.signed_out_at),
      };
    },
    async getForSignIn(poolId, id, lockoutSubject) {
      const rows = (await forSignIn({ pool: poolId, id, subject: lockoutSubject })).rows;
      const found = toUserWithGroups(poolId, rows);
      if (!found) return undefined;
      const l = rows[0]!;
      return { ...found, failures: Number(l.l_failures ?? 0), lockedUntil: Number(l.l_locked_until ?? 0) };
    },
    async getByUsernameKey(poolId, usernameKey) {
      const r = (await byKey({ pool: poolId, key: usernameKey })).rows[0];
      return r && toUser(r);
    },
    async getByAlias(poolId, type, key) {
      const r = (await byAlias({ pool: poolId, type, key })).rows[0];
      return r && toUser(r);
    },
    async aliasesOf(poolId, userId) {
      const rows = await db
        .selectFrom("user_aliases")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .orderBy("alias_type")
        .execute();
      return rows.map(
        (r): AliasRow => ({ poolId: r.pool_id, type: r.alias_type as AliasType, key: r.alias_key, userId: r.user_id }),
      );
    },
    async update(poolId, id, patch, opts = {}) {
      const values: Partial<Database["users"]> = { updated_at: patch.updatedAt };
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.enabled !== undefined) values.enabled = patch.enabled ? 1 : 0;
      if (patch.attributes !== undefined) values.attributes = JSON.stringify(patch.attributes);
      if (patch.srpSalt !== undefined) values.srp_salt = patch.srpSalt;
      if (patch.verifierEnc !== undefined) values.verifier_enc = patch.verifierEnc;
      if (patch.passwordSetAt !== undefined) values.password_set_at = patch.passwordSetAt;
      return mapConflict(() =>
        db.transaction().execute(async (trx) => {
          let q = trx.updateTable("users").set(values).where("pool_id", "=", poolId).where("id", "=", id);
          if (opts.expectStatus !== undefined) q = q.where("status", "=", opts.expectStatus);
          const r = await q.executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) return false;
          if (opts.aliases) {
            await trx.deleteFrom("user_aliases").where("pool_id", "=", poolId).where("user_id", "=", id).execute();
            if (opts.aliases.length) {
              await trx
                .insertInto("user_aliases")
                .values(
                  opts.aliases.map((a) => ({
                    pool_id: a.poolId,
                    alias_type: a.type,
                    alias_key: a.key,
                    user_id: a.userId,
                  })),
                )
                .execute();
            }
          }
          await logUser(trx, poolId, id, patch.updatedAt);
          return true;
        }),
      );
    },
    async takeAlias(poolId, type, key) {
      const r = await db
        .deleteFrom("user_aliases")
        .where("pool_id", "=", poolId)
        .where("alias_type", "=", type)
        .where("alias_key", "=", key)
        .returning("user_id")
        .executeTakeFirst();
      return r?.user_id;
    },
    async delete(poolId, id, now) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom("auth_sessions").where("pool_id", "=", poolId).where("user_id", "=", id).execute();
        const r = await trx.deleteFrom("users").where("pool_id", "=", poolId).where("id", "=", id).executeTakeFirst();
        if (Number(r.numDeletedRows) !== 1) return false;
        await trx
          .insertInto("user_history")
          .values({ pool_id: poolId, user_id: id, changed_at: now, snapshot: null })
          .execute();
        return true;
      });
    },
    async list(poolId, { limit, after, filter }) {
      const plan = planUserList(engine, filter, after);
      // One row more than the page says whether another follows.
      const rows = await listUsersQuery(db, engine, poolId, { limit: limit + 1, after, filter }).execute();
      const users = rows.slice(0, limit).map(toUser);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      if (!last) return { users };
      return {
        users,
        next: plan.value ? { key: last.username_key, value: last.filter_value ?? "" } : { key: last.username_key },
      };
    },
    async count(poolId) {
      const r = await db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("pool_id", "=", poolId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

/** The query of one ListUsers page (exported for the EXPLAIN test, which checks an index serves it). */
export function listUsersQuery(
  db: Kysely<Database>,
  engine: "sqlite" | "postgres",
  poolId: string,
  opts: { limit: number; after?: UserCursor | undefined; filter?: UserFilter | undefined },
) {
  const plan = planUserList(engine, opts.filter, opts.after);
  let q = db
    .selectFrom("users")
    .selectAll()
    .select(plan.value ? plan.value.as("filter_value") : sql<null>`null`.as("filter_value"))
    .where("pool_id", "=", poolId);
  for (const term of plan.where) q = q.where(term);
  for (const key of plan.orderBy) q = q.orderBy(key);
  return q.limit(opts.limit);
}

/**
 * The user `param("id")` of pool `param("pool")` joined to its groups, a row per group (user columns
 * repeated, group columns null when it has none), in group-name order: what toUserWithGroups reads.
 */
export function selectUserWithGroups(db: Kysely<Database>, engine: "sqlite" | "postgres") {
  return db
    .selectFrom("users as u")
    .leftJoin("user_group_members as m", (j) => j.onRef("m.pool_id", "=", "u.pool_id").onRef("m.user_id", "=", "u.id"))
    .leftJoin("user_pool_groups as g", (j) =>
      j.onRef("g.pool_id", "=", "m.pool_id").onRef("g.name", "=", "m.group_name"),
    )
    .selectAll("u")
    .select([
      "g.name as g_name",
      "g.description as g_description",
      "g.role_arn as g_role_arn",
      "g.precedence as g_precedence",
      "g.created_at as g_created_at",
      "g.updated_at as g_updated_at",
    ])
    .where("u.pool_id", "=", param("pool"))
    .where("u.id", "=", param("id"))
    .orderBy(engine === "postgres" ? sql`g.name collate "C"` : sql`g.name`);
}
