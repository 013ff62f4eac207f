import { type Kysely, type Selectable, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { Database } from "../schema.js";
import type { WebAuthnChallengeRow, WebAuthnCredentialRow, WebAuthnStore } from "../webAuthn.js";
import { mapConflict } from "./conflict.js";

const toCredential = (r: Selectable<Database["webauthn_credentials"]>): WebAuthnCredentialRow => ({
  poolId: r.pool_id,
  credentialId: r.credential_id,
  userId: r.user_id,
  relyingPartyId: r.relying_party_id,
  publicKey: r.public_key,
  signCount: Number(r.sign_count),
  transports: JSON.parse(r.transports) as string[],
  friendlyName: r.friendly_name,
  authenticatorAttachment: r.authenticator_attachment,
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});

const toChallenge = (r: Selectable<Database["webauthn_challenges"]>): WebAuthnChallengeRow => ({
  idHash: r.id_hash,
  poolId: r.pool_id,
  userId: r.user_id,
  clientId: r.client_id,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});

export function kyselyWebAuthnStore(db: Kysely<Database>): WebAuthnStore {
  return {
    async insertCredential(c) {
      await mapConflict(() =>
        db
          .insertInto("webauthn_credentials")
          .values({
            pool_id: c.poolId,
            credential_id: c.credentialId,
            user_id: c.userId,
            relying_party_id: c.relyingPartyId,
            public_key: c.publicKey,
            sign_count: c.signCount,
            transports: JSON.stringify(c.transports),
            friendly_name: c.friendlyName,
            authenticator_attachment: c.authenticatorAttachment,
            created_at: c.createdAt,
            last_used_at: c.lastUsedAt,
          })
          .execute(),
      );
    },
    async getCredential(poolId, credentialId) {
      const r = await db
        .selectFrom("webauthn_credentials")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("credential_id", "=", credentialId)
        .executeTakeFirst();
      return r && toCredential(r);
    },
    async listCredentials(poolId, userId, limit, after) {
      let q = db
        .selectFrom("webauthn_credentials")
        .selectAll()
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId);
      if (after)
        q = q.where((eb) =>
          eb.or([
            eb("created_at", ">", after.createdAt),
            eb.and([eb("created_at", "=", after.createdAt), eb("credential_id", ">", after.credentialId)]),
          ]),
        );
      const rows = await q.orderBy("created_at").orderBy("credential_id").limit(limit).execute();
      return rows.map(toCredential);
    },
    async countCredentials(poolId, userId) {
      const r = await db
        .selectFrom("webauthn_credentials")
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async deleteCredential(poolId, userId, credentialId) {
      const r = await db
        .deleteFrom("webauthn_credentials")
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("credential_id", "=", credentialId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async recordUse(poolId, credentialId, expected, next, now) {
      const r = await db
        .updateTable("webauthn_credentials")
        .set({ sign_count: next, last_used_at: now })
        .where("pool_id", "=", poolId)
        .where("credential_id", "=", credentialId)
        .where("sign_count", "=", expected)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async createChallenge(c) {
      await db
        .insertInto("webauthn_challenges")
        .values({
          id_hash: c.idHash,
          pool_id: c.poolId,
          user_id: c.userId,
          client_id: c.clientId,
          created_at: c.createdAt,
          expires_at: c.expiresAt,
        })
        .execute();
    },
    async consumeChallenge(poolId, userId, idHash, now) {
      // DELETE … RETURNING: of two answers racing, exactly one gets the row.
      const r = await db
        .deleteFrom("webauthn_challenges")
        .where("id_hash", "=", idHash)
        .where("pool_id", "=", poolId)
        .where("user_id", "=", userId)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      return r && toChallenge(r);
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "webauthn_challenges", sql<SqlBool>`expires_at <= ${now}`);
    },
  };
}
