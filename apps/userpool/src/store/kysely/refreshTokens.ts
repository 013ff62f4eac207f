import { type Kysely, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { RefreshTokenRow, RefreshTokenStore } from "../refreshTokens.js";
import type { Database } from "../schema.js";
import { param, prepared } from "./prepared.js";

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
  const forRefresh = prepared(db, () =>
    db
      .selectFrom("refresh_tokens as t")
      .selectAll("t")
      .select((eb) => [
        eb
          .selectFrom("revoked_origins as r")
          .select("r.revoked_at")
          .whereRef("r.origin_jti", "=", "t.origin_jti")
          .whereRef("r.pool_id", "=", "t.pool_id")
          .as("origin_revoked_at"),
        eb
          .selectFrom("oauth_grants as g")
          .select("g.scopes")
          .whereRef("g.origin_jti", "=", "t.origin_jti")
          .as("scopes"),
      ])
      .where("t.token_hash", "=", param("hash")),
  );
  return {
    async getForRefresh(tokenHash) {
      const r = (await forRefresh({ hash: tokenHash })).rows[0];
      if (!r) return undefined;
      return {
        row: toRefresh(r as Selectable<Database["refresh_tokens"]>),
        originRevokedAt: r.origin_revoked_at === null ? null : Number(r.origin_revoked_at),
        grantScopes: r.scopes === null ? undefined : (JSON.parse(r.scopes) as string[]),
      };
    },
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
    async listFamilies({ poolId, userId, now }) {
      const rows = await db
        .selectFrom("refresh_tokens")
        .select((eb) => [
          "origin_jti",
          "client_id",
          eb.fn.min("created_at").as("created_at"),
          eb.fn.max("created_at").as("last_issued_at"),
          eb.fn.max("expires_at").as("expires_at"),
        ])
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where((eb) =>
          eb(
            "origin_jti",
            "in",
            eb
              .selectFrom("refresh_tokens as live")
              .select("live.origin_jti")
              .where("live.pool_id", "=", poolId)
              .where("live.user_id", "=", userId)
              .where("live.revoked_at", "is", null)
              .where("live.rotated_at", "is", null)
              .where("live.expires_at", ">", now),
          ),
        )
        // A successor minted by a rotation racing a revocation is dead by its origin (revocation.ts).
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("revoked_origins")
                .select("revoked_origins.origin_jti")
                .whereRef("revoked_origins.origin_jti", "=", "refresh_tokens.origin_jti")
                .where("revoked_origins.pool_id", "=", poolId),
            ),
          ),
        )
        .groupBy(["origin_jti", "client_id"])
        .execute();
      return rows.map((r) => ({
        originJti: r.origin_jti,
        clientId: r.client_id,
        createdAt: Number(r.created_at),
        lastIssuedAt: Number(r.last_issued_at),
        expiresAt: Number(r.expires_at),
      }));
    },
    async purgeExpired(before) {
      return deleteInBatches(db, "refresh_tokens", sql<SqlBool>`expires_at <= ${before}`);
    },
  };
}
