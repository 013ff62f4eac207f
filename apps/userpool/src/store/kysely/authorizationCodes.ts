import { type Kysely, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { AuthorizationCodeRow, AuthorizationCodeStore } from "../authorizationCodes.js";
import type { Database } from "../schema.js";

const toCode = (r: Selectable<Database["oauth_codes"]>): AuthorizationCodeRow => ({
  codeHash: r.code_hash,
  poolId: r.pool_id,
  clientId: r.client_id,
  userId: r.user_id,
  redirectUri: r.redirect_uri,
  scopes: JSON.parse(r.scopes),
  codeChallenge: r.code_challenge,
  nonce: r.nonce,
  authTime: r.auth_time,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  originJti: r.origin_jti,
  ...(r.hosted_session_hash !== null ? { hostedSessionHash: r.hosted_session_hash } : {}),
});

export function kyselyAuthorizationCodeStore(db: Kysely<Database>): AuthorizationCodeStore {
  const get = async (codeHash: string) => {
    const r = await db.selectFrom("oauth_codes").selectAll().where("code_hash", "=", codeHash).executeTakeFirst();
    return r && toCode(r);
  };
  return {
    async insert(r) {
      await db
        .insertInto("oauth_codes")
        .values({
          code_hash: r.codeHash,
          pool_id: r.poolId,
          client_id: r.clientId,
          user_id: r.userId,
          redirect_uri: r.redirectUri,
          scopes: JSON.stringify(r.scopes),
          code_challenge: r.codeChallenge,
          nonce: r.nonce,
          auth_time: r.authTime,
          created_at: r.createdAt,
          expires_at: r.expiresAt,
          used_at: r.usedAt,
          origin_jti: r.originJti,
          hosted_session_hash: r.hostedSessionHash ?? null,
        })
        .execute();
    },
    get,
    async redeem(codeHash, originJti, now) {
      const u = await db
        .updateTable("oauth_codes")
        .set({ used_at: now, origin_jti: originJti })
        .where("code_hash", "=", codeHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      if (u) return { status: "redeemed", row: toCode(u) };
      const row = await get(codeHash);
      if (!row) return { status: "unknown" };
      if (row.usedAt !== null) return { status: "replayed", row };
      return { status: "expired" };
    },
    async purgeExpired(before) {
      return deleteInBatches(db, "oauth_codes", sql<SqlBool>`expires_at <= ${before}`);
    },
  };
}
