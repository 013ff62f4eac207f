import { type Kysely, sql, type SqlBool } from "kysely";
import { deleteInBatches } from "./batchedDelete.js";
import type { FederationStateRow, FederationStateStore } from "../federationStates.js";
import type { Database } from "../schema.js";
import { asConflict } from "./conflict.js";

export function kyselyFederationStateStore(db: Kysely<Database>): FederationStateStore {
  const insert = async (r: FederationStateRow) => {
    await db
      .insertInto("federation_states")
      .values({
        state_hash: r.stateHash,
        pool_id: r.poolId,
        provider_name: r.providerName,
        data_enc: r.dataEnc,
        created_at: r.createdAt,
        expires_at: r.expiresAt,
        used_at: r.usedAt,
      })
      .execute();
  };
  return {
    create: insert,
    async rememberOnce(r) {
      try {
        await insert(r);
        return true;
      } catch (err) {
        if (asConflict(err)) return false;
        throw err;
      }
    },
    async consume(stateHash, now) {
      const r = await db
        .updateTable("federation_states")
        .set({ used_at: now })
        .where("state_hash", "=", stateHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returningAll()
        .executeTakeFirst();
      return (
        r && {
          stateHash: r.state_hash,
          poolId: r.pool_id,
          providerName: r.provider_name,
          dataEnc: r.data_enc,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          usedAt: r.used_at,
        }
      );
    },
    async purgeExpired(now) {
      return deleteInBatches(db, "federation_states", sql<SqlBool>`expires_at <= ${now}`);
    },
  };
}
