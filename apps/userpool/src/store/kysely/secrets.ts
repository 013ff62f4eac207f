import type { Kysely, Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { CodeStore, RefreshTokenRow, RefreshTokenStore, SessionRow, SessionStore } from "../types.js";
import { param, prepared } from "./prepared.js";

export function kyselyCodeStore(db: Kysely<Database>): CodeStore {
  return {
    async issue(c) {
      await db.transaction().execute(async (trx) => {
        // Only the newest code works (Cognito): retiring the old ones and inserting the new one is one unit.
        await trx
          .updateTable("confirmation_codes")
          .set({ used_at: c.createdAt })
          .where("user_id", "=", c.userId)
          .where("purpose", "=", c.purpose)
          .where("used_at", "is", null)
          .execute();
        await trx
          .insertInto("confirmation_codes")
          .values({
            id: c.id,
            pool_id: c.poolId,
            user_id: c.userId,
            purpose: c.purpose,
            code_mac: c.codeMac,
            created_at: c.createdAt,
            expires_at: c.expiresAt,
            used_at: null,
          })
          .execute();
      });
    },
    async consume({ poolId, userId, purpose, codeMac, now }) {
      const r = await db
        .updateTable("confirmation_codes")
        .set({ used_at: now })
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("purpose", "=", purpose)
        .where("code_mac", "=", codeMac)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return "consumed";
      // Not consumed: tell an expired (but otherwise valid, newest) code apart from a wrong one.
      const expired = await db
        .selectFrom("confirmation_codes")
        .select("id")
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("purpose", "=", purpose)
        .where("code_mac", "=", codeMac)
        .where("used_at", "is", null)
        .where("expires_at", "<=", now)
        .executeTakeFirst();
      return expired ? "expired" : "mismatch";
    },
    async lookup({ poolId, userId, purpose, codeMac }) {
      const r = await db
        .selectFrom("confirmation_codes")
        .select(["used_at", "expires_at"])
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("purpose", "=", purpose)
        .where("code_mac", "=", codeMac)
        .executeTakeFirst();
      return r ? { usedAt: r.used_at === null ? null : Number(r.used_at), expiresAt: Number(r.expires_at) } : undefined;
    },
    async purgeExpired(before) {
      const r = await db.deleteFrom("confirmation_codes").where("expires_at", "<=", before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

const toRefresh = (r: Selectable<Database["refresh_tokens"]>): RefreshTokenRow => ({
  tokenHash: r.token_hash,
  poolId: r.pool_id,
  clientId: r.client_id,
  userId: r.user_id,
  originJti: r.origin_jti,
  authTime: r.auth_time,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  rotatedAt: r.rotated_at,
  parentHash: r.parent_hash,
});

const refreshValues = (r: RefreshTokenRow) => ({
  token_hash: r.tokenHash,
  pool_id: r.poolId,
  client_id: r.clientId,
  user_id: r.userId,
  origin_jti: r.originJti,
  auth_time: r.authTime,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  revoked_at: r.revokedAt,
  rotated_at: r.rotatedAt,
  parent_hash: r.parentHash,
});

const REFRESH_COLUMNS = [
  "token_hash",
  "pool_id",
  "client_id",
  "user_id",
  "origin_jti",
  "auth_time",
  "created_at",
  "expires_at",
  "revoked_at",
  "rotated_at",
  "parent_hash",
] as const;

export function kyselyRefreshTokenStore(db: Kysely<Database>, engine: "sqlite" | "postgres"): RefreshTokenStore {
  // Every sign-in inserts one and every refresh reads one: compiled once.
  const insert = prepared(db, () =>
    db.insertInto("refresh_tokens").values(Object.fromEntries(REFRESH_COLUMNS.map((c) => [c, param(c)])) as never),
  );
  const get = prepared(db, () => db.selectFrom("refresh_tokens").selectAll().where("token_hash", "=", param("hash")));
  return {
    async insert(r) {
      await insert(refreshValues(r));
    },
    async get(tokenHash) {
      const r = (await get({ hash: tokenHash })).rows[0] as Selectable<Database["refresh_tokens"]> | undefined;
      return r && toRefresh(r);
    },
    async rotate(oldHash, next, now, graceMs) {
      return db.transaction().execute(async (trx) => {
        // Serialise rotations of one token. SQLite transactions are already serial on the single connection.
        let lock = trx.selectFrom("refresh_tokens").selectAll().where("token_hash", "=", oldHash);
        if (engine === "postgres") lock = lock.forUpdate();
        const old = await lock.executeTakeFirst();
        if (!old || old.revoked_at !== null || old.expires_at <= now) return "refused";
        if (old.rotated_at === null) {
          await trx.updateTable("refresh_tokens").set({ rotated_at: now }).where("token_hash", "=", oldHash).execute();
        } else if (graceMs > 0 && now < old.rotated_at + graceMs) {
          // A client retry inside the grace period: the successor it never received is replaced, not added to.
          await trx
            .updateTable("refresh_tokens")
            .set({ revoked_at: now })
            .where("parent_hash", "=", oldHash)
            .where("revoked_at", "is", null)
            .execute();
        } else {
          return "replayed";
        }
        await trx
          .insertInto("refresh_tokens")
          .values(refreshValues({ ...next, parentHash: oldHash }))
          .execute();
        return "rotated";
      });
    },
    async purgeExpired(before) {
      const r = await db.deleteFrom("refresh_tokens").where("expires_at", "<=", before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

const toSession = (r: Selectable<Database["auth_sessions"]>): SessionRow => ({
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

export function kyselySessionStore(db: Kysely<Database>): SessionStore {
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
    async purgeExpired(now) {
      const r = await db.deleteFrom("auth_sessions").where("expires_at", "<=", now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
